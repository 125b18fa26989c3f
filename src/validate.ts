import { z } from 'zod';
import { checkDate } from './domain/calendar/index.js';
import { InputError } from './errors.js';

/**
 * Parses input with a zod schema whose messages are written in Chinese per field, and throws an
 * InputError mapping each field to its first message.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    if (!(key in fields)) fields[key] = issue.message;
  }
  throw new InputError(fields);
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
