import type { CalendarYear, HolidayNotice, HolidayPeriod } from '../../domain/calendar/index.js';

// The plain-text form in which an admin types a year's arrangement from the State Council notice,
// one line per notice or holiday, and in which a shipped year is shown for correction:
//
//   通知：国务院办公厅关于2027年部分节假日安排的通知｜国办发明电〔2026〕12号｜2026-11-05｜https://www.gov.cn/…
//   元旦：2027-01-01 至 2027-01-03
//   春节：2027-02-05 至 2027-02-12；补班 2027-02-14、2027-02-20

export function formatYear(y: CalendarYear): string {
  const lines = y.notices.map(
    (n) => `通知：${[n.title, n.docNo ?? '', n.dated ?? n.published ?? '', n.url ?? ''].join('｜').replace(/｜+$/, '')}`,
  );
  for (const p of y.periods) {
    const range = p.off[0] === p.off[1] ? p.off[0] : `${p.off[0]} 至 ${p.off[1]}`;
    lines.push(`${p.name}：${range}${p.makeupWorkdays.length ? `；补班 ${p.makeupWorkdays.join('、')}` : ''}`);
  }
  return lines.join('\n');
}

export type ParsedYear = { ok: true; year: CalendarYear } | { ok: false; errors: string[] };

const DATE = String.raw`\d{4}-\d{2}-\d{2}`;

/** Reads the text form; every problem names its line. Validation of the dates is left to the domain. */
export function parseYearText(year: number, text: string): ParsedYear {
  const errors: string[] = [];
  const notices: HolidayNotice[] = [];
  const periods: HolidayPeriod[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    // Half-width separators are accepted too; only the first colon separates the head (URLs keep theirs).
    const line = raw.trim().replace(/\|/g, '｜').replace(/;/g, '；');
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([^：:]+)[：:](.*)$/);
    if (!m) {
      errors.push(`第${i + 1}行：应为“名称：日期”或“通知：标题｜文号｜日期｜网址”`);
      continue;
    }
    const [, head, rest] = m as unknown as [string, string, string];
    if (head === '通知') {
      const [title, docNo, dated, url] = rest.split('｜').map((s) => s.trim());
      if (!title) {
        errors.push(`第${i + 1}行：请填写通知标题`);
        continue;
      }
      if (dated && !new RegExp(`^${DATE}$`).test(dated)) {
        errors.push(`第${i + 1}行：通知日期应为 YYYY-MM-DD`);
        continue;
      }
      notices.push({ title, ...(docNo ? { docNo } : {}), ...(dated ? { dated } : {}), ...(url ? { url } : {}) });
      continue;
    }
    const pm = rest.match(new RegExp(`^(${DATE})(?:\\s*(?:至|到|~|～|-{1,2}|—)\\s*(${DATE}))?\\s*(?:；\\s*补班\\s*(.+))?$`));
    if (!pm) {
      errors.push(`第${i + 1}行：应为“${head}：YYYY-MM-DD 至 YYYY-MM-DD；补班 YYYY-MM-DD、YYYY-MM-DD”`);
      continue;
    }
    const makeup = (pm[3] ?? '').split(/[、，,\s]+/).filter(Boolean);
    const bad = makeup.find((d) => !new RegExp(`^${DATE}$`).test(d));
    if (bad) {
      errors.push(`第${i + 1}行：补班日期“${bad}”应为 YYYY-MM-DD`);
      continue;
    }
    periods.push({ name: head.trim(), off: [pm[1]!, pm[2] ?? pm[1]!], makeupWorkdays: makeup });
  }
  if (notices.length === 0) errors.push('请至少填写一行“通知：……”，写明依据的国务院办公厅通知');
  if (errors.length) return { ok: false, errors };
  return { ok: true, year: { year, notices, periods } };
}
