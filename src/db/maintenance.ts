import { sql } from 'kysely';
import { ConflictError } from '../errors.js';
import { type DbHandle, SQLITE_PAGE_SIZE } from './connect.js';
import { ftsLeafBytes } from './migrations/helpers.js';

export interface CompactResult {
  bytesBefore: number;
  bytesAfter: number;
  /** SQLite: page size before and after, and the free pages' bytes before (reused by SQLite, not returned to the disk). */
  sqlite?: { pageSizeBefore: number; pageSizeAfter: number; freeBytesBefore: number };
  /** PostgreSQL: the tables vacuumed and analysed. */
  tables?: number;
  ms: number;
}

/**
 * `gongkai compact`. SQLite: the full-text index is merged into one segment with leaves sized to
 * the page (FTS5 'optimize'), then the file is rewritten (VACUUM) with the page size of a new file:
 * a file made before 16 KB pages gets them (in WAL mode the page size can only change this way),
 * and the pages freed by deletions, by FTS5's merges and by migration 0011 go back to the disk.
 * Needs the file to itself — the platform and any import stopped — and temporary disk space about
 * the database's size. PostgreSQL: VACUUM ANALYZE of the platform's tables, which runs alongside
 * the platform (space is made reusable and the planner's statistics refreshed; the files do not
 * shrink, which only VACUUM FULL does, locking each table).
 */
export async function compactDatabase(handle: DbHandle, onStep: (step: string) => void = () => {}): Promise<CompactResult> {
  const started = performance.now();
  return handle.kind === 'postgres' ? compactPostgres(handle, onStep, started) : compactSqlite(handle, onStep, started);
}

function compactSqlite(handle: DbHandle, onStep: (step: string) => void, started: number): CompactResult {
  const db = handle.sqlite!;
  const num = (pragma: string) => Number(db.pragma(pragma, { simple: true }));
  const pageSizeBefore = num('page_size');
  const bytesBefore = num('page_count') * pageSizeBefore;
  const freeBytesBefore = num('freelist_count') * pageSizeBefore;
  // The page size changes only outside WAL mode, and leaving it takes every other connection's
  // absence: a running platform makes the switch fail (or leaves the mode as it was).
  db.pragma('busy_timeout = 2000');
  let mode: unknown;
  try {
    mode = db.pragma('journal_mode = DELETE', { simple: true });
  } catch {
    mode = undefined;
  }
  if (mode !== 'delete') {
    db.pragma('busy_timeout = 15000');
    throw new ConflictError('数据库正被其他进程使用。请先停止平台（gongkai serve）和正在进行的导入，再整理数据库');
  }
  try {
    onStep('合并全文检索索引……');
    // Leaves for the page size the file is about to have; FTS5 takes only integer literals here.
    db.exec(`insert into items_fts(items_fts, rank) values ('pgsz', ${ftsLeafBytes(SQLITE_PAGE_SIZE)})`);
    db.exec(`insert into items_fts(items_fts) values ('optimize')`);
    onStep(
      pageSizeBefore === SQLITE_PAGE_SIZE ? '重写数据库文件……' : `重写数据库文件（页大小 ${pageSizeBefore} → ${SQLITE_PAGE_SIZE} 字节）……`,
    );
    db.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
    try {
      db.exec('vacuum');
    } catch (e) {
      // Say, the disk filled up: the file keeps its pages, and the index its leaf size for them.
      db.exec(`insert into items_fts(items_fts, rank) values ('pgsz', ${ftsLeafBytes(num('page_size'))})`);
      throw e;
    }
  } finally {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 15000');
  }
  const pageSizeAfter = num('page_size');
  return {
    bytesBefore,
    bytesAfter: num('page_count') * pageSizeAfter,
    sqlite: { pageSizeBefore, pageSizeAfter, freeBytesBefore },
    ms: performance.now() - started,
  };
}

async function compactPostgres(handle: DbHandle, onStep: (step: string) => void, started: number): Promise<CompactResult> {
  const tables = (
    await sql<{ name: string }>`
      select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'
      order by c.relname`.execute(handle.db)
  ).rows.map((r) => r.name);
  const size = async () =>
    Number(
      (
        await sql<{ bytes: string }>`
          select coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as bytes
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = current_schema() and c.relkind = 'r'`.execute(handle.db)
      ).rows[0]!.bytes,
    );
  const bytesBefore = await size();
  onStep(`VACUUM ANALYZE ${tables.length} 张表……`);
  // VACUUM cannot run in a transaction: each statement on its own.
  for (const t of tables) await sql`vacuum (analyze) ${sql.raw(t)}`.execute(handle.db);
  return { bytesBefore, bytesAfter: await size(), tables: tables.length, ms: performance.now() - started };
}
