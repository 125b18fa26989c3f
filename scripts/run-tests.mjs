// Runs every test file with node's own runner. Node 20 does not expand globs for --test, so the
// files are listed here. Files run in parallel, each on its own database.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
function find(dir) {
  let out = [];
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(find(p));
    else if (/\.test\.tsx?$/.test(n)) out.push(relative(root, p));
  }
  return out;
}
let files = [...find(join(root, 'test')), ...find(join(root, 'e2e'))].sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
const db = process.env.GONGKAI_DATABASE_URL ? 'PostgreSQL' : 'SQLite';
console.log(`gongkai tests: ${files.length} files on ${db}`);
// Types and lint first: a type error or an unformatted file fails the suite like a failing test.
if (!only.length) {
  for (const [what, cmd] of [
    ['typecheck (tsc)', ['node_modules/typescript/bin/tsc', '--noEmit']],
    ['lint (biome)', ['node_modules/@biomejs/biome/bin/biome', 'check', '--reporter=summary']],
  ]) {
    const r = spawnSync(process.execPath, cmd, { stdio: 'inherit', cwd: root });
    if (r.status !== 0) {
      console.error(`gongkai tests: ${what} failed`);
      process.exit(r.status ?? 1);
    }
  }
}
const concurrency = Math.max(2, Math.min(4, availableParallelism()));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, TZ: process.env.TZ ?? 'UTC' },
});
process.exit(r.status ?? 1);
