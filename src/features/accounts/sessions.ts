import { createHash, randomBytes } from 'node:crypto';
import type { DB } from '../../db/connect.js';
import type { Tx } from '../audit/service.js';
import type { CurrentUser } from '../context.js';

export const SESSION_COOKIE = 'gk_session';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Stores a new session and returns the token for the cookie. Only its hash is kept. */
export async function createSession(
  db: DB | Tx,
  userId: number,
  meta: { ip: string | null; userAgent: string | null },
  now: Date,
  hours: number,
): Promise<{ token: string; id: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = tokenHash(token);
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + hours * 3600_000).toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, id };
}

/**
 * The user behind a cookie token, or null if the session is unknown, expired, or the user is
 * disabled. Sessions slide: each use (at most once a minute) pushes the expiry forward.
 */
export async function loadSession(db: DB, token: string, now: Date, hours: number): Promise<CurrentUser | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const id = tokenHash(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sid',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id',
      'users.username',
      'users.display_name',
      'users.agency_id',
      'users.is_platform_admin',
      'users.must_change_password',
      'users.disabled_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || row.disabled_at || new Date(row.expires_at) <= now) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + hours * 3600_000).toISOString() })
      .where('id', '=', id)
      .execute();
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    agencyId: row.agency_id,
    isPlatformAdmin: row.is_platform_admin === 1,
    mustChangePassword: row.must_change_password === 1,
    sessionId: id,
  };
}

export async function deleteSession(db: DB | Tx, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user except, optionally, the one in use. */
export async function deleteUserSessions(db: DB | Tx, userId: number, keep?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id', '!=', keep);
  await q.execute();
}

/** Housekeeping: expired sessions and old login attempts go. */
export async function purgeExpired(db: DB, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
  await db
    .deleteFrom('login_attempts')
    .where('at', '<', new Date(now.getTime() - 7 * 86400_000).toISOString())
    .execute();
}
