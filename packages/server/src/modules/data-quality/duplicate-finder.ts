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

/** Rows of `a` per statement in the name comparisons: short statements let other queries in between (PGlite runs one at a time). */
const NAME_CHUNK = 500;

export async function findDuplicatePairs(db: Db, workspaceId: string, options: { chunk?: number } = {}): Promise<DuplicatePair[]> {
  const pairs = await selectSharedValuePairs(db, workspaceId);
  for (const part of namePairs) {
    let after: string | null = null;
    while (pairs.length < MAX_PAIRS) {
      const bounds: { first: string; last: string; n: number } | undefined = (
        await rows<{ first: string; last: string; n: number }>(
          db,
          sql`select min(id::text) as first, max(id::text) as last, count(*)::int as n from (select t.id from ${sql.raw(part.table)} t
              where t.workspace_id = ${workspaceId} and t.deleted_at is null ${after ? sql`and t.id > ${after}::uuid` : sql``} order by t.id limit ${options.chunk ?? NAME_CHUNK}) chunk`,
        )
      )[0];
      if (!bounds || !bounds.n) break;
      pairs.push(...(await rows<DuplicatePair>(db, sql`${part.select(workspaceId)} and a.id between ${bounds.first}::uuid and ${bounds.last}::uuid`)));
      after = bounds.last;
      // Let the event loop turn: PGlite's queries settle without I/O, and no request would be read until the end.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return pairs.slice(0, MAX_PAIRS);
}

async function selectSharedValuePairs(db: Db, workspaceId: string): Promise<DuplicatePair[]> {
  const parts: SQL[] = [
    sharedValue('contact', 'contacts', 'emails', 'same_email', 0.95, workspaceId),
    sharedValue('contact', 'contacts', 'phones', 'same_phone', 0.9, workspaceId),
    sharedValue('company', 'companies', 'emails', 'same_email', 0.85, workspaceId),
    sharedValue('company', 'companies', 'phones', 'same_phone', 0.8, workspaceId),
    sql`select 'company'::text, min(t.id::text), unnest((array_agg(t.id::text order by t.created_at, t.id))[2:]), 'same_inn'::text, 0.98::float8
        from companies t where t.workspace_id = ${workspaceId} and t.deleted_at is null and t.inn is not null group by t.inn having count(*) > 1`,
  ];
  return rows<DuplicatePair>(db, sql`select * from (${sql.join(parts.map((part) => sql`(${part})`), sql` union all `)}) as p(type, a, b, reason, confidence) limit ${MAX_PAIRS}`);
}

/**
 * Similar names are compared within a block (the same company, the same city) by an equality join, then
 * `similarity()`: probing the trigram index with `%` for every record checked thousands of candidates per
 * common Russian trigram (80-120 ms a record on PGlite, over ten minutes for the 5,000 demo contacts).
 * Each statement covers NAME_CHUNK records of `a` (the caller adds the id range).
 */
const namePairs: { table: string; select: (workspaceId: string) => SQL }[] = [
  {
    table: 'contacts',
    select: (workspaceId) => sql`select 'contact'::text as type, a.id::text as a, b.id::text as b, 'similar_name_same_company'::text as reason,
          (0.75 + 0.2 * (similarity(lower(a.full_name), lower(b.full_name)) - ${NAME_SIMILARITY}))::float8 as confidence
        from contacts a join contacts b on b.company_id = a.company_id and b.workspace_id = a.workspace_id and b.deleted_at is null and a.id < b.id
        where a.workspace_id = ${workspaceId} and a.deleted_at is null and a.company_id is not null
          and similarity(lower(a.full_name), lower(b.full_name)) >= ${NAME_SIMILARITY}`,
  },
  {
    table: 'contacts',
    select: (workspaceId) => sql`select 'contact'::text as type, a.id::text as a, b.id::text as b, 'similar_name_same_city'::text as reason,
          (0.6 + 0.2 * (similarity(lower(a.full_name), lower(b.full_name)) - ${NAME_SIMILARITY}))::float8 as confidence
        from contacts a join contacts b on lower(b.city) = lower(a.city) and b.workspace_id = a.workspace_id and b.deleted_at is null and a.id < b.id
          and coalesce(a.company_id = b.company_id, false) = false
        where a.workspace_id = ${workspaceId} and a.deleted_at is null and coalesce(a.city, '') <> ''
          and similarity(lower(a.full_name), lower(b.full_name)) >= ${NAME_SIMILARITY}`,
  },
  {
    table: 'companies',
    select: (workspaceId) => sql`select 'company'::text as type, a.id::text as a, b.id::text as b, 'similar_name_same_city'::text as reason,
          (0.6 + 0.2 * (similarity(lower(a.name), lower(b.name)) - ${NAME_SIMILARITY}))::float8 as confidence
        from companies a join companies b on lower(b.city) = lower(a.city) and b.workspace_id = a.workspace_id and b.deleted_at is null and a.id < b.id
        where a.workspace_id = ${workspaceId} and a.deleted_at is null and coalesce(a.city, '') <> ''
          and similarity(lower(a.name), lower(b.name)) >= ${NAME_SIMILARITY}`,
  },
];

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
