-- Misspelling-tolerant search through a dictionary of the words in record names: a misspelt query word
-- is matched by trigram similarity against this small table (one row per distinct word per workspace),
-- and the similar words are then looked up in the full-text indexes. Trigram search over a million full
-- names is slow when a query shares common trigrams ("ова", "ван") with most of them.
CREATE TABLE IF NOT EXISTS search_words (
  workspace_id uuid NOT NULL,
  word text NOT NULL,
  PRIMARY KEY (workspace_id, word)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION svyaz_name_words(body text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple', coalesce(body, '')))) AS w
        WHERE length(w) BETWEEN 3 AND 40 AND w !~ '^[0-9]+$' $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION svyaz_collect_companies_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO search_words (workspace_id, word)
  SELECT DISTINCT n.workspace_id, w FROM new_rows n, svyaz_name_words(n.name) AS w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER companies_words_insert AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_collect_companies_words();
--> statement-breakpoint
CREATE TRIGGER companies_words_update AFTER UPDATE ON companies REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_collect_companies_words();
--> statement-breakpoint
INSERT INTO search_words (workspace_id, word) SELECT DISTINCT n.workspace_id, w FROM companies n, svyaz_name_words(n.name) AS w ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION svyaz_collect_contacts_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO search_words (workspace_id, word)
  SELECT DISTINCT n.workspace_id, w FROM new_rows n, svyaz_name_words(concat_ws(' ', n.last_name, n.first_name, n.middle_name)) AS w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_words_insert AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_collect_contacts_words();
--> statement-breakpoint
CREATE TRIGGER contacts_words_update AFTER UPDATE ON contacts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_collect_contacts_words();
--> statement-breakpoint
INSERT INTO search_words (workspace_id, word) SELECT DISTINCT n.workspace_id, w FROM contacts n, svyaz_name_words(concat_ws(' ', n.last_name, n.first_name, n.middle_name)) AS w ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION svyaz_collect_leads_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO search_words (workspace_id, word)
  SELECT DISTINCT n.workspace_id, w FROM new_rows n, svyaz_name_words(concat_ws(' ', n.title, n.company_name, n.last_name, n.first_name)) AS w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER leads_words_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_collect_leads_words();
--> statement-breakpoint
CREATE TRIGGER leads_words_update AFTER UPDATE ON leads REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_collect_leads_words();
--> statement-breakpoint
INSERT INTO search_words (workspace_id, word) SELECT DISTINCT n.workspace_id, w FROM leads n, svyaz_name_words(concat_ws(' ', n.title, n.company_name, n.last_name, n.first_name)) AS w ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION svyaz_collect_deals_words() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO search_words (workspace_id, word)
  SELECT DISTINCT n.workspace_id, w FROM new_rows n, svyaz_name_words(n.title) AS w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deals_words_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_collect_deals_words();
--> statement-breakpoint
CREATE TRIGGER deals_words_update AFTER UPDATE ON deals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION svyaz_collect_deals_words();
--> statement-breakpoint
INSERT INTO search_words (workspace_id, word) SELECT DISTINCT n.workspace_id, w FROM deals n, svyaz_name_words(n.title) AS w ON CONFLICT DO NOTHING;
