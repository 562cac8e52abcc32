// Global search across companies, contacts, leads and deals: exact identifiers (INN, email, phone
// in any formatting) first, then full-text (Russian + English stemming, prefixes) and trigram
// similarity for partial and misspelt names. Only records the actor may read are found.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { permissionLevel } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid } from '../../core/errors.js';
import { parseSearchText, wantsFuzzy } from './search-query.js';
import { findSimilarWords } from './similar-words.js';
import { branchesFor, describeHits, hitType, searchTypes, type SearchType } from './search-targets.js';

export interface SearchHit {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
  matched: string[];
}

export interface SearchResult {
  data: SearchHit[];
  nextCursor: string | null;
}

/** Results past this position are not offered: refine the query instead. */
export const MAX_SEARCH_DEPTH = 200;
/** Misspelling-tolerant matching is added when exact and full-text matching find fewer records than this. */
export const FUZZY_BELOW = 20;

interface SearchParams {
  q: string;
  types: SearchType[];
  limit: number;
  offset: number;
}

function fingerprint(q: string, types: SearchType[]): string {
  return createHash('sha256').update(JSON.stringify([q, types])).digest('base64url').slice(0, 12);
}

export function parseSearchParams(query: Record<string, unknown>): SearchParams {
  const q = typeof query.q === 'string' ? query.q.trim() : '';
  if (!q) throw invalid('q', 'is required: type a name, phone, email or INN');
  if (q.length > 200) throw invalid('q', 'must be at most 200 characters');
  let types: SearchType[] = [...searchTypes];
  if (query.types !== undefined) {
    const listed = String(query.types).split(',').map((type) => type.trim()).filter(Boolean);
    const unknown = listed.filter((type) => !(searchTypes as readonly string[]).includes(type));
    if (unknown.length || listed.length === 0) throw invalid('types', `use a comma-separated list of ${searchTypes.join(', ')}`);
    types = searchTypes.filter((type) => listed.includes(type));
  }
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit', 'must be an integer from 1 to 100');
  let offset = 0;
  if (typeof query.cursor === 'string' && query.cursor) {
    let decoded: { h?: unknown; o?: unknown } | null = null;
    try {
      decoded = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    } catch {
      /* reported below */
    }
    if (!decoded || decoded.h !== fingerprint(q, types) || !Number.isInteger(decoded.o) || (decoded.o as number) < 0) {
      throw new AppError('INVALID_CURSOR', { message: 'cursor belongs to another search; start again without a cursor', details: [{ field: 'cursor', problem: 'belongs to another search' }] });
    }
    offset = decoded.o as number;
  }
  return { q, types, limit, offset };
}

export async function searchRecords(ctx: Ctx, query: Record<string, unknown>): Promise<SearchResult> {
  const params = parseSearchParams(query);
  return ctx.db.transaction(async (tx) => {
    // Every branch is written for an index. Without statistics on the searched words the planner may
    // bet on a sequential scan that a LIMIT would end early, and lose the whole table when nothing matches.
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
    return runSearch({ ...ctx, db: tx as unknown as Db }, params);
  });
}

async function runSearch(ctx: Ctx, params: SearchParams): Promise<SearchResult> {
  const parsed = parseSearchText(params.q);
  const readable = params.types.filter((type) => permissionLevel(ctx.actor, type, 'read') !== 'none');
  const window = Math.min(params.offset + params.limit, MAX_SEARCH_DEPTH);
  if (params.offset >= window) return { data: [], nextCursor: null };
  // Every page ranks the same candidate set (the first MAX_SEARCH_DEPTH of each branch), so pages never
  // overlap. The search widens in rounds while it has found fewer than FUZZY_BELOW records: whole words
  // first, then word prefixes, then similarly spelt words (each a function of the query and the data, not
  // of the page, so every page makes the same choice).
  const rank = async (similarWords: string | null, prefixes: boolean) => {
    const branches = readable.flatMap((type) => branchesFor(type, ctx.actor, parsed, MAX_SEARCH_DEPTH + 1, similarWords, prefixes));
    if (branches.length === 0) return [];
    return rows<{ type: string; id: string; score: number; matched: string[]; total: number }>(
      ctx.db,
      sql`select h.type, h.id::text as id, sum(h.score)::float8 as score, array_agg(distinct h.matched) as matched, count(*) over ()::int as total
          from (${sql.join(branches, sql` union all `)}) h
          group by h.type, h.id
          order by score desc, h.type, h.id
          limit ${window - params.offset + 1} offset ${params.offset}`,
    );
  };
  const tooFew = () => (ranked[0]?.total ?? 0) < FUZZY_BELOW;
  let ranked = await rank(null, false);
  if (parsed.prefixQuery && !parsed.email && !parsed.phoneComplete && tooFew()) ranked = await rank(null, true);
  if (wantsFuzzy(parsed) && tooFew()) {
    const similarWords = await findSimilarWords(ctx.db, ctx.actor.workspaceId, parsed.text);
    if (similarWords) ranked = await rank(similarWords, true);
  }
  const pageSize = window - params.offset;
  const hasMore = ranked.length > pageSize && window < MAX_SEARCH_DEPTH;
  const page = ranked.slice(0, pageSize);
  const details = new Map<string, { title: string; subtitle: string | null }>();
  for (const type of readable) {
    const ids = page.filter((hit) => hit.type === hitType[type]).map((hit) => hit.id);
    if (ids.length === 0) continue;
    for (const row of await rows<{ id: string; title: string; subtitle: string | null }>(ctx.db, describeHits(type, ctx.actor, ids))) {
      details.set(`${hitType[type]}:${row.id}`, row);
    }
  }
  const data = page.map((hit) => ({
    type: hit.type,
    id: hit.id,
    title: details.get(`${hit.type}:${hit.id}`)?.title ?? '',
    subtitle: details.get(`${hit.type}:${hit.id}`)?.subtitle ?? null,
    score: Math.round(hit.score * 1000) / 1000,
    matched: hit.matched,
  }));
  const nextCursor = hasMore ? Buffer.from(JSON.stringify({ h: fingerprint(params.q, params.types), o: window })).toString('base64url') : null;
  return { data, nextCursor };
}
