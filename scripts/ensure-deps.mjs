// Makes `npm start` and `npm test` the only commands a fresh clone needs: installs the locked
// dependencies when node_modules is missing or older than package-lock.json.

import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const lock = readFileSync(new URL('../package-lock.json', import.meta.url));
const want = createHash('sha256').update(lock).digest('hex');
const stamp = new URL('../node_modules/.gongkai-installed', import.meta.url);
const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (have !== want) {
  console.log('gongkai: installing dependencies (npm ci; better-sqlite3 may build from source, ~1–2 min)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
  writeFileSync(stamp, `${want}\n`);
}
