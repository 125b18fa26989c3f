import type { Transaction } from 'kysely';
import type { DB } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { type ChainVerdict, ChainVerifier, entryHash } from './chain.js';

export type Tx = Transaction<Database>;

/** Who did something: a signed-in user, or the command line / the platform itself. */
export interface Actor {
  id: number | null;
  label: string;
}

export const systemActor: Actor = { id: null, label: 'system' };
export const cliActor = (): Actor => ({ id: null, label: `cli:${process.env.USER ?? 'unknown'}` });

export interface AuditInput {
  action: string;
  objectType: string;
  objectId?: string | number | null;
  agencyId?: number | null;
  details?: Record<string, unknown>;
}

/**
 * Appends an entry to the hash chain inside the caller's transaction, so the entry exists if and
 * only if the change it records was committed. Updating the head row first serializes writers
 * (a row lock on PostgreSQL; SQLite transactions are IMMEDIATE).
 */
export async function audit(trx: Tx, actor: Actor, input: AuditInput, now = new Date()): Promise<number> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const entry = {
    seq: Number(head.seq),
    at: now.toISOString(),
    actor_id: actor.id,
    actor: actor.label,
    action: input.action,
    object_type: input.objectType,
    object_id: input.objectId == null ? null : String(input.objectId),
    agency_id: input.agencyId ?? null,
    details: JSON.stringify(input.details ?? {}),
    prev_hash: head.hash,
  };
  const hash = entryHash(entry);
  await trx
    .insertInto('audit_log')
    .values({ ...entry, hash })
    .execute();
  await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
  return entry.seq;
}

/**
 * Checks the whole chain, page by page, in constant memory. The platform may keep writing while
 * this runs (`gongkai audit verify` against a live server): the entries checked are those up to
 * the head as read at the start, which are complete and final. Entries written since are left
 * for the next check; an entry past the head as it stands at the end was not put there by a
 * writer, which always moves the head in the same transaction.
 */
export async function verifyAuditChain(db: DB): Promise<ChainVerdict> {
  const readHead = async () => {
    const h = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(h.seq), hash: h.hash };
  };
  const head = await readHead();
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .where('seq', '<=', head.seq)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) if (!verifier.push({ ...r, seq: Number(r.seq) })) return verifier.finish(head);
    after = Number(rows[rows.length - 1]!.seq);
  }
  const verdict = verifier.finish(head);
  if (!verdict.ok) return verdict;
  // The newest entry first, then the head: a writer that commits in between moves both.
  const newest = await db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const headNow = await readHead();
  if (newest && Number(newest.seq) > headNow.seq) {
    const seq = headNow.seq + 1;
    return {
      ok: false,
      checked: verdict.checked,
      problem: { kind: 'altered', seq, message: `链头记录为第 ${headNow.seq} 条，但存在第 ${seq} 条及以后的记录` },
    };
  }
  return verdict;
}
