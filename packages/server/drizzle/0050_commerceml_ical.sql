-- Exchange with 1C (CommerceML 2) and calendar feeds (issue 15). Products carry the id 1C gives them
-- (Ид) as external_id, unique among non-deleted products of a workspace. A protocol session is what
-- 1C's checkauth opens: its cookie (hashed), the user it acts as, and the orders the last query sent
-- (marked exchanged when 1C answers success). Uploaded files are kept as ordered chunks (1C may send a
-- file in several POSTs) so any API process can import them, streaming chunk by chunk. Every call is
-- logged. An iCalendar feed is a per-user secret token (hashed).
ALTER TABLE products ADD COLUMN IF NOT EXISTS external_id text;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS products_ws_external_id_uq ON products (workspace_id, external_id) WHERE deleted_at IS NULL AND external_id IS NOT NULL AND external_id <> '';
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS commerceml_sessions (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  cookie_hash text NOT NULL,
  pending_orders jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS commerceml_sessions_cookie_uq ON commerceml_sessions (cookie_hash);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS commerceml_files (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  session_id uuid NOT NULL REFERENCES commerceml_sessions (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  seq integer NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS commerceml_files_chunk_uq ON commerceml_files (session_id, file_name, seq);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS commerceml_exchanges (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  user_id uuid,
  session_id uuid,
  type text NOT NULL,
  mode text NOT NULL,
  file_name text,
  status text NOT NULL,
  counts jsonb NOT NULL DEFAULT '{}'::jsonb,
  error jsonb,
  duration_ms integer NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT commerceml_exchanges_status_check CHECK (status IN ('ok', 'failed'))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS commerceml_exchanges_ws_created_idx ON commerceml_exchanges (workspace_id, created_at DESC, id DESC);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS commerceml_order_exports (
  order_id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL,
  order_updated_at timestamptz(3) NOT NULL,
  exported_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS ical_feeds (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  token_hash text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS ical_feeds_user_uq ON ical_feeds (user_id);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS ical_feeds_token_uq ON ical_feeds (token_hash);
