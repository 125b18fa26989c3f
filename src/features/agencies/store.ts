import { sql } from 'kysely';
import type { DB } from '../../db/connect.js';
import type { Agency } from '../../db/schema.js';
import type { Tx } from '../audit/service.js';

type Q = DB | Tx;

export function findAgency(db: Q, id: number): Promise<Agency | undefined> {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The agency and every agency above it, nearest first. */
export async function ancestorIds(db: Q, id: number): Promise<number[]> {
  const r = await sql<{ id: number; depth: number }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from agencies where id = ${id}
      union all
      select a.id, a.parent_id, up.depth + 1 from agencies a join up on a.id = up.parent_id where up.depth < 64
    )
    select id, depth from up order by depth`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

/** The given agencies and every agency below them. */
export async function subtreeIds(db: Q, rootIds: readonly number[]): Promise<number[]> {
  if (rootIds.length === 0) return [];
  const r = await sql<{ id: number }>`
    with recursive down(id, depth) as (
      select id, 0 from agencies where id in (${sql.join(rootIds.map((x) => sql`${x}`))})
      union all
      select a.id, down.depth + 1 from agencies a join down on a.parent_id = down.id where down.depth < 64
    )
    select distinct id from down`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

export interface TreeRow extends Agency {
  depth: number;
}

/** Agencies in display order (depth-first, siblings by kind then name), each with its depth. */
export function orderAsTree(rows: readonly Agency[]): TreeRow[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number | null, Agency[]>();
  for (const r of rows) {
    const key = r.parent_id !== null && ids.has(r.parent_id) ? r.parent_id : null;
    const list = children.get(key) ?? [];
    list.push(r);
    children.set(key, list);
  }
  const kindOrder: Record<string, number> = { government: 1, department: 0, subdistrict: 2 };
  for (const list of children.values()) list.sort((a, b) => (kindOrder[a.kind] ?? 9) - (kindOrder[b.kind] ?? 9) || a.id - b.id);
  const out: TreeRow[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      out.push({ ...r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * The tree as it stood at an instant, from the kept versions: each agency that existed then, with
 * the name and parent it had. Reports for past years aggregate over this tree, not today's.
 */
export async function treeAt(db: Q, at: string): Promise<TreeRow[]> {
  const rows = await db
    .selectFrom('agency_versions')
    .select([
      'agency_id as id',
      'name',
      'short_name',
      'kind',
      'level',
      'parent_id',
      'credit_code',
      'org_code',
      'dissolved_on',
      'valid_from as created_at',
      'valid_from as updated_at',
    ])
    .where('valid_from', '<=', at)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]))
    .execute();
  return orderAsTree(rows);
}
