import { createHash } from 'node:crypto';
import { checkDate } from '../../domain/calendar/index.js';
import { InputError } from '../../errors.js';

// What a search may ask for, checked once for the page and the JSON API alike. Messages are the
// ones the user reads next to the search box (or in the API's `fields`).

export const MAX_Q_CHARS = 200;
export const MAX_DOCNO_CHARS = 100;
export const MAX_INDEXNO_CHARS = 100;
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;
export const MIN_YEAR = 1949;
export const MAX_YEAR = 2100;

export interface SearchInput {
  q: string;
  agencyId: number | null;
  categoryId: number | null;
  year: number | null;
  docNo: string | null;
  /** 索引号, exact (see normalIndexNo). */
  indexNo: string | null;
  after: string | null;
  limit: number;
}

/** The raw strings, as typed, for putting back into the form. */
export type RawSearch = Record<'q' | 'agencyId' | 'categoryId' | 'year' | 'docNo' | 'indexNo' | 'after' | 'limit', string>;

export const fieldLabels: Record<string, string> = {
  q: '搜索词',
  agencyId: '机关',
  categoryId: '栏目',
  year: '发布年份',
  docNo: '文号',
  indexNo: '索引号',
  after: '翻页',
  limit: '每页条数',
};

function one(raw: Record<string, unknown>, name: string, errors: Record<string, string>): string {
  const v = raw[name];
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) {
    errors[name] = `参数“${fieldLabels[name] ?? name}”只能出现一次`;
    return typeof v[0] === 'string' ? v[0] : '';
  }
  return typeof v === 'string' ? v : String(v);
}

export function rawSearch(raw: Record<string, unknown>): RawSearch {
  const pick = (n: string) => {
    const v = raw[n];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  };
  return {
    q: pick('q'),
    agencyId: pick('agencyId'),
    categoryId: pick('categoryId'),
    year: pick('year'),
    docNo: pick('docNo'),
    indexNo: pick('indexNo'),
    after: pick('after'),
    limit: pick('limit'),
  };
}

const positiveId = /^[1-9]\d{0,9}$/;

/** Parses the query string of a search; throws InputError naming each bad parameter. */
export function parseSearch(raw: Record<string, unknown>, opts: { api: boolean }): SearchInput {
  const errors: Record<string, string> = {};
  const q = one(raw, 'q', errors).trim();
  if (Array.from(q).length > MAX_Q_CHARS) errors.q = `搜索词不能超过${MAX_Q_CHARS}个字`;

  const id = (name: 'agencyId' | 'categoryId', label: string): number | null => {
    const s = one(raw, name, errors).trim();
    if (s === '') return null;
    if (!positiveId.test(s) || Number(s) > 2_147_483_647) {
      errors[name] ??= `${label}编号无效`;
      return null;
    }
    return Number(s);
  };
  const agencyId = id('agencyId', '机关');
  const categoryId = id('categoryId', '栏目');

  const ys = one(raw, 'year', errors).trim();
  let year: number | null = null;
  if (ys !== '') {
    if (!/^\d{4}$/.test(ys)) errors.year ??= '发布年份应为四位数字，如 2024';
    else if (Number(ys) < MIN_YEAR || Number(ys) > MAX_YEAR) errors.year ??= `发布年份应在 ${MIN_YEAR} 年至 ${MAX_YEAR} 年之间`;
    else year = Number(ys);
  }

  const ds = one(raw, 'docNo', errors).trim();
  if (Array.from(ds).length > MAX_DOCNO_CHARS) errors.docNo = `文号不能超过${MAX_DOCNO_CHARS}个字`;

  const is = normalIndexNo(one(raw, 'indexNo', errors));
  if (Array.from(is).length > MAX_INDEXNO_CHARS) errors.indexNo = `索引号不能超过${MAX_INDEXNO_CHARS}个字`;

  const after = one(raw, 'after', errors).trim();
  if (after !== '' && (after.length > 400 || !/^[A-Za-z0-9_-]+$/.test(after))) errors.after ??= '翻页参数无效，请从第一页重新查询';

  let limit = DEFAULT_LIMIT;
  const ls = opts.api ? one(raw, 'limit', errors).trim() : '';
  if (ls !== '') {
    if (!/^\d{1,3}$/.test(ls) || Number(ls) < 1 || Number(ls) > MAX_LIMIT) errors.limit ??= `每页条数应为1至${MAX_LIMIT}之间的整数`;
    else limit = Number(ls);
  }

  if (Object.keys(errors).length) throw new InputError(errors);
  return {
    q,
    agencyId,
    categoryId,
    year,
    docNo: ds === '' ? null : ds,
    indexNo: is === '' ? null : is,
    after: after === '' ? null : after,
    limit,
  };
}

/**
 * A 索引号 as typed into a search: full-width letters, digits and signs typed with a Chinese input
 * method (１１４４…／２０２４－０００１) become the ASCII the numbers are written in, and spaces
 * around it go. Case is kept: imported historic numbers are stored as they were, so the search
 * tries the number as typed and in capitals (credit codes are capitals, domain/creditCode).
 */
export function normalIndexNo(s: string): string {
  return s.normalize('NFKC').trim();
}

// ---------- the opaque `after` cursor ----------

/**
 * Where the previous page ended. 'ranked': inside the relevance-ranked window (see service.ts),
 * with the window's lower edge `edge` (null when the window held every hit), the day scores were
 * computed for, and the last row's score; 'time': in newest-first order. `h` ties the cursor to
 * the query and filters that made it; `n` is the hit count of the first page (COUNT_CAP + 1 for
 * "more"), so later pages show the same figure without counting again.
 */
export type Cursor =
  | { k: 'ranked'; h: string; n: number; day: string; edge: [string, number] | null; score: number; p: string; i: number }
  | { k: 'time'; h: string; n: number; p: string; i: number };

export function queryHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

export function encodeCursor(c: Cursor): string {
  const body = c.k === 'ranked' ? ['r', c.h, c.n, c.day, c.edge, c.score, c.p, c.i] : ['t', c.h, c.n, c.p, c.i];
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
// A real day in the calendar's range, not only its shape: ranking computes with the cursor's day,
// and 2026-13-45 or 9999-12-31 made it throw (a 500 for a tampered cursor).
const date = { test: (s: string) => datePattern.test(s) && checkDate(s).ok };
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 1_000_000_000;

/** The cursor, or null when it is malformed or was made for another query. */
export function decodeCursor(s: string, hash: string): Cursor | null {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(body)) return null;
  if (body[0] === 't' && body.length === 5) {
    const [, h, n, p, i] = body;
    if (h !== hash || !isCount(n) || typeof p !== 'string' || !date.test(p) || !isId(i)) return null;
    return { k: 'time', h, n, p, i };
  }
  if (body[0] === 'r' && body.length === 8) {
    const [, h, n, day, edge, score, p, i] = body;
    if (h !== hash || !isCount(n) || typeof day !== 'string' || !date.test(day) || typeof p !== 'string' || !date.test(p) || !isId(i))
      return null;
    if (typeof score !== 'number' || !Number.isSafeInteger(score)) return null;
    if (edge !== null && !(Array.isArray(edge) && edge.length === 2 && typeof edge[0] === 'string' && date.test(edge[0]) && isId(edge[1])))
      return null;
    return { k: 'ranked', h, n, day, edge: edge as [string, number] | null, score, p, i };
  }
  return null;
}
