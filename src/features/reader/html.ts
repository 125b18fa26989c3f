// An HTML page (as saved from a portal, or what mammoth makes of a DOCX) as the plain text the
// report reader reads: one line per paragraph, one line per table row with its cells between
// bars ("| 规章 | 0 | 0 | 0 |", empty cells kept), scripts, styles and the page head dropped.
// Each character of the text remembers where it stood in the HTML, so that a figure can be shown
// at its line and column in the file the person has.

import { Parser } from 'htmlparser2';

export interface HtmlText {
  text: string;
  /** For each UTF-16 unit of `text`, its offset in the HTML source (-1 for separators made here). */
  origin: Int32Array;
}

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'ul',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'head', 'template', 'svg', 'select', 'button']);

export function htmlToText(html: string): HtmlText {
  const chars: string[] = [];
  const origin: number[] = [];
  let skip = 0;
  let pre = 0;
  let cellDepth = 0;
  let rowOpen = false;
  let pendingSpace = false;

  const emit = (s: string, at: number) => {
    for (let i = 0; i < s.length; i++) {
      chars.push(s[i]!);
      origin.push(at < 0 ? -1 : at + i);
    }
  };
  const lastChar = () => chars[chars.length - 1];
  const newline = () => {
    pendingSpace = false;
    if (chars.length && lastChar() !== '\n') emit('\n', -1);
  };
  const space = () => {
    if (chars.length && lastChar() !== '\n' && lastChar() !== ' ') pendingSpace = true;
  };

  const parser: Parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skip++;
        if (skip) return;
        if (name === 'pre') pre++;
        if (name === 'tr') {
          newline();
          emit('|', -1);
          rowOpen = true;
        } else if (name === 'td' || name === 'th') {
          cellDepth++;
          pendingSpace = false;
          emit(' ', -1);
        } else if (BLOCK.has(name)) {
          if (cellDepth > 0) space();
          else newline();
        }
      },
      onclosetag(name) {
        if (SKIP.has(name)) {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip) return;
        if (name === 'pre') pre = Math.max(0, pre - 1);
        if (name === 'td' || name === 'th') {
          cellDepth = Math.max(0, cellDepth - 1);
          pendingSpace = false;
          while (lastChar() === ' ') {
            chars.pop();
            origin.pop();
          }
          emit(' |', -1);
        } else if (name === 'tr') {
          rowOpen = false;
          newline();
        } else if (BLOCK.has(name)) {
          if (cellDepth > 0) space();
          else newline();
        }
      },
      ontext(raw) {
        if (skip) return;
        const start = parser.startIndex;
        const end = parser.endIndex;
        // Entities make the decoded text shorter than the source: then every character points at
        // the start of the text, which is still the right place to look.
        const exact = end - start + 1 === raw.length;
        for (let i = 0; i < raw.length; i++) {
          const ch = raw[i]!;
          const at = exact ? start + i : start;
          if (!pre && /\s/.test(ch)) {
            space();
            continue;
          }
          if (ch === '\n') {
            newline();
            continue;
          }
          if (pendingSpace) {
            emit(' ', -1);
            pendingSpace = false;
          }
          emit(ch === '|' ? '¦' : ch, at);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  if (rowOpen) newline();
  return { text: chars.join(''), origin: Int32Array.from(origin) };
}
