import { createHash } from 'node:crypto';

/** The genesis value that entry #1 links to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  seq: number;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  object_type: string;
  object_id: string | null;
  agency_id: number | null;
  details: string;
  prev_hash: string;
}

/**
 * sha256 over the previous hash and every field of the entry, in a fixed order. Changing any field
 * of any entry, or removing one, breaks the link to the entries after it.
 */
export function entryHash(e: ChainFields): string {
  const body = JSON.stringify([e.seq, e.at, e.actor_id, e.actor, e.action, e.object_type, e.object_id, e.agency_id, e.details]);
  return createHash('sha256').update(e.prev_hash).update('\n').update(body).digest('hex');
}

export type ChainProblem = { kind: 'removed'; seq: number; message: string } | { kind: 'altered'; seq: number; message: string };

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  problem?: ChainProblem;
}

/**
 * Walks the entries in seq order and names the first one that was altered or removed. Fed one
 * entry at a time, so a chain of millions is checked in constant memory. `finish` compares with
 * the head (the writer's last seq and hash), which exposes removal of the newest entries too.
 */
export class ChainVerifier {
  #expectedSeq: number;
  #prevHash: string;
  #previous: number | undefined;
  readonly #startSeq: number;
  /** Entries found intact so far; once a problem is found, those before the entry it names. */
  checked = 0;
  problem: ChainProblem | undefined;

  constructor(start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }) {
    this.#startSeq = start.seq;
    this.#expectedSeq = start.seq + 1;
    this.#prevHash = start.hash;
  }

  // An entry can be named after it was counted (a rewrite shows in the link of the next entry,
  // or against the head), so the count is cut back to the entries before the one named.
  #fail(problem: ChainProblem): false {
    this.problem = problem;
    this.checked = Math.max(0, Math.min(this.checked, problem.seq - 1 - this.#startSeq));
    return false;
  }

  /** Returns false once a problem is found; later entries are not looked at. */
  push(e: ChainFields & { hash: string }): boolean {
    if (this.problem) return false;
    const want = this.#expectedSeq;
    if (e.seq > want) {
      this.problem = { kind: 'removed', seq: want, message: `${removedRange(want, e.seq - 1)}（记录序号从 ${want - 1} 跳到 ${e.seq}）` };
    } else if (e.seq < want) {
      // Only a chain read out of order, or with a repeated entry, gets here.
      this.problem = {
        kind: 'altered',
        seq: want,
        message: `第 ${want} 条审计记录的位置上是序号为 ${e.seq} 的记录（记录重复或次序被打乱）`,
      };
    } else if (entryHash(e) !== e.hash) {
      // Checked before the link: an entry whose own fields were changed (its seq or prev_hash too,
      // as when two entries swap places) is the one to name, not the intact entry before it.
      this.problem = { kind: 'altered', seq: e.seq, message: `第 ${e.seq} 条审计记录已被改动（内容与其哈希不符）` };
    } else if (e.prev_hash !== this.#prevHash) {
      // This entry is consistent in itself, so the entry before was rewritten along with its hash:
      // the link recorded here no longer matches it.
      const seq = this.#previous ?? e.seq;
      this.problem = { kind: 'altered', seq, message: `第 ${seq} 条审计记录已被改动（第 ${e.seq} 条记录所存的前序哈希不再相符）` };
    }
    if (this.problem) return this.#fail(this.problem);
    this.#prevHash = e.hash;
    this.#previous = e.seq;
    this.#expectedSeq++;
    this.checked++;
    return true;
  }

  finish(head: { seq: number; hash: string }): ChainVerdict {
    if (!this.problem) {
      const last = this.#expectedSeq - 1;
      if (head.seq > last) {
        this.problem = { kind: 'removed', seq: last + 1, message: removedRange(last + 1, head.seq) };
      } else if (head.seq < last) {
        this.problem = {
          kind: 'altered',
          seq: head.seq + 1,
          message: `链头记录为第 ${head.seq} 条，但存在第 ${head.seq + 1} 条及以后的记录`,
        };
      } else if (head.hash !== this.#prevHash) {
        this.problem = { kind: 'altered', seq: last, message: `第 ${last} 条审计记录或链头已被改动（链头所存哈希与该记录不符）` };
      }
    }
    if (this.problem) this.#fail(this.problem);
    return this.problem ? { ok: false, checked: this.checked, problem: this.problem } : { ok: true, checked: this.checked };
  }
}

function removedRange(from: number, to: number): string {
  return from === to ? `第 ${from} 条审计记录已被删除` : `第 ${from} 条至第 ${to} 条审计记录已被删除`;
}

/** Verifies a whole chain held in memory (tests, small chains). */
export function verifyChain(entries: Iterable<ChainFields & { hash: string }>, head: { seq: number; hash: string }): ChainVerdict {
  const v = new ChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.finish(head);
}
