// Finds groups of likely duplicates across the workspace: the same normalised email, phone or INN
// (set-based SQL), or a very similar name (pg_trgm's similarity, the same thresholds as the duplicate
// warning in modules/duplicates: the whole name, and a person's last name) within the same company or
// city. Pairs are joined into groups (union-find); a group's confidence is that of its strongest link.
//
// Names are compared here, in the worker, not in SQL: the records' names are read in pages of PAGE rows,
// and compared block by block (a company, a city) with the event loop turning every few milliseconds, so
// no statement runs long (on PGlite one long statement holds the only connection: every request of every
// user waits for it) and the API stays responsive while a run goes on. A block of at most
// EXHAUSTIVE_UP_TO records is compared pair by pair. A larger one uses the sorted-neighbourhood method
// (Hernández and Stolfo, 1995): its records are sorted by name and each is compared with the next WINDOW
// records only, once in the name's order and once in the order of the reversed name, so that a slip in
// the first letters still puts two spellings side by side. Comparing every pair of a city of 250,000
// contacts would take 3·10^10 comparisons; the window takes 2 x 100 per record. A window of 30 found 95.7 %
// of the pairs all-pairs comparison finds (20,000 contacts), 100 finds 97.6 % in 2.3 times as long.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { NAME_SIMILARITY, SURNAME_SIMILARITY } from '../duplicates/duplicate-query.js';
import { trigrams, trigramSimilarity } from './trigrams.js';

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
/** Rows read per statement when loading names. */
const PAGE = 5000;
/** Records compared between two turns of the event loop. */
const STEP = 1000;

function sharedValue(type: DuplicatePair['type'], table: string, column: 'emails' | 'phones', reason: DuplicatePair['reason'], confidence: number, workspaceId: string): SQL {
  return sql`select ${type}::text as type, min(t.id::text) as a, unnest((array_agg(t.id::text order by t.created_at, t.id))[2:]) as b, ${reason}::text as reason, ${confidence}::float8 as confidence
    from ${sql.raw(table)} t, unnest(t.${sql.raw(column)}) as v(value)
    where t.workspace_id = ${workspaceId} and t.deleted_at is null group by v.value having count(distinct t.id) > 1`;
}

/** How many following records (in sort order, within a large block) each record is compared with. */
export const WINDOW = 100;
/** Blocks of at most this many records are compared pair by pair (at most 19,900 comparisons). */
export const EXHAUSTIVE_UP_TO = 200;

export interface FinderOptions {
  window?: number;
  /** Blocks up to this size are compared exhaustively; 0 uses the window everywhere. */
  exhaustiveUpTo?: number;
  /** Bounds the result (a run's groups are stored and shown); benchmarks lift it to measure recall. */
  maxPairs?: number;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

export async function findDuplicatePairs(db: Db, workspaceId: string, options: FinderOptions = {}): Promise<DuplicatePair[]> {
  const maxPairs = options.maxPairs ?? MAX_PAIRS;
  const pairs = await selectSharedValuePairs(db, workspaceId, maxPairs);
  const seen = new Set<string>();
  const add = (pair: DuplicatePair) => {
    const key = `${pair.type}:${pair.a}:${pair.b}:${pair.reason}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push(pair);
  };
  const window = Math.max(1, Math.floor(options.window ?? WINDOW));
  const exhaustiveUpTo = options.exhaustiveUpTo ?? EXHAUSTIVE_UP_TO;
  for (const table of ['contacts', 'companies'] as const) {
    if (pairs.length >= maxPairs) break;
    const records = await loadNames(db, workspaceId, table);
    for (const block of nameBlocks.filter((candidate) => candidate.table === table)) {
      if (pairs.length >= maxPairs) break;
      await compareBlocks(records, block, { window, exhaustiveUpTo, maxPairs }, pairs, add);
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

interface NamedRecord {
  id: string;
  name: string;
  /** A person's lowercased last name (null for companies and people without one). */
  lastName: string | null;
  companyId: string | null;
  city: string | null;
}

/** Every live record's lowercased name, company and city, in pages along the (workspace, created_at, id) index. */
async function loadNames(db: Db, workspaceId: string, table: 'contacts' | 'companies'): Promise<NamedRecord[]> {
  const name = table === 'contacts' ? sql.raw('lower(t.full_name)') : sql.raw('lower(t.name)');
  const company = table === 'contacts' ? sql.raw('t.company_id::text') : sql.raw('null::text');
  const lastName = table === 'contacts' ? sql.raw("nullif(lower(t.last_name), '')") : sql.raw('null::text');
  const records: NamedRecord[] = [];
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const page: (NamedRecord & { createdAt: string })[] = await rows<NamedRecord & { createdAt: string }>(
      db,
      sql`select t.id::text as id, ${name} as name, ${lastName} as "lastName", ${company} as "companyId", nullif(lower(t.city), '') as city, t.created_at as "createdAt"
          from ${sql.raw(table)} t
          where t.workspace_id = ${workspaceId} and t.deleted_at is null ${after ? sql`and (t.created_at, t.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``}
          order by t.created_at, t.id limit ${PAGE}`,
    );
    for (const row of page) records.push({ id: row.id, name: row.name ?? '', lastName: row.lastName, companyId: row.companyId, city: row.city });
    if (page.length < PAGE) return records;
    after = { createdAt: page[page.length - 1].createdAt, id: page[page.length - 1].id };
    await turn();
  }
}

interface NameBlock {
  type: DuplicatePair['type'];
  table: 'contacts' | 'companies';
  reason: DuplicatePair['reason'];
  /** Base confidence at the similarity threshold; up to +0.2 for identical names. */
  confidence: number;
  /** The block a record belongs to (records without one are not compared). */
  blockOf: (record: NamedRecord) => string | null;
  /** Whether a pair of the block may be reported (e.g. not two people of one company, found by the company block). */
  allowed?: (a: NamedRecord, b: NamedRecord) => boolean;
}

const nameBlocks: NameBlock[] = [
  { type: 'contact', table: 'contacts', reason: 'similar_name_same_company', confidence: 0.75, blockOf: (record) => record.companyId },
  {
    type: 'contact',
    table: 'contacts',
    reason: 'similar_name_same_city',
    confidence: 0.6,
    blockOf: (record) => record.city,
    allowed: (a, b) => !(a.companyId !== null && a.companyId === b.companyId),
  },
  { type: 'company', table: 'companies', reason: 'similar_name_same_city', confidence: 0.6, blockOf: (record) => record.city },
];

/** Code-point order (PostgreSQL's "C" collation), then id. */
function byKey(keys: Map<NamedRecord, string>) {
  return (a: NamedRecord, b: NamedRecord) => {
    const x = keys.get(a)!;
    const y = keys.get(b)!;
    if (x !== y) return x < y ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

const reverseText = (text: string) => Array.from(text).reverse().join('');

async function compareBlocks(
  records: NamedRecord[],
  block: NameBlock,
  settings: { window: number; exhaustiveUpTo: number; maxPairs: number },
  pairs: DuplicatePair[],
  add: (pair: DuplicatePair) => void,
): Promise<void> {
  const blocks = new Map<string, NamedRecord[]>();
  for (const record of records) {
    const key = block.blockOf(record);
    if (key === null) continue;
    const members = blocks.get(key);
    if (members) members.push(record);
    else blocks.set(key, [record]);
  }
  let sinceTurn = 0;
  const compare = (a: NamedRecord, b: NamedRecord, gramsA: string[], gramsB: string[]) => {
    if (block.allowed && !block.allowed(a, b)) return;
    const similarity = trigramSimilarity(gramsA, gramsB);
    if (similarity < NAME_SIMILARITY) return;
    // As the duplicate warning: two people need alike last names too (see SURNAME_SIMILARITY).
    if (a.lastName && b.lastName && a.lastName !== b.lastName && trigramSimilarity(trigrams(a.lastName), trigrams(b.lastName)) < SURNAME_SIMILARITY) return;
    const [first, second] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
    add({ type: block.type, a: first, b: second, reason: block.reason, confidence: block.confidence + 0.2 * (similarity - NAME_SIMILARITY) });
  };
  for (const members of blocks.values()) {
    if (members.length < 2) continue;
    if (pairs.length >= settings.maxPairs) return;
    if (members.length <= settings.exhaustiveUpTo) {
      const grams = members.map((record) => trigrams(record.name));
      for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) compare(members[i], members[j], grams[i], grams[j]);
      sinceTurn += members.length;
    } else {
      for (const reversed of [false, true]) {
        const keys = new Map(members.map((record) => [record, reversed ? reverseText(record.name) : record.name]));
        const sorted = [...members].sort(byKey(keys));
        // Trigrams of the records inside the window only: a city of 250,000 records never holds them all.
        const grams: (string[] | undefined)[] = new Array(sorted.length);
        const gramsAt = (index: number) => (grams[index] ??= trigrams(sorted[index].name));
        for (let i = 0; i < sorted.length; i++) {
          const own = gramsAt(i);
          const last = Math.min(sorted.length - 1, i + settings.window);
          for (let j = i + 1; j <= last; j++) compare(sorted[i], sorted[j], own, gramsAt(j));
          grams[i] = undefined;
          if (++sinceTurn >= STEP) {
            sinceTurn = 0;
            await turn();
            if (pairs.length >= settings.maxPairs) return;
          }
        }
      }
    }
    if (sinceTurn >= STEP) {
      sinceTurn = 0;
      await turn();
    }
  }
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
