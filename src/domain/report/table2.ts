// Table 二 第二十条第（一）项 from the catalog: 规章 and 行政规范性文件 are catalog items whose 成文日期,
// 发布日期 and 有效性 (with the day it changed) the platform keeps. Pure functions on grouped counts,
// like facts.ts: the database classifies each item's dates against the year, the rule is here.
//
// 2021 format (国办公开办函〔2021〕30号):
//   本年制发件数 — 成文日期 in the year (制发: made and issued; the document's date, not the day it
//                  reached the catalog);
//   本年废止件数 — became 废止 or 失效 in the year (an expired document leaves force as a repealed
//                  one does; counting both keeps 现行有效 = last year's + 制发 − 废止 when nothing is re-dated);
//   现行有效件数 — made by the end of the year and not repealed or expired by then.
// 2019 trial format (国办公开办函〔2019〕60号):
//   本年新制作数量 — 成文日期 in the year; 本年新公开数量 — 发布日期 in the year;
//   对外公开总数量 — published by the end of the year (everything ever disclosed; the 2021 format
//                  replaced it with 现行有效件数).

import type { Period } from './facts.js';
import { t2Key } from './formats.js';

export type CatalogDocType = 'rule' | 'normativeDoc';

/** A group of 规章 or 行政规范性文件 whose dates fall alike relative to the year. */
export interface CatalogCount {
  docType: CatalogDocType;
  written: Period;
  /** null: no 发布日期 recorded. */
  published: Period | null;
  /** When it was repealed or expired; 'never' while in force. A repeal without a date counts as 'before'. */
  ended: Period | 'never';
  n: number;
}

export function table2FromCounts(format: 'national2021' | 'national2019', counts: Iterable<CatalogCount>): Map<string, number> {
  const cols = format === 'national2021' ? ['issued', 'repealed', 'inForce'] : ['made', 'published', 'total'];
  const cells = new Map<string, number>();
  for (const row of ['rule', 'normativeDoc']) for (const c of cols) cells.set(t2Key(row, c), 0);
  const add = (row: string, col: string, n: number) => cells.set(t2Key(row, col), cells.get(t2Key(row, col))! + n);
  for (const c of counts) {
    if (format === 'national2021') {
      if (c.written === 'in') add(c.docType, 'issued', c.n);
      if (c.ended === 'in') add(c.docType, 'repealed', c.n);
      if (c.written !== 'after' && (c.ended === 'never' || c.ended === 'after')) add(c.docType, 'inForce', c.n);
    } else {
      if (c.written === 'in') add(c.docType, 'made', c.n);
      if (c.published === 'in') add(c.docType, 'published', c.n);
      if (c.published === 'before' || c.published === 'in') add(c.docType, 'total', c.n);
    }
  }
  return cells;
}
