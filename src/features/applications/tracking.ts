import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DB } from '../../db/connect.js';

// The applicant follows a case without an account: tracking number plus phone or e-mail opens it,
// and a signed cookie keeps it open for a while. The signing key lives in the database (created
// once, by whichever process gets there first), so every app process accepts every cookie.

export const TRACKING_COOKIE = 'gk_track';
export const TRACKING_HOURS = 2;

const keys = new WeakMap<DB, Buffer>();

async function key(db: DB): Promise<Buffer> {
  const cached = keys.get(db);
  if (cached) return cached;
  await db
    .insertInto('meta')
    .values({ key: 'tracking_key', value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'tracking_key').executeTakeFirstOrThrow();
  const k = Buffer.from(row.value, 'hex');
  keys.set(db, k);
  return k;
}

const sign = (k: Buffer, payload: string) => createHmac('sha256', k).update(payload).digest('base64url');

export async function trackingToken(db: DB, applicationId: number, now: Date): Promise<string> {
  const payload = `${applicationId}.${now.getTime() + TRACKING_HOURS * 3600_000}`;
  return `${payload}.${sign(await key(db), payload)}`;
}

/** The application a cookie opens, or null when it is missing, forged or expired. */
export async function readTrackingToken(db: DB, token: string | undefined, now: Date): Promise<number | null> {
  const m = token?.match(/^([1-9]\d{0,9})\.(\d{10,15})\.([A-Za-z0-9_-]{43})$/);
  if (!m) return null;
  const expected = Buffer.from(sign(await key(db), `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (Number(m[2]) < now.getTime()) return null;
  return Number(m[1]);
}
