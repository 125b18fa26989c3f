import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feeInputProblem, perPieceFee, perPieceRate, perPieceTotal, perVolumeFee } from '../../src/domain/fees.js';

// spec law.md §4 worked examples (with the §9 reading of the bands above 30).

test('按件计收: what the first n applications of a month cost together', () => {
  const table: [number, number][] = [
    [1, 0],
    [10, 0],
    [11, 100],
    [30, 2000],
    [31, 2200],
    [35, 3000],
    [40, 4000],
    [41, 4300],
    [50, 7000],
    [51, 7400],
    [60, 11000],
  ];
  for (const [n, total] of table) assert.equal(perPieceTotal(n), total, `${n} applications`);
});

test('按件计收: the rate of the nth application', () => {
  const table: [number, number][] = [
    [10, 0],
    [11, 100],
    [30, 100],
    [31, 200],
    [40, 200],
    [41, 300],
    [50, 300],
    [51, 400],
    [71, 600],
  ];
  for (const [n, rate] of table) {
    assert.equal(perPieceRate(n), rate, `application ${n}`);
    assert.equal(perPieceFee(n).amount, rate);
  }
});

test('按量计收: pages of one application, by band', () => {
  const table: [number, number][] = [
    [1, 0],
    [30, 0],
    [31, 10],
    [100, 700],
    [101, 720],
    [150, 1700],
    [200, 2700],
    [201, 2740],
    [250, 4700],
  ];
  for (const [pages, amount] of table) assert.equal(perVolumeFee(pages).amount, amount, `${pages} pages`);
  assert.deepEqual(
    perVolumeFee(250).lines.map((l) => [l.label, l.units, l.rate, l.amount]),
    [
      ['第1—30页', 30, 0, 0],
      ['第31—100页', 70, 10, 700],
      ['第101—200页', 100, 20, 2000],
      ['第201页及以上', 50, 40, 2000],
    ],
  );
});

test('one method per application: both, neither or no page count is refused', () => {
  const table: [Parameters<typeof feeInputProblem>[0], RegExp | null][] = [
    [{ method: 'perPiece' }, null],
    [{ method: 'perVolume', pages: 40 }, null],
    [{ method: 'perVolume', pages: 0 }, /页数/],
    [{ method: 'perVolume' }, /页数/],
    [{ method: 'perPiece', both: true }, /不能同时适用/],
    [{}, /按件或按量/],
  ];
  for (const [input, expected] of table) {
    const p = feeInputProblem(input);
    if (expected === null) assert.equal(p, null, JSON.stringify(input));
    else assert.match(p ?? '', expected, JSON.stringify(input));
  }
});
