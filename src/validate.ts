import { z } from 'zod';
import { checkDate } from './domain/calendar/index.js';
import { InputError } from './errors.js';

/**
 * Parses input with a zod schema whose messages are written in Chinese per field, and throws an
 * InputError mapping each field to its first message.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const control = controlCharacterFields(raw);
  if (control) throw new InputError(control);
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    if (!(key in fields)) fields[key] = issue.message;
  }
  throw new InputError(fields);
}

// C0 control characters other than tab and line breaks, and DEL: never typed, only pasted from
// broken sources or sent on purpose; PostgreSQL refuses U+0000 in text outright.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Each field (or list of values) holding a control character, with the message for it; null if none. */
function controlCharacterFields(raw: unknown): Record<string, string> | null {
  if (!raw || typeof raw !== 'object') return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const values = Array.isArray(v) ? v : [v];
    if (values.some((x) => typeof x === 'string' && CONTROL.test(x)))
      out[k] = '含有不可见的控制字符，请删除后重新输入（常见于从其他系统复制的文字）';
  }
  return Object.keys(out).length ? out : null;
}

/** A form text field: trimmed; empty strings count as missing. */
export const text = (required: string, max = 200, tooLong = `不能超过${max}个字`) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: required }).min(1, required).max(max, tooLong));

/** An optional text field: trimmed; empty becomes null. */
export const optionalText = (max = 200, tooLong = `不能超过${max}个字`) =>
  z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : (v ?? null)), z.string().max(max, tooLong).nullable());

/** A positive integer id given as a number or a form string. */
export const id = (message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v),
    z.number({ error: message }).int(message).positive(message),
  );

/** An optional id: empty means null (for example “no parent”). */
export const optionalId = (message: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v),
    z.number({ error: message }).int(message).positive(message).nullable(),
  );

/**
 * A date typed into a form that must not be in the future: the date, or null with the problem
 * written under `key` (a missing date is a problem only when `required`).
 */
export function pastDate(
  raw: unknown,
  label: string,
  today: string,
  errors: Record<string, string>,
  key: string,
  required = false,
): string | null {
  const s = typeof raw === 'string' ? raw.trim().slice(0, 20) : '';
  if (!s) {
    if (required) errors[key] = `请填写${label}`;
    return null;
  }
  const c = checkDate(s);
  if (!c.ok) errors[key] = `${label}：${c.reason}`;
  else if (c.date > today) errors[key] = `${label}不能晚于今天`;
  else return c.date;
  return null;
}
