// Finds groups of likely duplicates across the workspace with set-based SQL (no per-record queries):
// the same normalised email, phone or INN, or a very similar name (pg_trgm, the same threshold as the
// duplicate warning in modules/duplicates) within the same company or city. Pairs are joined into
// groups (union-find); a group's confidence is that of its strongest link.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { NAME_SIMILARITY } from '../duplicates/duplicate-query.js';

export interface DuplicatePair {
  type: 'company' | 'contact';
  a: string;
  b: string;
  reason: 'same_email' | 'same_phone' | 'same_inn' | 'similar_name_same_company' | 'similar_name_same_city';
  confidence: number;
}

export interface DuplicateGroup {
  type: 'company' | 'contact';
  ids: string[];
  reasons: string[];
  confidence: number;
}

const MAX_PAIRS = 20000;

function sharedValue(type: DuplicatePair['type'], table: string, column: 'emails' | 'phones', reason: DuplicatePair['reason'], confidence: number, workspaceId: string): SQL {
  return sql`select ${type}::text as type, min(t.id::text) as a, unnest((array_agg(t.id::text order by t.created_at, t.id))[2:]) as b, ${reason}::text as reason, ${confidence}::float8 as confidence
    from ${sql.raw(table)} t, unnest(t.${sql.raw(column)}) as v(value)
    where t.workspace_id = ${workspaceId} and t.deleted_at is null group by v.value having count(distinct t.id) > 1`;
}

export async function findDuplicatePairs(database: Db, workspaceId: string): Promise<DuplicatePair[]> {
  return database.transaction(async (transaction) => {
    const db = transaction as unknown as Db;
    // `%` uses this threshold; local to this transaction so pooled connections are not affected.
    await db.execute(sql`select set_config('pg_trgm.similarity_threshold', ${String(NAME_SIMILARITY)}, true)`);
    return selectPairs(db, workspaceId);
  });
}

async function selectPairs(db: Db, workspaceId: string): Promise<DuplicatePair[]> {
  const parts: SQL[] = [
    sharedValue('contact', 'contacts', 'emails', 'same_email', 0.95, workspaceId),
    sharedValue('contact', 'contacts', 'phones', 'same_phone', 0.9, workspaceId),
    sharedValue('company', 'companies', 'emails', 'same_email', 0.85, workspaceId),
    sharedValue('company', 'companies', 'phones', 'same_phone', 0.8, workspaceId),
    sql`select 'company'::text, min(t.id::text), unnest((array_agg(t.id::text order by t.created_at, t.id))[2:]), 'same_inn'::text, 0.98::float8
        from companies t where t.workspace_id = ${workspaceId} and t.deleted_at is null and t.inn is not null group by t.inn having count(*) > 1`,
    sql`select 'contact'::text, a.id::text, b.id::text, case when a.company_id = b.company_id then 'similar_name_same_company' else 'similar_name_same_city' end,
          (case when a.company_id = b.company_id then 0.75 else 0.6 end + 0.2 * (similarity(lower(a.full_name), lower(b.full_name)) - ${NAME_SIMILARITY}))::float8
        from contacts a join contacts b on lower(a.full_name) % lower(b.full_name) and a.id < b.id and b.workspace_id = a.workspace_id and b.deleted_at is null
          and (a.company_id = b.company_id or lower(a.city) = lower(b.city))
        where a.workspace_id = ${workspaceId} and a.deleted_at is null`,
    sql`select 'company'::text, a.id::text, b.id::text, 'similar_name_same_city', (0.6 + 0.2 * (similarity(lower(a.name), lower(b.name)) - ${NAME_SIMILARITY}))::float8
        from companies a join companies b on lower(a.name) % lower(b.name) and a.id < b.id and b.workspace_id = a.workspace_id and b.deleted_at is null and lower(a.city) = lower(b.city)
        where a.workspace_id = ${workspaceId} and a.deleted_at is null`,
  ];
  return rows<DuplicatePair>(db, sql`select * from (${sql.join(parts.map((part) => sql`(${part})`), sql` union all `)}) as p(type, a, b, reason, confidence) limit ${MAX_PAIRS}`);
}

/** Joins pairs into groups (union-find); confidence of a group = its strongest link. */
export function groupPairs(pairs: DuplicatePair[]): DuplicateGroup[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const pair of pairs) {
    for (const id of [pair.a, pair.b]) if (!parent.has(id)) parent.set(id, id);
    const rootA = find(pair.a);
    const rootB = find(pair.b);
    if (rootA !== rootB) parent.set(rootB, rootA);
  }
  const groups = new Map<string, DuplicateGroup>();
  for (const pair of pairs) {
    const root = find(pair.a);
    const group = groups.get(root) ?? { type: pair.type, ids: [], reasons: [], confidence: 0 };
    for (const id of [pair.a, pair.b]) if (!group.ids.includes(id)) group.ids.push(id);
    if (!group.reasons.includes(pair.reason)) group.reasons.push(pair.reason);
    group.confidence = Math.max(group.confidence, Math.round(pair.confidence * 100) / 100);
    groups.set(root, group);
  }
  return [...groups.values()].sort((x, y) => y.confidence - x.confidence || y.ids.length - x.ids.length);
}
