-- Search: Russian + English stemming, trigram similarity for partial and misspelt names,
-- digits-only phone matching, exact email/INN. Written by hand: drizzle-kit cannot express it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Digits of all phones, space separated; declared immutable (array_to_string on text[] is).
CREATE OR REPLACE FUNCTION svyaz_phone_digits(phones text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT regexp_replace(array_to_string(phones, ' '), '[^0-9 ]', '', 'g') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION svyaz_lower_array(items text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(array_to_string(items, ' ')) $$;
--> statement-breakpoint
ALTER TABLE companies
  ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(inn, '') || ' ' || coalesce(city, '') || ' ' || coalesce(industry, '')), 'C')
  ) STORED,
  ADD COLUMN phone_digits text GENERATED ALWAYS AS (svyaz_phone_digits(phones)) STORED;
--> statement-breakpoint
CREATE INDEX companies_search_idx ON companies USING gin (search_vector);
--> statement-breakpoint
CREATE INDEX companies_name_trgm_idx ON companies USING gin (lower(name) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX companies_phone_trgm_idx ON companies USING gin (phone_digits gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX companies_emails_idx ON companies USING gin (emails);
--> statement-breakpoint
CREATE INDEX companies_name_sort_idx ON companies (workspace_id, name COLLATE "und-x-icu", id);
--> statement-breakpoint
ALTER TABLE contacts
  ADD COLUMN full_name text GENERATED ALWAYS AS (
    btrim(coalesce(last_name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(middle_name, ''))
  ) STORED,
  ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', coalesce(last_name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(middle_name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(last_name, '') || ' ' || coalesce(first_name, '')), 'A') ||
    setweight(to_tsvector('russian', coalesce(position, '')), 'C') ||
    setweight(to_tsvector('simple', coalesce(city, '')), 'D')
  ) STORED,
  ADD COLUMN phone_digits text GENERATED ALWAYS AS (svyaz_phone_digits(phones)) STORED;
--> statement-breakpoint
CREATE INDEX contacts_search_idx ON contacts USING gin (search_vector);
--> statement-breakpoint
CREATE INDEX contacts_name_trgm_idx ON contacts USING gin (lower(full_name) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX contacts_phone_trgm_idx ON contacts USING gin (phone_digits gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX contacts_emails_idx ON contacts USING gin (emails);
--> statement-breakpoint
CREATE INDEX contacts_name_sort_idx ON contacts (workspace_id, last_name COLLATE "und-x-icu", id);
--> statement-breakpoint
ALTER TABLE leads
  ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', coalesce(title, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(first_name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(first_name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(inn, '')), 'C')
  ) STORED,
  ADD COLUMN search_name text GENERATED ALWAYS AS (
    lower(btrim(coalesce(title, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(first_name, '')))
  ) STORED,
  ADD COLUMN phone_digits text GENERATED ALWAYS AS (svyaz_phone_digits(phones)) STORED;
--> statement-breakpoint
CREATE INDEX leads_search_idx ON leads USING gin (search_vector);
--> statement-breakpoint
CREATE INDEX leads_name_trgm_idx ON leads USING gin (search_name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX leads_phone_trgm_idx ON leads USING gin (phone_digits gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX leads_emails_idx ON leads USING gin (emails);
--> statement-breakpoint
ALTER TABLE deals
  ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(title, '')), 'A')
  ) STORED;
--> statement-breakpoint
CREATE INDEX deals_search_idx ON deals USING gin (search_vector);
--> statement-breakpoint
CREATE INDEX deals_title_trgm_idx ON deals USING gin (lower(title) gin_trgm_ops);
