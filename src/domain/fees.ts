// 信息处理费 (条例 第四十二条; 国办函〔2020〕109号《政府信息公开信息处理费管理办法》, spec law.md §4, §9).
// Two methods, both progressive by excess bands (超额累进); the agency picks one per application and
// never both (办法 第三条). Pure functions; amounts in whole 元.

export const feeMethods = ['perPiece', 'perVolume'] as const;
export type FeeMethod = (typeof feeMethods)[number];

export const feeMethodLabels: Record<FeeMethod, string> = {
  perPiece: '按件计收',
  perVolume: '按量计收',
};

export const FEE_BASIS = '《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';

/**
 * 按件计收 (办法 第四条): the rate for the nth application of one applicant in one natural month.
 * 1–10 free; 11–30 100 元; from 31 in bands of 10, each band 100 元 more (31–40 200 元, 41–50 300 元 …,
 * spec §9's reading of "每增加一档").
 */
export function perPieceRate(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('申请序号应为正整数');
  if (n <= 10) return 0;
  if (n <= 30) return 100;
  return 100 + 100 * Math.ceil((n - 30) / 10);
}

/** What the first n applications of a month cost together (the worked examples of spec §4). */
export function perPieceTotal(n: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += perPieceRate(i);
  return sum;
}

/** 按量计收 (办法 第五条), per application by pages: the bands and what each part costs. */
const VOLUME_BANDS = [
  { from: 1, to: 30, rate: 0 },
  { from: 31, to: 100, rate: 10 },
  { from: 101, to: 200, rate: 20 },
  { from: 201, to: Number.POSITIVE_INFINITY, rate: 40 },
] as const;

export interface FeeLine {
  /** e.g. 第31—100页 or 本月第11件 */
  label: string;
  units: number;
  rate: number;
  amount: number;
}

export interface FeeComputation {
  method: FeeMethod;
  amount: number;
  lines: FeeLine[];
  /** The rate as the 收费通知书 states it. */
  rateText: string;
}

export function perVolumeFee(pages: number): FeeComputation {
  if (!Number.isInteger(pages) || pages < 1) throw new RangeError('页数应为正整数');
  const lines: FeeLine[] = [];
  for (const b of VOLUME_BANDS) {
    if (pages < b.from) break;
    const units = Math.min(pages, b.to) - b.from + 1;
    const label = Number.isFinite(b.to) ? `第${b.from}—${b.to}页` : `第${b.from}页及以上`;
    lines.push({ label, units, rate: b.rate, amount: units * b.rate });
  }
  return {
    method: 'perVolume',
    amount: lines.reduce((s, l) => s + l.amount, 0),
    lines,
    rateText: '30页以下（含30页）免费；31—100页（含100页）的部分每页10元；101—200页（含200页）的部分每页20元；200页以上的部分每页40元',
  };
}

export function perPieceFee(ordinalInMonth: number): FeeComputation {
  const rate = perPieceRate(ordinalInMonth);
  return {
    method: 'perPiece',
    amount: rate,
    lines: [{ label: `本自然月第${ordinalInMonth}件`, units: 1, rate, amount: rate }],
    rateText:
      '同一申请人一个自然月内累计申请10件以下（含10件）免费；11—30件（含30件）的部分每件100元；31件以上的部分以10件为一档，每增加一档，收费标准提高100元/件',
  };
}

/** Why a fee request is not one method with its quantity, or null. */
export function feeInputProblem(input: { method?: unknown; pages?: unknown; both?: boolean }): string | null {
  if (input.both) return '同一申请只能选择按件或按量一种方式计收，不能同时适用（《政府信息公开信息处理费管理办法》第三条）';
  if (input.method !== 'perPiece' && input.method !== 'perVolume') return '请选择计收方式：按件或按量';
  if (input.method === 'perVolume' && !(typeof input.pages === 'number' && Number.isInteger(input.pages) && input.pages > 0))
    return '按量计收请填写页数（正整数）';
  return null;
}
