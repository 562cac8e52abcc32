// What can be searched in each object, and the SQL of each match kind ("branch").
// Every branch is one index-friendly subquery with its own LIMIT (no OR across different indexes),
// filtered by the actor's read rights before the limit.
import { sql, type SQL } from 'drizzle-orm';
import { accessCondition, permissionLevel, type OwnedObject } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { escapeLike } from '../../core/records/list-query.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import type { ParsedSearch } from './search-query.js';

export const searchTypes = ['companies', 'contacts', 'leads', 'deals', 'cases', 'service_contracts'] as const;
export type SearchType = (typeof searchTypes)[number];

export const hitType: Record<SearchType, string> = { companies: 'company', contacts: 'contact', leads: 'lead', deals: 'deal', cases: 'case', service_contracts: 'service_contract' };

interface Target {
  object: OwnedObject;
  /** The name expression over alias t that similarity is measured against. */
  trigramName: string;
  inn: boolean;
  emails: boolean;
  phones: boolean;
}

const targets: Record<SearchType, Target> = {
  companies: { object: 'companies', trigramName: 'lower(t.name)', inn: true, emails: true, phones: true },
  contacts: { object: 'contacts', trigramName: 'lower(t.full_name)', inn: false, emails: true, phones: true },
  leads: { object: 'leads', trigramName: 't.search_name', inn: true, emails: true, phones: true },
  deals: { object: 'deals', trigramName: 'lower(t.title)', inn: false, emails: false, phones: false },
  cases: { object: 'cases', trigramName: 'lower(t.subject)', inn: false, emails: false, phones: false },
  service_contracts: { object: 'service_contracts', trigramName: 'lower(t.number)', inn: false, emails: false, phones: false },
};

/** How many rows a name branch reads from its index before ranking (bounds the cost of common words). */
export const NAME_CANDIDATES = 300;

/**
 * Disjoint parts of what the actor may read (owner, collaborators, team), each one condition on a column
 * of the *_search_access_idx GIN index beside the search vector (migration 0018), so a restricted user's
 * search is one index scan that intersects both instead of reading every match and filtering it.
 * accessCondition() stays the rule; these only steer the plan.
 */
function visibilityParts(actor: Actor, object: OwnedObject): SQL[] {
  const level = permissionLevel(actor, object, 'read');
  if (level === 'all') return [sql`true`];
  const me = sql`${actor.userId}::uuid`;
  const collaborator = sql`t.collaborator_ids @> array[${me}]`;
  // array[owner_id] and array[team_id] are the expressions the index holds. Written also (or only) as
  // owner_id = me, the condition is read from the owner's b-tree and ANDed with the words: every record
  // the manager owns.
  const parts = [sql`array[t.owner_id] @> array[${me}]`, sql`${collaborator} and t.owner_id is distinct from ${me}`];
  if (level === 'team' && actor.teamScope.length) {
    const teams = sql`${pgArrayLiteral(actor.teamScope)}::uuid[]`;
    parts.push(sql`array[t.team_id] && ${teams} and t.owner_id is distinct from ${me} and not (${collaborator})`);
  }
  return parts;
}

function branch(type: SearchType, actor: Actor, matched: string, score: SQL, where: SQL, limit: number, candidates?: number): SQL {
  const table = sql.raw(`"${targets[type].object}"`);
  const access = accessCondition(actor, targets[type].object, 'read', 't');
  const label = hitType[type];
  // An identifier (INN, email, whole phone) finds a handful of rows on its own index; split by owner, the
  // planner would AND it with the owner's index, reading every record a busy manager owns.
  const parts = (candidates ? visibilityParts(actor, targets[type].object) : [sql`true`]).map((part) => {
    if (!candidates) {
      return sql`(select ${label}::text as type, t.id, (${score})::float8 as score, ${matched}::text as matched
        from ${table} t where ${access} and ${part} and ${where} limit ${limit})`;
    }
    // Read a bounded set of matches from the index, then rank them.
    return sql`(select type, id, score, matched from (
        select ${label}::text as type, t.id, (${score})::float8 as score, ${matched}::text as matched
        from ${table} t where ${access} and ${part} and ${where} limit ${candidates}) c
      order by score desc, id limit ${limit})`;
  });
  return sql.join(parts, sql` union all `);
}

/**
 * The UNION ALL members for one object type. `similarWords` (a tsquery text of the query's words and the
 * dictionary words spelt like them, see similar-words.ts) adds the misspelling-tolerant branch.
 */
export function branchesFor(type: SearchType, actor: Actor, query: ParsedSearch, limit: number, similarWords: string | null = null, prefixes = false): SQL[] {
  const target = targets[type];
  const result: SQL[] = [];
  if (target.inn && query.inn) {
    result.push(branch(type, actor, 'inn', sql`100`, sql`t.inn = ${query.inn}`, limit));
  }
  if (target.emails && query.email) {
    result.push(branch(type, actor, 'email', sql`90`, sql`t.emails @> ${pgArrayLiteral([query.email])}::text[]`, limit));
  }
  if (target.phones && query.phoneE164) {
    // A whole number: exact lookup on the GIN index of the E.164 phones.
    result.push(branch(type, actor, 'phone', sql`80`, sql`t.phones @> ${pgArrayLiteral([query.phoneE164])}::text[]`, limit));
  } else if (target.phones && query.phoneDigits) {
    // A fragment: digits anywhere in any phone, on the trigram index of phone_digits.
    result.push(branch(type, actor, 'phone', sql`40`, sql`t.phone_digits like ${`%${escapeLike(query.phoneDigits)}%`}`, limit));
  }
  // Prefixes ("ива" for Иванов) join only when whole words found too little: a prefix of a common
  // surname also matches its patronymics and feminine forms, and reading 80,000 postings costs more
  // than the whole search may.
  const tsquery = sql`(websearch_to_tsquery('russian', ${query.words}) || websearch_to_tsquery('english', ${query.words})${
    prefixes && query.prefixQuery ? sql` || to_tsquery('simple', ${query.prefixQuery})` : sql``
  })`;
  if (!query.email && !query.phoneComplete) {
    result.push(branch(type, actor, 'text', sql`10 + 10 * ts_rank(t.search_vector, ${tsquery})`, sql`t.search_vector @@ ${tsquery}`, limit, NAME_CANDIDATES));
  }
  if (similarWords) {
    // Found through the full-text index, ranked by how close the whole name is to what was typed.
    const name = sql.raw(target.trigramName);
    // 'english' keeps Cyrillic words whole (the Russian stemmer would widen "иванов" to every "иван").
    const similar = sql`to_tsquery('english', ${similarWords})`;
    result.push(branch(type, actor, 'similar_name', sql`10 * word_similarity(${query.text}, ${name})`, sql`t.search_vector @@ ${similar}`, limit, NAME_CANDIDATES));
  }
  return result;
}

/** Title and subtitle of found records, without revealing linked records the actor may not read. */
export function describeHits(type: SearchType, actor: Actor, ids: string[]): SQL {
  const idList = sql`${pgArrayLiteral(ids)}::uuid[]`;
  switch (type) {
    case 'companies':
      return sql`select t.id, t.name as title, nullif(concat_ws(' · ', t.inn, t.city), '') as subtitle from companies t where t.id = any(${idList})`;
    case 'contacts':
      return sql`select t.id, t.full_name as title, nullif(concat_ws(' · ', t.position, c.name, t.city), '') as subtitle
        from contacts t left join companies c on c.id = t.company_id and ${accessCondition(actor, 'companies', 'read', 'c')}
        where t.id = any(${idList})`;
    case 'leads':
      return sql`select t.id, t.title, nullif(concat_ws(' · ', t.company_name, nullif(concat_ws(' ', t.last_name, t.first_name), ''), t.status), '') as subtitle
        from leads t where t.id = any(${idList})`;
    case 'deals':
      return sql`select t.id, t.title, concat_ws(' · ', t.amount::text || ' ' || t.currency, s.name) as subtitle
        from deals t left join stages s on s.id = t.stage_id where t.id = any(${idList})`;
    case 'cases':
      return sql`select t.id, t.number || ' ' || t.subject as title, t.status as subtitle from cases t where t.id = any(${idList})`;
    case 'service_contracts':
      return sql`select t.id, t.number as title, nullif(concat_ws(' · ', c.name, to_char(t.start_date, 'DD.MM.YYYY') || '–' || to_char(t.end_date, 'DD.MM.YYYY')), '') as subtitle
        from service_contracts t left join companies c on c.id = t.company_id and ${accessCondition(actor, 'companies', 'read', 'c')} where t.id = any(${idList})`;
  }
}
