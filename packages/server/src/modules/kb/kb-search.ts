// Search over articles: the tsvector (russian or english configuration by the article's language;
// weights title A > summary B > body C) matched by the query parsed with both configurations, so
// «договоры» finds «договор» and "invoices" finds "invoice"; plus trigram word similarity on titles for
// misspellings. Suggestions for a case keep only the text's most telling lexemes (term frequency in the
// text × inverse document frequency from kb_lexeme_stats, migration 0039), fetch a bounded candidate set
// through the GIN index by the rarest of them, and rank only those candidates.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { parseBody } from '../../core/validation.js';
import { kbSuggestSchema, type KbLanguage } from '@svyaz/shared';
import { articleReadCondition } from './kb-access.js';
import { HIGHLIGHT_START, HIGHLIGHT_STOP, highlightToHtml } from './kb-html.js';

/** The tsquery of a search box text: websearch syntax in both configurations, OR-ed. */
export function searchQuery(q: string): SQL {
  return sql`(websearch_to_tsquery('russian', ${q}) || websearch_to_tsquery('english', ${q}))`;
}

/** Condition on `kb_articles a`: the text matches by morphology, or the title is a near spelling of it. */
export function searchCondition(q: string, alias = 'a'): SQL {
  const column = (name: string) => sql.raw(`"${alias}"."${name}"`);
  return sql`(${column('search_vector')} @@ ${searchQuery(q)} or ${q} <% ${column('title')})`;
}

export function searchRank(q: string, alias = 'a'): SQL {
  const column = (name: string) => sql.raw(`"${alias}"."${name}"`);
  return sql`(ts_rank_cd(${column('search_vector')}, ${searchQuery(q)}) + word_similarity(${q}, ${column('title')}))`;
}

export const headlineOptions = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** Lexemes a suggestion is ranked by: the text's most telling ones. */
export const SUGGEST_TERMS = 10;
/** The candidate set is fetched by the rarest lexemes whose article counts add up to at most this. */
export const CANDIDATE_POSTINGS = 1_000;
/** Never more candidates than this are ranked (only texts made of common words reach it). */
export const CANDIDATE_LIMIT = 1_000;

export interface SuggestTerm {
  lexeme: string;
  /** Occurrences in the case text. */
  tf: number;
  /** Published articles of the workspace containing the lexeme. */
  df: number;
  /** BM25's inverse document frequency, ln(1 + (N − df + 0.5) / (df + 0.5)): always positive. */
  idf: number;
}

export interface SuggestPlan {
  terms: SuggestTerm[];
  /** The tsquery the candidates are fetched by (through the GIN index). */
  candidates: string;
  /** All terms OR-ed: what the snippets highlight. */
  all: string;
}

/** A lexeme as a tsquery operand: quoted, so no lexeme is read as an operator. */
export function tsqueryLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The plan of a suggestion from the case text's lexemes with their counts: the SUGGEST_TERMS lexemes
 * with the highest tf × idf (lexemes no published article has are dropped), and the candidate query —
 * an OR of the rarest of them while their article counts add up to CANDIDATE_POSTINGS (an article
 * containing none of the text's rare words cannot be its best answer); when even the rarest is common,
 * the articles holding at least two of the three rarest, or all of the rarest 3, 4 … (estimated as
 * independent words), whichever first fits the budget. Null when no lexeme occurs in any article.
 */
export function planSuggestion(found: Array<{ lexeme: string; tf: number; df: number }>, articles: number): SuggestPlan | null {
  const terms = found
    .filter((row) => row.df > 0)
    .map((row) => ({ lexeme: row.lexeme, tf: row.tf, df: row.df, idf: Math.log(1 + (articles - row.df + 0.5) / (row.df + 0.5)) }))
    .sort((a, b) => b.tf * b.idf - a.tf * a.idf || a.df - b.df || a.lexeme.localeCompare(b.lexeme))
    .slice(0, SUGGEST_TERMS);
  if (terms.length === 0) return null;
  const rarest = [...terms].sort((a, b) => a.df - b.df || a.lexeme.localeCompare(b.lexeme));
  const quoted = rarest.map((term) => tsqueryLexeme(term.lexeme));
  let candidates: string | null = null;
  let postings = 0;
  let count = 0;
  for (const term of rarest) {
    if (postings + term.df > CANDIDATE_POSTINGS) break;
    postings += term.df;
    count += 1;
  }
  if (count > 0) candidates = quoted.slice(0, count).join(' | ');
  else if (rarest.length >= 3) {
    const [a, b, c] = rarest.map((term) => term.df / Math.max(articles, 1)) as [number, number, number];
    if ((a * b + a * c + b * c) * articles <= CANDIDATE_POSTINGS) candidates = `(${quoted[0]} & ${quoted[1]}) | (${quoted[0]} & ${quoted[2]}) | (${quoted[1]} & ${quoted[2]})`;
  }
  if (!candidates) {
    let share = 1;
    let size = 0;
    for (const term of rarest) {
      share *= term.df / Math.max(articles, 1);
      size += 1;
      if (size >= 2 && share * articles <= CANDIDATE_POSTINGS) break;
    }
    candidates = quoted.slice(0, size).join(' & ');
  }
  return { terms, candidates, all: quoted.join(' | ') };
}

/** The statement reading a case text's lexemes with their article counts (also what the benchmark measures bare). */
export function termsSql(workspaceId: string, text: string, language: KbLanguage | null): SQL {
  const vector = language === 'en' ? sql`to_tsvector('english', ${text})` : language === 'ru' ? sql`to_tsvector('russian', ${text})` : sql`(to_tsvector('russian', ${text}) || to_tsvector('english', ${text}))`;
  return sql`select t.lexeme, coalesce(array_length(t.positions, 1), 1) as tf, coalesce(s.articles, 0) as df, coalesce(n.articles, 0) as total
    from unnest(${vector}) t
    left join kb_lexeme_stats s on s.workspace_id = ${workspaceId}::uuid and s.lexeme = t.lexeme
    left join kb_lexeme_stats n on n.workspace_id = ${workspaceId}::uuid and n.lexeme = ''
    where length(t.lexeme) >= 2`;
}

export async function planForText(db: Db, workspaceId: string, text: string, language: KbLanguage | null): Promise<SuggestPlan | null> {
  const found = await rows<{ lexeme: string; tf: number; df: number; total: number }>(db, termsSql(workspaceId, text, language));
  const normalised = found.map((row) => ({ lexeme: row.lexeme, tf: Number(row.tf), df: Number(row.df) }));
  return planSuggestion(normalised, Number(found[0]?.total ?? 0));
}

export interface Suggestion {
  id: string;
  slug: string;
  title: string;
  summary: string;
  language: string;
  visibility: string;
  resolvedCount: number;
  score: number;
  /** HTML: the text around the matches, escaped, the matches in <mark>. */
  snippet: string;
}

/**
 * The articles that best answer a case's text (subject + description): published ones the actor may
 * read, ranked by Σ idf × ts_rank over the text's telling lexemes, times 1 + 0.25·ln(1 + resolutions).
 * The cases screen calls this.
 */
export async function suggestArticles(ctx: Ctx, input: { text: string; language?: KbLanguage | null; limit?: number }): Promise<{ data: Suggestion[] }> {
  const { text, language, limit } = parseBody(kbSuggestSchema, { text: input.text, language: input.language ?? null, limit: input.limit ?? 5 });
  if (!text.trim()) return { data: [] };
  const plan = await planForText(ctx.db, ctx.actor.workspaceId, text, language);
  if (!plan) return { data: [] };
  const found = await rows<Suggestion & { headline: string }>(ctx.db, suggestionSql(articleReadCondition(ctx.actor, 'a'), plan, limit));
  return { data: found.map(({ headline, ...row }) => ({ ...row, resolvedCount: Number(row.resolvedCount), score: Number(row.score), snippet: highlightToHtml(headline) })) };
}

/**
 * The suggestion statement (also what the benchmark measures bare): the candidates the actor may read
 * through the GIN index (at most CANDIDATE_LIMIT), each vector decompressed once (`|| ''`) for the
 * per-lexeme ranks, the top `limit` with snippets.
 */
export function suggestionSql(readable: SQL, plan: SuggestPlan, limit: number): SQL {
  const rank = sql.join(
    plan.terms.map((term) => sql`${term.idf}::float8 * ts_rank(c.v, ${tsqueryLexeme(term.lexeme)}::tsquery)`),
    sql` + `,
  );
  return sql`with candidates as (
      select a.id, a.slug, a.title, a.summary, a.language, a.visibility, a.resolved_count, a.body_text, a.search_vector || ''::tsvector as v
      from kb_articles a
      where ${readable} and a.status = 'published' and a.search_vector @@ ${plan.candidates}::tsquery
      limit ${CANDIDATE_LIMIT}),
    top as (
      select c.id, c.slug, c.title, c.summary, c.language, c.visibility, c.resolved_count, c.body_text,
        (${rank}) * (1 + 0.25 * ln(1 + c.resolved_count)) as score
      from candidates c
      order by score desc, c.id
      limit ${limit})
    select top.id::text as id, top.slug, top.title, top.summary, top.language, top.visibility, top.resolved_count as "resolvedCount", top.score,
      ts_headline(case when top.language = 'en' then 'english'::regconfig else 'russian'::regconfig end, top.body_text, ${plan.all}::tsquery, ${headlineOptions}) as headline
    from top
    order by top.score desc, top.id`;
}

export async function rankedIds(db: Db, condition: SQL, q: string, limit: number): Promise<string[]> {
  const found = await rows<{ id: string }>(db, sql`select a.id::text as id from kb_articles a where ${condition} and ${searchCondition(q)} order by ${searchRank(q)} desc, a.id limit ${limit}`);
  return found.map((row) => row.id);
}
