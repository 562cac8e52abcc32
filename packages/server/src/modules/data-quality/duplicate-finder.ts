// Finds groups of likely duplicates across the workspace with set-based SQL (no per-record queries):
// the same normalised email, phone or INN, or a very similar name (pg_trgm, the same threshold as the
// duplicate warning in modules/duplicates) within the same company or city. Pairs are joined into
// groups (union-find); a group's confidence is that of its strongest link.
//
// Names are compared by the sorted-neighbourhood method (Hernández and Stolfo, 1995): within a block
// (a company, a city) records are sorted by name and each is compared with the next WINDOW records only,
// once in the name's order and once in the order of the reversed name, so that a slip in the first
// letters still puts two spellings side by side. Comparing every pair of a block would be quadratic:
// a city of 250,000 contacts makes 3·10^10 comparisons; here it makes 2 x 30 per record.
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

/** How many following records (in sort order, within a block) each record is compared with. */
export const WINDOW = 30;

/** `maxPairs` bounds the result (a run's groups are stored and shown); benchmarks lift it to measure recall. */
export async function findDuplicatePairs(db: Db, workspaceId: string, options: { window?: number; maxPairs?: number } = {}): Promise<DuplicatePair[]> {
  const maxPairs = options.maxPairs ?? MAX_PAIRS;
  const pairs = await selectSharedValuePairs(db, workspaceId, maxPairs);
  const seen = new Set<string>();
  for (const block of nameBlocks) {
    for (const reversed of [false, true]) {
      if (pairs.length >= maxPairs) break;
      for (const pair of await rows<DuplicatePair>(db, neighbourPairs(block, workspaceId, reversed, options.window ?? WINDOW))) {
        const key = `${pair.type}:${pair.a}:${pair.b}:${pair.reason}`;
        if (!seen.has(key)) pairs.push(pair);
        seen.add(key);
      }
      // Let the event loop turn between statements: PGlite's queries settle without I/O.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return pairs.slice(0, maxPairs);
}

async function selectSharedValuePairs(db: Db, workspaceId: string, maxPairs: number): Promise<DuplicatePair[]> {
  const parts: SQL[] = [
    sharedValue('contact', 'contacts', 'emails', 'same_email', 0.95, workspaceId),
    sharedValue('contact', 'contacts', 'phones', 'same_phone', 0.9, workspaceId),
    sharedValue('company', 'companies', 'emails', 'same_email', 0.85, workspaceId),
    sharedValue('company', 'companies', 'phones', 'same_phone', 0.8, workspaceId),
    sql`select 'company'::text, min(t.id::text), unnest((array_agg(t.id::text order by t.created_at, t.id))[2:]), 'same_inn'::text, 0.98::float8
        from companies t where t.workspace_id = ${workspaceId} and t.deleted_at is null and t.inn is not null group by t.inn having count(*) > 1`,
  ];
  return rows<DuplicatePair>(db, sql`select * from (${sql.join(parts.map((part) => sql`(${part})`), sql` union all `)}) as p(type, a, b, reason, confidence) limit ${maxPairs}`);
}

interface NameBlock {
  type: DuplicatePair['type'];
  table: 'contacts' | 'companies';
  reason: DuplicatePair['reason'];
  /** Base confidence at the similarity threshold; up to +0.2 for identical names. */
  confidence: number;
  /** The block a record belongs to (records without one are not compared), over alias t. */
  block: string;
  name: string;
  /** Extra condition on a pair (record s, following record n), e.g. not already in the same company. */
  pairCondition?: string;
}

const nameBlocks: NameBlock[] = [
  { type: 'contact', table: 'contacts', reason: 'similar_name_same_company', confidence: 0.75, block: 't.company_id::text', name: 'lower(t.full_name)' },
  {
    type: 'contact',
    table: 'contacts',
    reason: 'similar_name_same_city',
    confidence: 0.6,
    block: "nullif(lower(t.city), '')",
    name: 'lower(t.full_name)',
    pairCondition: 'coalesce(s.company_id = n.company_id, false) = false',
  },
  { type: 'company', table: 'companies', reason: 'similar_name_same_city', confidence: 0.6, block: "nullif(lower(t.city), '')", name: 'lower(t.name)' },
];

/**
 * Pairs of records of one block at most `window` places apart in name order (or reversed-name order) whose
 * names are similar. The following records come from a window frame (one sort, no self-join: a join of the
 * numbered rows on "rn = rn + offset" was planned as nested loops over the whole block).
 */
function neighbourPairs(block: NameBlock, workspaceId: string, reversed: boolean, window: number): SQL {
  const sortKey = reversed ? sql.raw(`reverse(${block.name})`) : sql.raw(block.name);
  const company = block.table === 'contacts' ? sql`t.company_id` : sql`null::uuid`;
  return sql`select ${block.type}::text as type, least(s.id, n.id)::text as a, greatest(s.id, n.id)::text as b, ${block.reason}::text as reason,
      (${block.confidence} + 0.2 * (similarity(s.name, n.name) - ${NAME_SIMILARITY}))::float8 as confidence
    from (
      select t.id, ${sql.raw(block.name)} as name, ${company} as company_id,
        array_agg(t.id) over w as next_ids, array_agg(${sql.raw(block.name)}) over w as next_names, array_agg(${company}) over w as next_companies
      from ${sql.raw(block.table)} t
      where t.workspace_id = ${workspaceId} and t.deleted_at is null and ${sql.raw(block.block)} is not null
      window w as (partition by ${sql.raw(block.block)} order by ${sortKey} collate "C", t.id rows between 1 following and ${sql.raw(String(Math.max(1, Math.floor(window))))} following)
    ) s cross join lateral unnest(s.next_ids, s.next_names, s.next_companies) as n(id, name, company_id)
    where similarity(s.name, n.name) >= ${NAME_SIMILARITY}${block.pairCondition ? sql.raw(` and ${block.pairCondition}`) : sql``}`;
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
