-- Issue 12: the portal's "create a case" form, CSAT after resolution, and complaints as case categories.
-- case_categories: the workspace's configurable categories (the built-in keys seeded for every workspace;
-- is_complaint marks those the complaints report counts). case_portal_submissions: one row per accepted
-- portal submission (the per-IP and per-email limits count these; the status link's token is kept hashed).
-- case_csat_requests: the outbox a case's resolution writes in its own transaction, drained by the
-- cases-csat job. Surveys gain "send after resolution" and what a low score does to its case.
CREATE TABLE IF NOT EXISTS case_categories (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  key text NOT NULL,
  name_ru text NOT NULL,
  name_en text NOT NULL,
  is_complaint boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  on_portal boolean NOT NULL DEFAULT true,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS case_categories_ws_key_uq ON case_categories (workspace_id, key);
--> statement-breakpoint
INSERT INTO case_categories (workspace_id, key, name_ru, name_en, is_complaint, position)
SELECT w.id, c.key, c.name_ru, c.name_en, c.is_complaint, c.position
FROM workspaces w CROSS JOIN (VALUES
  ('question', 'Вопрос', 'Question', false, 1),
  ('incident', 'Неисправность', 'Incident', false, 2),
  ('request', 'Запрос', 'Request', false, 3),
  ('complaint', 'Жалоба', 'Complaint', true, 4),
  ('claim', 'Претензия', 'Claim', true, 5),
  ('refusal', 'Отказ', 'Refusal', true, 6),
  ('other', 'Другое', 'Other', false, 7)
) AS c(key, name_ru, name_en, is_complaint, position)
ON CONFLICT (workspace_id, key) DO NOTHING;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS case_portal_submissions (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  case_id uuid NOT NULL,
  ip text NOT NULL,
  email text NOT NULL,
  token_hash text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS case_portal_submissions_token_uq ON case_portal_submissions (token_hash);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS case_portal_submissions_ip_idx ON case_portal_submissions (workspace_id, ip, created_at);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS case_portal_submissions_email_idx ON case_portal_submissions (workspace_id, email, created_at);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS case_csat_requests (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  case_id uuid NOT NULL,
  actor_id uuid,
  status text NOT NULL DEFAULT 'pending',
  invited integer NOT NULL DEFAULT 0,
  failure text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  processed_at timestamptz(3)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS case_csat_requests_pending_idx ON case_csat_requests (created_at) WHERE status = 'pending';
--> statement-breakpoint
ALTER TABLE surveys ADD COLUMN IF NOT EXISTS send_after_resolution boolean NOT NULL DEFAULT true;
--> statement-breakpoint
ALTER TABLE surveys ADD COLUMN IF NOT EXISTS low_score_action text NOT NULL DEFAULT 'reopen';
--> statement-breakpoint
ALTER TABLE cases ADD COLUMN IF NOT EXISTS flagged_at timestamptz(3);
--> statement-breakpoint
ALTER TABLE cases ADD COLUMN IF NOT EXISTS flag_reason text;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_ws_category_created_idx ON cases (workspace_id, category, created_at);
