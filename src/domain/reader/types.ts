// What the report reader finds in one published annual report.

import type { CheckResult, Identity } from '../report/checks.js';
import type { ReportFormat } from '../report/formats.js';

export type Script = 'simplified' | 'traditional' | 'unknown';
export type DetectedFormat = ReportFormat | 'unknown';

/** A place in the report's text: 1-based line and column (UTF-16 units), the offset, and what is printed there. */
export interface SourceSpan {
  line: number;
  column: number;
  offset: number;
  length: number;
  text: string;
}

/** exact: the number printed; atLeast: "500余条" (500 or more); blank: an empty cell, or "----". */
export type FigureKind = 'exact' | 'atLeast' | 'blank';

export interface Figure {
  key: string;
  label: string;
  unit: string;
  kind: FigureKind;
  /** null for a blank. */
  value: number | null;
  from: 'table' | 'prose';
  source: SourceSpan;
  /** Why the value is what it is, when that is not plain (a "----" cell, blanks that mean zero…). */
  note?: string;
}

/** A text field (单位名称, 报出日期 …). */
export interface TextField {
  key: string;
  label: string;
  /** null when printed empty (□□□□□□). */
  value: string | null;
  source: SourceSpan;
}

/** Something that looked like a figure but was not taken, and why (precision before recall). */
export interface LeftOut {
  what: string;
  reason: string;
  key?: string;
  source?: SourceSpan;
}

export interface Check {
  identity: Identity;
  result: CheckResult;
  /** When the result is unknown only because of blank cells: the result if blanks are zero (spec §2.5 practice). */
  ifBlanksZero?: CheckResult;
  /** The figures the identity is about, where the report prints them. */
  sources: Record<string, SourceSpan>;
}

export interface ReportReading {
  agency: { name: string; source: SourceSpan; basis: string } | null;
  year: { value: number; source: SourceSpan; basis: string } | null;
  format: DetectedFormat;
  /** Why the format is what it is, in Chinese. */
  formatEvidence: string[];
  script: Script;
  /** Where the report says that empty cells mean zero, if it does. */
  blanksMeanZero: SourceSpan | null;
  figures: Figure[];
  fields: TextField[];
  leftOut: LeftOut[];
  checks: Check[];
  lineCount: number;
}
