-- Issue 12: the knowledge base. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
-- Categories are a tree per workspace, managed by administrators (settings rights).
CREATE TABLE IF NOT EXISTS kb_categories (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  parent_id uuid REFERENCES kb_categories (id) ON DELETE RESTRICT,
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS kb_categories_ws_idx ON kb_categories (workspace_id, parent_id, position);
--> statement-breakpoint
-- An article: sanitised HTML body plus its plain text (what search and snippets read). The tsvector uses the
-- article's language configuration (russian also stems Latin words with the English stemmer).
CREATE TABLE IF NOT EXISTS kb_articles (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  slug text NOT NULL,
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  body_text text NOT NULL DEFAULT '',
  category_id uuid REFERENCES kb_categories (id) ON DELETE SET NULL,
  tags text[] NOT NULL DEFAULT '{}'::text[],
  language text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  visibility text NOT NULL DEFAULT 'internal' CHECK (visibility IN ('internal', 'public')),
  author_id uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  resolved_count integer NOT NULL DEFAULT 0,
  published_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig ELSE 'russian'::regconfig END, coalesce(title, '')), 'A') ||
    setweight(to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig ELSE 'russian'::regconfig END, coalesce(summary, '')), 'B') ||
    setweight(to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig ELSE 'russian'::regconfig END, coalesce(body_text, '')), 'C')
  ) STORED
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS kb_articles_ws_slug_uq ON kb_articles (workspace_id, slug);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS kb_articles_search_idx ON kb_articles USING gin (search_vector);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS kb_articles_title_trgm_idx ON kb_articles USING gin (title gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS kb_articles_ws_updated_idx ON kb_articles (workspace_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS kb_articles_ws_category_idx ON kb_articles (workspace_id, category_id) WHERE deleted_at IS NULL;
--> statement-breakpoint
-- The state an article had before each save (and before a restore): view it, restore it.
CREATE TABLE IF NOT EXISTS kb_article_versions (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  article_id uuid NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  version integer NOT NULL,
  title text NOT NULL,
  summary text NOT NULL,
  body text NOT NULL,
  category_id uuid,
  tags text[] NOT NULL DEFAULT '{}'::text[],
  language text NOT NULL,
  status text NOT NULL,
  visibility text NOT NULL,
  saved_by uuid,
  saved_at timestamptz(3) NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS kb_article_versions_uq ON kb_article_versions (article_id, version);
--> statement-breakpoint
-- Agents' marks: an article resolved a case (case_id: a uuid without a foreign key, cases land separately)
-- or did not help.
CREATE TABLE IF NOT EXISTS kb_article_feedback (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  article_id uuid NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('resolved', 'not_helpful')),
  case_id uuid,
  user_id uuid,
  comment text,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS kb_article_feedback_case_uq ON kb_article_feedback (article_id, case_id, kind) WHERE case_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS kb_article_feedback_ws_idx ON kb_article_feedback (workspace_id, article_id, kind);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS kb_article_feedback_case_idx ON kb_article_feedback (workspace_id, case_id) WHERE case_id IS NOT NULL;
--> statement-breakpoint
-- Public readers' votes: one per browser (a random cookie, stored hashed), changeable.
CREATE TABLE IF NOT EXISTS kb_article_ratings (
  workspace_id uuid NOT NULL,
  article_id uuid NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  voter text NOT NULL,
  helpful boolean NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, voter)
);
--> statement-breakpoint
-- Views per article and day (one upserted row per day, not a counter on the article row).
CREATE TABLE IF NOT EXISTS kb_article_views (
  workspace_id uuid NOT NULL,
  article_id uuid NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  day date NOT NULL,
  views integer NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, day)
);
--> statement-breakpoint
-- The public portal of a workspace: /portal/:slug and /api/public/kb/:slug.
CREATE TABLE IF NOT EXISTS kb_portals (
  workspace_id uuid PRIMARY KEY,
  slug text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  title text NOT NULL DEFAULT '',
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS kb_portals_slug_uq ON kb_portals (slug);
--> statement-breakpoint
-- The role matrix gains the settings-style object knowledge_base (none/all): administrators and heads of
-- sales write articles; every workspace user reads published internal ones whatever their role says.
UPDATE roles SET permissions = permissions || jsonb_build_object('knowledge_base',
  CASE WHEN key IN ('admin', 'head_of_sales')
    THEN '{"read":"all","create":"all","update":"all","delete":"all","export":"all"}'::jsonb
    ELSE '{"read":"none","create":"none","update":"none","delete":"none","export":"none"}'::jsonb END)
WHERE NOT permissions ? 'knowledge_base';
