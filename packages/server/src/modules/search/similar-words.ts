// Misspelling tolerance: each word of the query is compared (pg_trgm similarity) with the workspace's
// dictionary of name words (search_words, kept by triggers, see 0010_search_words.sql), and the query
// becomes "(typed | similar | similar) & (…)" for the full-text indexes. The dictionary holds one row per
// distinct word, so this stays fast where trigram search over every full name would not.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

const WORD = /^[\p{L}\p{N}]+$/u;
/** How many dictionary words may stand in for one typed word. */
const ALTERNATIVES = 4;

/** The distinct words of a text that can be looked up: letters or digits, at least 3 long, not only digits. */
export function nameTokens(text: string, max = 6): string[] {
  return Array.from(new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((token) => token.length >= 3 && /\p{L}/u.test(token)))).slice(0, max);
}

/**
 * Each token with the dictionary words spelt like it (the token first), as tsquery alternatives. Tokens
 * must come from nameTokens, so that neither they nor the dictionary words carry tsquery syntax.
 */
export async function similarWordGroups(db: Db, workspaceId: string, tokens: string[], alternatives = ALTERNATIVES): Promise<{ groups: Map<string, string[]>; inDictionary: boolean }> {
  const groups = new Map(tokens.map((token) => [token, [token]]));
  if (tokens.length === 0) return { groups, inDictionary: false };
  const found = await rows<{ token: string; word: string }>(
    db,
    sql`select t.token, w.word from unnest(${pgArrayLiteral(tokens)}::text[]) as t(token)
        cross join lateral (select s.word from search_words s where s.workspace_id = ${workspaceId} and s.word % t.token
          order by similarity(s.word, t.token) desc, s.word limit ${alternatives}) w`,
  );
  for (const row of found) {
    // A misspelling keeps roughly the length of the word: "иван" is not a spelling of "иваноф", and
    // "михайлоф" means Михайлов or Михайлова rather than the patronymics Михайлович and Михайловна
    // (which would also multiply the records the full-text index has to hand over).
    const slack = row.token.length > 8 ? 2 : 1;
    const group = groups.get(row.token)!;
    if (WORD.test(row.word) && Math.abs(row.word.length - row.token.length) <= slack && !group.includes(row.word)) group.push(row.word);
  }
  return { groups, inDictionary: found.length > 0 };
}

/** One group as tsquery text: "(typed | similar | similar)". */
export function alternativesQuery(words: string[]): string {
  return `(${words.join(' | ')})`;
}

/** The tsquery text, or null when no word of the query has a similar dictionary word. */
export async function findSimilarWords(db: Db, workspaceId: string, text: string): Promise<string | null> {
  const tokens = nameTokens(text);
  const { groups, inDictionary } = await similarWordGroups(db, workspaceId, tokens);
  if (!inDictionary) return null;
  return tokens.map((token) => alternativesQuery(groups.get(token)!)).join(' & ');
}

/**
 * Removes dictionary words that no live record's name holds any more (records renamed, deleted or merged
 * away; the triggers only ever add). Run nightly, per workspace, as one anti-join against the words of
 * every name. A record written while this runs with a word that was stale may lose it from the dictionary
 * until the record is next saved; only misspelling tolerance for that word is affected, never exact search.
 * The name expressions must stay those of the triggers that fill the dictionary (drizzle/0010_search_words.sql).
 */
export async function pruneSearchWords(db: Db): Promise<{ removed: number }> {
  const workspaces = await rows<{ id: string }>(db, sql`select id from workspaces`);
  let removed = 0;
  for (const { id } of workspaces) {
    const [deleted] = await rows<{ n: number }>(
      db,
      sql`with gone as (delete from search_words s
          where s.workspace_id = ${id} and not exists (
            select 1 from (
              select w from companies t, svyaz_name_words(t.name) as w where t.workspace_id = ${id} and t.deleted_at is null
              union select w from contacts t, svyaz_name_words(concat_ws(' ', t.last_name, t.first_name, t.middle_name)) as w where t.workspace_id = ${id} and t.deleted_at is null
              union select w from leads t, svyaz_name_words(concat_ws(' ', t.title, t.company_name, t.last_name, t.first_name)) as w where t.workspace_id = ${id} and t.deleted_at is null
              union select w from deals t, svyaz_name_words(t.title) as w where t.workspace_id = ${id} and t.deleted_at is null
            ) live where live.w = s.word)
          returning 1)
          select count(*)::int as n from gone`,
    );
    removed += deleted.n;
  }
  return { removed };
}
