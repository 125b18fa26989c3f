// From the bytes of an uploaded or named file to the text the report reader reads: plain text,
// an HTML page, or a DOCX document; UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK —
// detected. Everything that is not such a file gets a Chinese message saying what it is instead.

import { InputError } from '../../errors.js';
import { docxToHtml } from './docx.js';
import { htmlToText } from './html.js';

/** Largest file read: published annual reports are tens of kilobytes; a DOCX with pictures a few MB. */
export const READER_MAX_BYTES = 20 * 1024 * 1024;

export type SourceKind = 'text' | 'html' | 'docx';
export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export const sourceKindLabels: Record<SourceKind, string> = { text: '纯文本', html: 'HTML 网页', docx: 'DOCX 文档' };
export const encodingLabels: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  gb18030: 'GB18030（GBK）',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};

export interface Decoded {
  kind: SourceKind;
  /** null for DOCX (a zip of XML). */
  encoding: Encoding | null;
  /** The text the reader reads: the file itself for plain text, the page's text for HTML and DOCX. */
  text: string;
  /** For HTML: the page source, and for each character of `text` its offset there. */
  html?: { source: string; origin: Int32Array };
}

/** A file the reader cannot read: an InputError on the field `file`, so the page shows it next to the upload. */
export const unreadable = (message: string) => new InputError({ file: message });

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Refuses a file by its size before anything reads it. */
export function checkSize(size: number): void {
  if (size === 0) throw unreadable('文件是空的');
  if (size > READER_MAX_BYTES) throw unreadable(`文件过大（${mb(size)}），年度报告文件不能超过 ${mb(READER_MAX_BYTES)}`);
}

const starts = (b: Uint8Array, ...bytes: number[]) => bytes.every((x, i) => b[i] === x);

export async function decodeFile(data: Uint8Array, name = ''): Promise<Decoded> {
  checkSize(data.length);
  if (starts(data, 0x50, 0x4b, 0x03, 0x04)) return decodeDocx(data, name);
  if (starts(data, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))
    throw unreadable('这是旧版 Word（.doc）、WPS 或 Excel 文件，无法读取；请另存为 DOCX 或网页（HTML）后再上传');
  if (starts(data, 0x25, 0x50, 0x44, 0x46))
    throw unreadable('PDF 文件无法直接读取；请先转换为文本（如 pdftotext -layout 报告.pdf 报告.txt），或上传 DOCX、网页（HTML）');
  if (starts(data, 0x89, 0x50, 0x4e, 0x47) || starts(data, 0xff, 0xd8, 0xff) || starts(data, 0x47, 0x49, 0x46, 0x38))
    throw unreadable('这是图片文件，不是文本；扫描件需先做文字识别');
  const { text, encoding } = decodeText(data, name);
  if (text.trim() === '') throw unreadable('文件中没有文字');
  if (isHtml(text, name)) {
    const { text: pageText, origin } = htmlToText(text);
    if (pageText.trim() === '') throw unreadable('网页中没有文字');
    return { kind: 'html', encoding, text: pageText, html: { source: text, origin } };
  }
  return { kind: 'text', encoding, text };
}

function isHtml(text: string, name: string): boolean {
  if (/\.x?html?$/i.test(name)) return true;
  return /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<table[\s>]|<div[\s>]|<p[\s>])/i.test(text.slice(0, 2048));
}

/** The charset a page declares in its first bytes, if any (<meta charset="gbk">). */
function declaredCharset(head: Uint8Array): Encoding | null {
  const ascii = Buffer.from(head.subarray(0, 2048)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(ascii);
  if (!m) return null;
  const cs = m[1]!.toLowerCase();
  if (['gbk', 'gb2312', 'gb18030', 'x-gbk', 'cp936'].includes(cs)) return 'gb18030';
  if (cs === 'utf-8' || cs === 'utf8') return 'utf-8';
  return null;
}

function decodeText(data: Uint8Array, name: string): { text: string; encoding: Encoding } {
  const tryDecode = (enc: Encoding, bytes: Uint8Array) => {
    try {
      return new TextDecoder(enc, { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return null;
    }
  };
  if (starts(data, 0xef, 0xbb, 0xbf)) return checked(tryDecode('utf-8', data), 'utf-8');
  if (starts(data, 0xff, 0xfe)) return checked(tryDecode('utf-16le', data), 'utf-16le');
  if (starts(data, 0xfe, 0xff)) return checked(tryDecode('utf-16be', data), 'utf-16be');
  // A zero byte is never in UTF-8 or GB18030 text: this is a binary file.
  if (data.subarray(0, 65536).includes(0)) throw unreadable(`这是二进制文件，不是文本、网页（HTML）或 DOCX${name ? `（${name}）` : ''}`);
  const declared = declaredCharset(data);
  const order: Encoding[] = declared === 'gb18030' ? ['gb18030', 'utf-8'] : ['utf-8', 'gb18030'];
  for (const enc of order) {
    const text = tryDecode(enc, data);
    if (text !== null) return checked(text, enc);
  }
  throw unreadable('无法识别文件的编码：既不是 UTF-8，也不是 GB18030（GBK）');
}

function checked(text: string | null, encoding: Encoding): { text: string; encoding: Encoding } {
  if (text === null) throw unreadable(`文件声明为 ${encodingLabels[encoding]} 编码，但其中有无法解码的字节`);
  // Text has few control characters; a file full of them is binary that happened to decode.
  let control = 0;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  if (control > n / 100 + 2) throw unreadable('这是二进制文件，不是文本、网页（HTML）或 DOCX');
  return { text: text.replace(/^\uFEFF/, ''), encoding };
}

function decodeDocx(data: Uint8Array, name: string): Decoded {
  let html: string | null;
  try {
    html = docxToHtml(data);
  } catch {
    html = null;
  }
  if (html === null) {
    const what = /\.xlsx$/i.test(name) ? 'Excel 文件' : /\.docx$/i.test(name) ? '已损坏的 DOCX 文件' : '压缩包或其他 Office 文件';
    throw unreadable(`无法读取：这是${what}，不是 Word 文档（DOCX）`);
  }
  const { text } = htmlToText(html);
  if (text.trim() === '') throw unreadable('DOCX 文档中没有文字');
  return { kind: 'docx', encoding: null, text };
}
