// docs/report-keys.md is generated from the key registries; it must not drift from them, and no
// key may be defined twice across the registries.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { REPORT_KEYS_DOC, reportKeysMarkdown } from '../scripts/report-keys.js';
import { nationalFigureDefs } from '../src/domain/report/formats.js';
import { legacyFigureDefs } from '../src/domain/report/legacy.js';
import { headerFieldDefs, readerFigureDefs } from '../src/domain/report/readerFigures.js';

test('docs/report-keys.md is what the registries say (run `npm run docs:report-keys` after changing them)', () => {
  assert.equal(readFileSync(REPORT_KEYS_DOC, 'utf8'), reportKeysMarkdown());
});

test('every key is defined once, in one registry, and the document lists it with its label', () => {
  const keys = [...nationalFigureDefs, ...legacyFigureDefs, ...readerFigureDefs]
    .map((d) => d.key)
    .concat(headerFieldDefs.map((h) => h.key));
  assert.equal(new Set(keys).size, keys.length);
  const doc = readFileSync(REPORT_KEYS_DOC, 'utf8');
  for (const d of [...nationalFigureDefs, ...legacyFigureDefs, ...readerFigureDefs])
    assert.ok(doc.includes(`| \`${d.key}\` | ${d.label.replace(/\|/g, '\\|')} |`), d.key);
});
