-- Issue 11: web forms and lead assignment rules. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
-- A form an admin builds in Settings. `key` is the public, unguessable part of its URLs
-- (/forms/:key, /api/public/forms/:key/submissions); fields, texts and the assignment rules are JSON
-- validated by the shared webFormInputSchema.
CREATE TABLE IF NOT EXISTS web_forms (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  key text NOT NULL,
  name text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  language text NOT NULL DEFAULT 'ru',
  fields jsonb NOT NULL DEFAULT '[]'::jsonb,
  consent jsonb NOT NULL DEFAULT '{}'::jsonb,
  allowed_origins text[] NOT NULL DEFAULT '{}'::text[],
  success_message jsonb NOT NULL DEFAULT '{}'::jsonb,
  redirect_url text,
  lead_source text,
  assignment jsonb NOT NULL DEFAULT '{}'::jsonb,
  task jsonb NOT NULL DEFAULT '{}'::jsonb,
  submission_count integer NOT NULL DEFAULT 0,
  spam_count integer NOT NULL DEFAULT 0,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3)
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS web_forms_key_uq ON web_forms (key);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS web_forms_ws_idx ON web_forms (workspace_id, created_at);
--> statement-breakpoint
-- Every accepted submission, with what the visitor agreed to (the consent text as shown), where they came from
-- and what it became. Written in the same transaction as its lead and task.
CREATE TABLE IF NOT EXISTS web_form_submissions (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  form_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'created',
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  consent_given boolean NOT NULL DEFAULT false,
  consent_text text,
  utm jsonb NOT NULL DEFAULT '{}'::jsonb,
  referrer text,
  page_url text,
  ip text,
  user_agent text,
  lead_id uuid,
  owner_id uuid,
  task_id uuid,
  assignment_rule text,
  matches jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS web_form_submissions_form_idx ON web_form_submissions (form_id, created_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS web_form_submissions_lead_idx ON web_form_submissions (workspace_id, lead_id);
--> statement-breakpoint
-- Round-robin position per form and team: locked (SELECT ... FOR UPDATE) by each submission's transaction,
-- so concurrent submissions take turns and each member gets the next lead in id order.
CREATE TABLE IF NOT EXISTS web_form_round_robin (
  workspace_id uuid NOT NULL,
  form_id uuid NOT NULL,
  team_id uuid NOT NULL,
  last_user_id uuid,
  assigned_count bigint NOT NULL DEFAULT 0,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (form_id, team_id)
);
