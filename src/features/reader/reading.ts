// Reading one file: decode it, read the report, point every figure at its place in the file the
// person has (for an HTML page: its line and column in the page source).

import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { notAReport, readReport } from '../../domain/reader/read.js';
import type { ReportReading, SourceSpan } from '../../domain/reader/types.js';
import { checkSize, type Decoded, decodeFile, type Encoding, READER_MAX_BYTES, type SourceKind, unreadable } from './decode.js';

export interface ReadResult {
  /** The file name as given (no directories). */
  name: string;
  kind: SourceKind;
  encoding: Encoding | null;
  reading: ReportReading;
  /** What the line and column numbers count in: the file itself, or for DOCX the text read from it. */
  positions: 'file' | 'docxText';
  /** The text the reader read (the page text for HTML and DOCX). */
  text: string;
}

/** Reads a report from bytes. Throws an InputError (field `file`) when the file is not a readable report. */
export async function readDocument(data: Uint8Array, name: string): Promise<ReadResult> {
  const decoded = await decodeFile(data, name);
  const reading = readReport(decoded.text);
  const why = notAReport(reading, decoded.text);
  if (why) throw unreadable(why);
  if (decoded.html) remapToSource(reading, decoded.html);
  return {
    name: basename(name),
    kind: decoded.kind,
    encoding: decoded.encoding,
    reading,
    positions: decoded.kind === 'docx' ? 'docxText' : 'file',
    text: decoded.text,
  };
}

/** A file's bytes, refusing one that is empty or too large before reading it. */
export async function loadFile(path: string): Promise<{ name: string; data: Uint8Array }> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw unreadable('不是文件');
    size = s.size;
  } catch (e) {
    if (e instanceof Error && 'fields' in e) throw e;
    throw unreadable('无法读取文件（不存在或没有权限）');
  }
  checkSize(size);
  const fh = await open(path, 'r');
  try {
    // Read at most the cap, even if the file grew since stat.
    const buf = Buffer.alloc(Math.min(size, READER_MAX_BYTES + 1));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    checkSize(bytesRead);
    return { name: basename(path), data: buf.subarray(0, bytesRead) };
  } finally {
    await fh.close();
  }
}

/** Reads a report from a file. */
export async function readPath(path: string): Promise<ReadResult> {
  const { data } = await loadFile(path);
  return readDocument(data, path);
}

/** Line starts of a text, for turning offsets into line and column. */
function lineStarts(s: string): number[] {
  const out = [0];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) out.push(i + 1);
  }
  return out;
}

function remapToSource(r: ReportReading, html: NonNullable<Decoded['html']>): void {
  const starts = lineStarts(html.source);
  const map = (s: SourceSpan): SourceSpan => {
    let i = s.offset;
    while (i < html.origin.length && html.origin[i]! < 0) i++;
    const offset = i < html.origin.length ? html.origin[i]! : html.source.length;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { ...s, offset, line: lo + 1, column: offset - starts[lo]! + 1 };
  };
  if (r.agency) r.agency.source = map(r.agency.source);
  if (r.year) r.year.source = map(r.year.source);
  if (r.blanksMeanZero) r.blanksMeanZero = map(r.blanksMeanZero);
  for (const f of r.figures) f.source = map(f.source);
  for (const f of r.fields) f.source = map(f.source);
  for (const l of r.leftOut) if (l.source) l.source = map(l.source);
  for (const c of r.checks) for (const k of Object.keys(c.sources)) c.sources[k] = map(c.sources[k]!);
}
