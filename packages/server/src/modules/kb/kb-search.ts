// Search over articles: the tsvector (russian or english configuration by the article's language;
// weights title A > summary B > body C) matched by the query parsed with both configurations, so
// «договоры» finds «договор» and "invoices" finds "invoice"; plus trigram word similarity on titles for
// misspellings. Suggestions for a case take the text's significant lexemes as an OR-query ranked by
// ts_rank_cd and boosted by the article's past resolutions.
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

/** Lexemes per suggestion query: the text's most repeated (then longest) words. */
export const SUGGEST_TERMS = 16;

/** The significant lexemes of a case text as one OR tsquery (null when there are none). */
export function suggestQuerySql(text: string, language: KbLanguage | null): SQL {
  const vector = language === 'en' ? sql`to_tsvector('english', ${text})` : language === 'ru' ? sql`to_tsvector('russian', ${text})` : sql`(to_tsvector('russian', ${text}) || to_tsvector('english', ${text}))`;
  return sql`(select string_agg(quote_literal(t.lexeme), ' | ')::tsquery from (
      select lexeme from unnest(${vector}) where length(lexeme) >= 3
      order by coalesce(array_length(positions, 1), 0) desc, length(lexeme) desc limit ${SUGGEST_TERMS}) t)`;
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
 * read, ranked by ts_rank_cd over an OR-query of the text's lexemes, times 1 + 0.25·ln(1 + resolutions).
 * The cases screen calls this.
 */
export async function suggestArticles(ctx: Ctx, input: { text: string; language?: KbLanguage | null; limit?: number }): Promise<{ data: Suggestion[] }> {
  const { text, language, limit } = parseBody(kbSuggestSchema, { text: input.text, language: input.language ?? null, limit: input.limit ?? 5 });
  if (!text.trim()) return { data: [] };
  const found = await rows<Suggestion & { headline: string }>(ctx.db, suggestionSql(ctx.actor.workspaceId, articleReadCondition(ctx.actor, 'a'), text, language, limit));
  return { data: found.map(({ headline, ...row }) => ({ ...row, resolvedCount: Number(row.resolvedCount), score: Number(row.score), snippet: highlightToHtml(headline) })) };
}

/** The suggestion statement (also what the benchmark measures bare). */
export function suggestionSql(_workspaceId: string, readable: SQL, text: string, language: KbLanguage | null, limit: number): SQL {
  return sql`with query as (select ${suggestQuerySql(text, language)} as q),
    top as (
      select a.id, a.slug, a.title, a.summary, a.language, a.visibility, a.resolved_count, a.body_text,
        ts_rank_cd(a.search_vector, query.q) * (1 + 0.25 * ln(1 + a.resolved_count)) as score
      from kb_articles a, query
      where ${readable} and a.status = 'published' and a.search_vector @@ query.q
      order by score desc, a.id
      limit ${limit})
    select top.id::text as id, top.slug, top.title, top.summary, top.language, top.visibility, top.resolved_count as "resolvedCount", top.score,
      ts_headline(case when top.language = 'en' then 'english'::regconfig else 'russian'::regconfig end, top.body_text, query.q, ${headlineOptions}) as headline
    from top, query
    order by top.score desc, top.id`;
}

export async function rankedIds(db: Db, condition: SQL, q: string, limit: number): Promise<string[]> {
  const found = await rows<{ id: string }>(db, sql`select a.id::text as id from kb_articles a where ${condition} and ${searchCondition(q)} order by ${searchRank(q)} desc, a.id limit ${limit}`);
  return found.map((row) => row.id);
}
