-- Issue 12, speed of KB suggestions: in how many published articles of a workspace each lexeme occurs
-- (document frequency), so a case text is searched by its few most telling lexemes instead of an
-- OR of all its words over most of the knowledge base. The row with the empty lexeme ('' is never a
-- tsvector lexeme) holds the number of published articles. Kept by statement-level triggers on every
-- write of kb_articles (inserts, edits, publishing, archiving, soft deletes), set-based, rows taken in
-- lexeme order so concurrent writers cannot deadlock.
CREATE TABLE IF NOT EXISTS kb_lexeme_stats (
  workspace_id uuid NOT NULL,
  lexeme text NOT NULL,
  articles integer NOT NULL,
  PRIMARY KEY (workspace_id, lexeme)
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION svyaz_kb_lexeme_deltas() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO kb_lexeme_stats AS s (workspace_id, lexeme, articles)
    SELECT c.workspace_id, c.lexeme, sum(c.delta)::integer FROM (
      SELECT n.workspace_id, l.lexeme, 1 AS delta FROM new_rows n, unnest(array_append(tsvector_to_array(n.search_vector), '')) AS l(lexeme)
      WHERE n.status = 'published' AND n.deleted_at IS NULL) c
    GROUP BY c.workspace_id, c.lexeme ORDER BY c.workspace_id, c.lexeme
    ON CONFLICT (workspace_id, lexeme) DO UPDATE SET articles = s.articles + excluded.articles;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO kb_lexeme_stats AS s (workspace_id, lexeme, articles)
    SELECT c.workspace_id, c.lexeme, sum(c.delta)::integer FROM (
      SELECT n.workspace_id, l.lexeme, 1 AS delta FROM new_rows n, unnest(array_append(tsvector_to_array(n.search_vector), '')) AS l(lexeme)
      WHERE n.status = 'published' AND n.deleted_at IS NULL
      UNION ALL
      SELECT o.workspace_id, l.lexeme, -1 AS delta FROM old_rows o, unnest(array_append(tsvector_to_array(o.search_vector), '')) AS l(lexeme)
      WHERE o.status = 'published' AND o.deleted_at IS NULL) c
    GROUP BY c.workspace_id, c.lexeme HAVING sum(c.delta) <> 0 ORDER BY c.workspace_id, c.lexeme
    ON CONFLICT (workspace_id, lexeme) DO UPDATE SET articles = s.articles + excluded.articles;
  ELSE
    INSERT INTO kb_lexeme_stats AS s (workspace_id, lexeme, articles)
    SELECT c.workspace_id, c.lexeme, sum(c.delta)::integer FROM (
      SELECT o.workspace_id, l.lexeme, -1 AS delta FROM old_rows o, unnest(array_append(tsvector_to_array(o.search_vector), '')) AS l(lexeme)
      WHERE o.status = 'published' AND o.deleted_at IS NULL) c
    GROUP BY c.workspace_id, c.lexeme ORDER BY c.workspace_id, c.lexeme
    ON CONFLICT (workspace_id, lexeme) DO UPDATE SET articles = s.articles + excluded.articles;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kb_articles_lexemes_insert AFTER INSERT ON kb_articles REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_kb_lexeme_deltas();
--> statement-breakpoint
CREATE TRIGGER kb_articles_lexemes_update AFTER UPDATE ON kb_articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_kb_lexeme_deltas();
--> statement-breakpoint
CREATE TRIGGER kb_articles_lexemes_delete AFTER DELETE ON kb_articles REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_kb_lexeme_deltas();
--> statement-breakpoint
INSERT INTO kb_lexeme_stats (workspace_id, lexeme, articles)
SELECT a.workspace_id, l.lexeme, count(*)::integer FROM kb_articles a, unnest(array_append(tsvector_to_array(a.search_vector), '')) AS l(lexeme)
WHERE a.status = 'published' AND a.deleted_at IS NULL
GROUP BY a.workspace_id, l.lexeme
ON CONFLICT (workspace_id, lexeme) DO UPDATE SET articles = excluded.articles;
