// Figures stated in a report's text: "全年主动公开信息数量1075703条", "共受理2起信息公开申请",
// "行政复议申请0件", "未收到……政府信息公开申请".
//
// Each rule names one figure of the registry (readerFigures.ts) and the few ways reports word it;
// it reads a number only inside one sentence, next to the words that say what it counts. What the
// rules do not know is not guessed at: numbers left over in a sentence that held a figure are
// listed as left out, so a person sees what was not read. Statements without a number ("未收到……")
// count as 0 only when the sentence names the report's year; figures that span several years
// (累计, 以来, 截至) are left out.

import { appealResultLabels, appealResults } from '../report/formats.js';
import { proseKey } from '../report/readerFigures.js';
import { type Collector, figureDef } from './collect.js';
import { chineseNumeral, NUMBER, toNumber } from './numbers.js';
import { compactWithColumns, spanAt } from './text.js';
import type { SourceSpan } from './types.js';

/** The prose as one string of sentences, each character traceable to its line and column. */
interface Stream {
  text: string;
  line: Int32Array;
  col: Int32Array;
}

const HEADING = /^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、](?!\d)|第[一二三四五六七八九十]+[章节部分])/;
const SENTENCE_END = /[。;!?！？\n]/;

/**
 * Lines not taken by a table, joined: a line broken in the middle of a sentence (PDF layout) joins
 * the next without a gap; a line that ends a sentence, or a heading, starts a new one. Spaces are
 * dropped, as layouts put them between characters and around numbers ("申请 21 件", "情 形").
 */
function streamOf(c: Collector): Stream {
  const parts: string[] = [];
  let size = 0;
  for (const l of c.doc.lines) size += l.length + 1;
  const lines = new Int32Array(size);
  const cols = new Int32Array(size);
  let n = 0;
  let prevEnd = true;
  for (let i = 0; i < c.doc.lines.length; i++) {
    if (c.consumed.has(i)) {
      prevEnd = true;
      continue;
    }
    const { text, columns } = compactWithColumns(c.doc.lines[i]!);
    if (text === '') {
      prevEnd = true;
      continue;
    }
    if (!prevEnd && !HEADING.test(text)) {
      // joins the sentence before
    } else if (parts.length) {
      parts.push('\n');
      lines[n] = -1;
      cols[n++] = -1;
    }
    parts.push(text);
    for (const col of columns) {
      lines[n] = i;
      cols[n++] = col;
    }
    prevEnd = /[。;:!?！？]$/.test(text);
  }
  return { text: parts.join(''), line: lines.subarray(0, n), col: cols.subarray(0, n) };
}

function spanOf(c: Collector, s: Stream, from: number, to: number): SourceSpan {
  const line = s.line[from]!;
  let end = to;
  while (end > from && s.line[end - 1] !== line) end--;
  const col = s.col[from]!;
  return spanAt(c.doc, line, col, s.col[end - 1]! + 1 - col);
}

// ---------------------------------------------------------------------------------------------
// Rules

const N = `(?<pre>约|近|大约|将近|接近|超过|逾)?(?<num>${NUMBER}|[零〇一二两三四五六七八九十百千]+)(?<post>余|多)?`;
const COUNT = '件|起|次|条|个|宗|份';

interface Rule {
  key: string;
  re: RegExp;
  /** Words one of which the sentence must hold for the rule to be tried at all (a fast filter). */
  kw: string[];
  /** The sentence must also contain this, to be about what the key counts. */
  needs?: RegExp;
  decimal?: boolean;
}

const rule = (name: string, pattern: string, kw: string[], extra: Omit<Rule, 'key' | 're' | 'kw'> = {}): Rule => ({
  key: proseKey(name),
  re: new RegExp(pattern.replace('§', N), 'dg'),
  kw,
  ...extra,
});

const RULES: Rule[] = [
  rule(
    'proactive.total',
    `主动(?:公开|发布)(?:了)?(?:各类|各项|各种)?(?:政府|政务)?信息(?:数量|数|总数|总量)?(?:为|共|达|达到|共计|总计)?§(?<unit>条|件)`,
    ['主动'],
  ),
  rule('proactive.total', `(?:共|共计)主动公开(?:了)?§(?<unit>条)`, ['主动']),
  rule('proactive.total', `主动公开(?:了)?§(?<unit>条)(?:各类)?(?:政府|政务)?信息`, ['主动']),
  rule('proactive.fullTextRate', `全文电子化(?:率|比例)(?:达|为|达到)?(?:了)?§(?<unit>%)`, ['全文电子化'], { decimal: true }),
  rule('applications.received', `(?:收到|受理|接到|接收)(?:了)?(?:各类)?(?:政府)?信息公开申请(?:共|共计|总计)?§(?<unit>${COUNT})`, [
    '申请',
  ]),
  rule('applications.received', `(?:收到|受理|接到)(?:依)?申请公开(?:政府信息|信息)?(?:的)?(?:申请)?§(?<unit>件|起|条|次)`, ['申请']),
  rule('applications.received', `(?:共|共计)?(?:收到|受理|接到)(?:了)?§(?<unit>${COUNT})(?:政府)?信息公开(?:的)?申请`, ['申请']),
  rule('applications.replied', `答复(?:了)?(?:政府信息公开申请)?§(?<unit>件)`, ['答复'], { needs: /申请/ }),
  rule('applications.carriedIn', `上(?:一)?年(?:度)?结转(?:的)?(?:政府信息公开)?(?:申请)?§(?<unit>件)`, ['结转']),
  rule('applications.carriedOut', `§(?<unit>件)(?:申请)?(?:顺延|结转)(?:到|至)?下(?:一)?年(?:度)?`, ['结转', '顺延']),
  rule('applications.carriedOut', `结转(?:到|至)?下(?:一)?年(?:度)?(?:继续)?(?:办理|答复)(?:的)?(?:申请)?§(?<unit>件)`, ['结转', '顺延']),
  rule('consultations', `咨询(?:共|总计|共计)?§(?<unit>人次)`, ['咨询']),
  rule('siteVisits', `访问量(?:为|达|达到|共|共计)?(?:了)?§(?<unit>人次|次)`, ['访问量']),
  rule('reconsideration.total', `行政复议(?:申请|案件|案)?(?:共|共计)?§(?<unit>件|起)`, ['复议']),
  rule('litigation.total', `行政诉讼(?:案件|案)?(?:共|共计)?§(?<unit>件|起)`, ['诉讼']),
  rule('processingFee', `信息处理费(?:共计|共|合计|总计)?(?:为)?§(?<unit>元|万元)`, ['处理费'], { decimal: true }),
  rule('pressConferences', `(?:召开|举办|举行)(?:了)?(?:政府|市政府|区政府|县政府)?新闻发布会(?:共|共计)?§(?<unit>场|次)`, ['发布会']),
  rule('pressConferences', `新闻发布会(?:共|共计)?§(?<unit>场|次)`, ['发布会']),
  rule('gazetteIssues', `(?:公报|政报)》?(?:共)?§(?<unit>期)`, ['公报', '政报']),
  rule('interpretations', `政策解读(?:文章|材料|稿件|信息)?(?:共)?§(?<unit>个|篇|条|件)`, ['解读']),
  rule('interpretations', `解读(?:信息|文章|材料)(?:发布)?(?:共)?§(?<unit>条|篇|个|件)`, ['解读']),
];

/** The breakdown of an appeal total: "其中结果维持72件，结果纠正64件，……". */
const APPEAL_PART = new RegExp(`(?<label>${appealResults.map((r) => appealResultLabels[r]).join('|')})${N}(?<unit>件)`, 'dg');

/** Statements of none, each with the figures it makes 0 and the words that must be near. */
const NONE: { keys: string[]; re: RegExp; needs?: RegExp }[] = [
  // (tried only in sentences that say 未, 没有 or 无)
  { keys: ['applications.received'], re: /(?:未|没有)(?:收到|接到|受理)(?:过|到)?[^,]{0,30}?信息公开(?:的)?申请/g },
  { keys: ['reconsideration.total'], re: /(?:未(?!经)|没有|无)[^,]{0,40}?(?:行政)?复议/g, needs: /信息公开|依申请/ },
  { keys: ['litigation.total'], re: /(?:未(?!经)|没有|无)[^,]{0,50}?诉讼/g, needs: /信息公开|依申请/ },
  { keys: ['fees.charged', 'fees.waivers'], re: /(?:没有|无|未)[^,]{0,30}?收费(?:及|和|与)减免/g },
  { keys: ['fees.charged'], re: /(?:没有|未)[^,]{0,40}?收取[^,]{0,30}?费用/g },
  { keys: ['processingFee'], re: /(?:未|没有)收取(?:任何)?(?:政府信息公开)?信息处理费/g },
];

const NEGATION = /未|没有|无/;

/** Words that make a number span more than the report's year. */
const WIDER = /累计|历年|截至|至今|(?<!今年|本年|年初|全年)以来/;
const LEFTOVER = new RegExp(`(${NUMBER})(余|多)?(人次|件|起|条|个|期|场|次|篇|项|份)`, 'g');

interface Taken {
  from: number;
  to: number;
}

export function readProse(c: Collector, year: number | null): void {
  const s = streamOf(c);
  const yearWords = new RegExp(`${year ?? '\\d{4}'}年|本年|全年|年度|今年|当年`);
  const found = new Map<string, { value: number; kind: 'exact' | 'atLeast'; span: SourceSpan; unit: string; note?: string }[]>();
  const put = (key: string, v: { value: number; kind: 'exact' | 'atLeast'; span: SourceSpan; unit: string; note?: string }) => {
    found.set(key, [...(found.get(key) ?? []), v]);
  };

  let start = 0;
  let before = false;
  const ends = new RegExp(SENTENCE_END.source, 'g');
  while (start < s.text.length) {
    ends.lastIndex = start;
    const e = ends.exec(s.text);
    const end = e ? e.index : s.text.length;
    const sentence = s.text.slice(start, end);
    const base = start;
    start = end + 1;
    if (sentence.length < 4) continue;
    const taken: Taken[] = [];
    const keysHere = new Set<string>();

    const number = (m: RegExpExecArray, what: string, key: string, decimal: boolean) => {
      const g = m.groups!;
      const [from, to] = m.indices!.groups!.num!;
      const [mFrom] = m.indices![0]!;
      if (taken.some((t) => from < t.to && t.from < to)) return;
      taken.push({ from, to: m.indices!.groups!.unit?.[1] ?? to });
      const span = spanOf(c, s, base + from, base + (m.indices!.groups!.unit?.[1] ?? to));
      const value = /\d/.test(g.num!) ? toNumber(g.num!) : chineseNumeral(g.num!);
      if (value === null) return;
      if (g.pre && !/超过|逾/.test(g.pre)) {
        c.leave(what, `“${g.pre}${g.num}”是约数，不读取`, span, key);
        return;
      }
      if (WIDER.test(sentence.slice(0, mFrom))) {
        c.leave(what, `同一句中有“${WIDER.exec(sentence.slice(0, mFrom))![0]}”，这个数字可能不只是本年度的，不读取`, span, key);
        return;
      }
      if (!decimal && !Number.isInteger(value)) {
        c.leave(what, `“${g.num}”不是整数`, span, key);
        return;
      }
      keysHere.add(key);
      const atLeast = !!g.post || !!g.pre;
      put(key, { value, kind: atLeast ? 'atLeast' : 'exact', span, unit: g.unit ?? figureDef(key).unit });
    };

    for (const r of RULES) {
      if (!r.kw.some((w) => sentence.includes(w))) continue;
      if (r.needs && !r.needs.test(sentence)) continue;
      r.re.lastIndex = 0;
      for (const m of sentence.matchAll(r.re)) {
        number(m as RegExpExecArray, figureDef(r.key).label, r.key, !!r.decimal);
        const group =
          r.key === proseKey('reconsideration.total') ? 'reconsideration' : r.key === proseKey('litigation.total') ? 'litigation' : null;
        if (!group) continue;
        // The breakdown follows the total, up to where the other kind of appeal is named.
        const tailFrom = m.index + m[0].length;
        const other = sentence.slice(tailFrom).search(group === 'reconsideration' ? /诉讼/ : /复议/);
        const tail = sentence.slice(0, other < 0 ? sentence.length : tailFrom + other);
        APPEAL_PART.lastIndex = tailFrom;
        for (let p = APPEAL_PART.exec(tail); p; p = APPEAL_PART.exec(tail)) {
          const result = appealResults.find((x) => appealResultLabels[x] === p!.groups!.label)!;
          const key = proseKey(`${group}.${result}`);
          number(p, figureDef(key).label, key, false);
        }
      }
    }

    for (const n of NONE) {
      if (!NEGATION.test(sentence)) break;
      if (n.needs && !n.needs.test(sentence)) continue;
      n.re.lastIndex = 0;
      const m = n.re.exec(sentence);
      if (!m) continue;
      const keys = n.keys.map(proseKey).filter((k) => !keysHere.has(k));
      if (keys.length === 0) continue;
      const span = spanOf(c, s, base + m.index, base + m.index + m[0].length);
      if (!yearWords.test(sentence)) {
        for (const k of keys) c.leave(figureDef(k).label, `“${m[0]}”没有说明是哪一年，不记为0`, span, k);
        continue;
      }
      for (const k of keys) {
        keysHere.add(k);
        put(k, { value: 0, kind: 'exact', span, unit: figureDef(k).unit, note: `据“${m[0]}”记为0` });
      }
    }

    // Numbers left in a sentence that held figures, or in a "其中" sentence right after one.
    if (keysHere.size > 0 || (before && /^其中/.test(sentence)))
      leftovers(c, s, base, sentence, taken, found, keysHere.has(proseKey('proactive.total')));
    before = keysHere.size > 0;
  }

  for (const [key, vs] of found) {
    const distinct = new Set(vs.map((v) => `${v.kind}:${v.value}:${v.unit}`));
    if (distinct.size > 1) {
      for (const v of vs)
        c.leave(
          figureDef(key).label,
          `正文中这个数字出现了${vs.length}次且不一致（${vs.map((x) => `${x.value}${x.kind === 'atLeast' ? '余' : ''}${x.unit}`).join('、')}），不读取`,
          v.span,
          key,
        );
      continue;
    }
    const v = vs[0]!;
    c.add(key, { kind: v.kind, value: v.value }, v.span, 'prose', { unit: v.unit, ...(v.note ? { note: v.note } : {}) });
  }
}

/** Numbers with a unit in a sentence that held a figure, which no rule took. */
function leftovers(
  c: Collector,
  s: Stream,
  base: number,
  sentence: string,
  taken: Taken[],
  found: Map<string, { value: number }[]>,
  proactiveHere: boolean,
) {
  const items: { what: string; value: number; from: number; to: number }[] = [];
  LEFTOVER.lastIndex = 0;
  for (const m of sentence.matchAll(LEFTOVER)) {
    const from = m.index;
    const to = from + m[0].length;
    if (taken.some((t) => from < t.to && t.from < to)) continue;
    if (sentence[to] === '年' || /\d/.test(sentence[from - 1] ?? '')) continue;
    const lead = sentence
      .slice(0, from)
      .split(/[,、(:]/)
      .pop()!
      .slice(-20);
    // "1起按照规定进行了及时回复": with nothing before the number, what follows says what it counts.
    const trail =
      lead.length < 2
        ? sentence
            .slice(to)
            .split(/[,、)]/)[0]!
            .slice(0, 16)
        : '';
    items.push({ what: `${lead}${m[0]}${trail}`, value: toNumber(m[1]!), from, to });
  }
  if (items.length === 0) return;
  // A "其中" breakdown of the proactive total: say how far its parts are from the whole.
  const total = proactiveHere ? found.get(proseKey('proactive.total'))?.at(-1)?.value : undefined;
  const breakdown = /其中/.test(sentence) && total !== undefined && items.length > 1;
  const sum = items.reduce((a, b) => a + b.value, 0);
  for (const it of items) {
    const reason = breakdown
      ? `“其中”的分项不是统一的统计项，不读取（各分项合计${sum}，${sum === total ? '等于总数' : `比总数${total}${sum < total! ? '少' : '多'}${Math.abs(sum - total!)}`}）`
      : '这个数字不对应统一的统计项，不读取';
    c.leave(it.what, reason, spanOf(c, s, base + it.from, base + it.to));
  }
}
