// Helpers for report-reader tests: the real reports kept as fixtures, and expected figures written
// compactly (a table 三 row as its seven numbers) but by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ReportReading } from '../../src/domain/reader/types.js';
import { type Table3RowKey, t3Key, table3Columns } from '../../src/domain/report/formats.js';

export const FIXTURES = new URL('../fixtures/reports/', import.meta.url).pathname;

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

/** An expected figure: exact value, "500+" for at least 500, or null for a blank. */
export type Expected = number | `${number}+` | null;

/** Seven numbers of a table 三 row (自然人 … 其他, 总计) → expected figures by key. */
export function t3Row(row: Table3RowKey, values: readonly number[]): Record<string, Expected> {
  assert.equal(values.length, table3Columns.length, `row ${row} needs ${table3Columns.length} numbers`);
  return Object.fromEntries(table3Columns.map((c, i) => [t3Key(row, c), values[i]!]));
}

/** The figures of a reading in the form expected ones are written. */
export function figuresOf(r: ReportReading): Record<string, Expected> {
  return Object.fromEntries(
    r.figures.map((f): [string, Expected] => [f.key, f.kind === 'blank' ? null : f.kind === 'atLeast' ? `${f.value!}+` : f.value!]),
  );
}

/** Every place the reader names must show, in the original text, exactly what the reader says is printed there. */
export function assertSourcesTrue(r: ReportReading, original: string) {
  const lines = original.split(/\r\n|\r|\n/);
  const spans = [
    ...r.figures.map((f) => ({ what: f.key, s: f.source })),
    ...r.fields.map((f) => ({ what: f.key, s: f.source })),
    ...r.leftOut.flatMap((l) => (l.source ? [{ what: l.what, s: l.source }] : [])),
    ...(r.agency ? [{ what: 'agency', s: r.agency.source }] : []),
    ...(r.year ? [{ what: 'year', s: r.year.source }] : []),
  ];
  for (const { what, s } of spans) {
    const line = lines[s.line - 1];
    assert.ok(line !== undefined, `${what}: line ${s.line} does not exist`);
    assert.equal(line.slice(s.column - 1, s.column - 1 + s.length), s.text, `${what} at ${s.line}:${s.column}`);
    assert.equal(original.slice(s.offset, s.offset + s.length), s.text, `${what}: offset ${s.offset}`);
  }
  for (const f of r.figures) {
    if (f.kind === 'blank' || f.note?.startsWith('据')) continue;
    // The printed text holds the number (with thousands separators or spaces removed).
    assert.ok(f.source.text.replace(/[,\s]/g, '').includes(String(f.value)), `${f.key}: "${f.source.text}" does not show ${f.value}`);
  }
}

export function checkStatus(r: ReportReading): Record<string, string> {
  return Object.fromEntries(r.checks.map((c) => [c.identity.id, c.result.status]));
}
