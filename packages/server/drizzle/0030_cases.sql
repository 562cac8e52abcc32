-- Issue 12: service desk cases (an owned object of the record engine), their numbering, queues, routing rules,
-- the SLA pause log (filled by the cases module; deadlines are computed by modules/sla), the support flag of
-- mailboxes, web forms that create cases, and the `cases` entry of every stored role.
-- Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
CREATE TABLE IF NOT EXISTS case_queues (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  description text,
  team_id uuid,
  head_user_id uuid,
  escalation_minutes integer NOT NULL DEFAULT 60,
  overflow_queue_id uuid,
  last_assigned_user_id uuid,
  is_active boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3)
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS case_queues_ws_name_uq ON case_queues (workspace_id, lower(name)) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS case_queue_members (
  workspace_id uuid NOT NULL,
  queue_id uuid NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (queue_id, user_id)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS case_queue_members_user_idx ON case_queue_members (workspace_id, user_id);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS case_routing_rules (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  position integer NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  conditions jsonb NOT NULL DEFAULT '{}'::jsonb,
  queue_id uuid NOT NULL,
  assignment text NOT NULL DEFAULT 'none',
  user_id uuid,
  set_priority text,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS case_routing_rules_ws_position_idx ON case_routing_rules (workspace_id, position);
--> statement-breakpoint
-- One row per workspace: the last case number. Taken with UPDATE … RETURNING inside the creating transaction,
-- so concurrent creates queue on the row lock and a rolled-back create gives its number back (no gaps).
CREATE TABLE IF NOT EXISTS case_number_sequences (
  workspace_id uuid PRIMARY KEY,
  last_number bigint NOT NULL DEFAULT 0
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS cases (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  number text NOT NULL,
  subject text NOT NULL,
  description text,
  company_id uuid,
  contact_id uuid,
  requester_email text,
  channel text NOT NULL DEFAULT 'manual',
  category text NOT NULL DEFAULT 'question',
  priority text NOT NULL DEFAULT 'normal',
  status text NOT NULL DEFAULT 'new',
  is_open boolean NOT NULL DEFAULT true,
  language text,
  queue_id uuid,
  order_id uuid,
  product_id uuid,
  contract_id uuid,
  source_call_id uuid,
  source_web_form_id uuid,
  status_changed_at timestamptz(3) NOT NULL DEFAULT now(),
  first_response_at timestamptz(3),
  resolved_at timestamptz(3),
  closed_at timestamptz(3),
  reopened_count integer NOT NULL DEFAULT 0,
  last_customer_message_at timestamptz(3),
  escalated_at timestamptz(3),
  -- SLA (modules/sla computes these; the cases module keeps the pause state).
  sla_policy_id uuid,
  first_response_due_at timestamptz(3),
  resolution_due_at timestamptz(3),
  sla_paused_at timestamptz(3),
  sla_paused_seconds integer NOT NULL DEFAULT 0,
  owner_id uuid,
  team_id uuid,
  collaborator_ids uuid[] NOT NULL DEFAULT '{}'::uuid[],
  tags text[] NOT NULL DEFAULT '{}'::text[],
  custom jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', coalesce(number, '') || ' ' || coalesce(subject, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(number, '') || ' ' || coalesce(subject, '')), 'A') ||
    setweight(to_tsvector('russian', left(regexp_replace(coalesce(description, ''), '<[^>]*>', ' ', 'g'), 20000)), 'C') ||
    setweight(to_tsvector('english', left(regexp_replace(coalesce(description, ''), '<[^>]*>', ' ', 'g'), 20000)), 'C')
  ) STORED
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS cases_ws_number_uq ON cases (workspace_id, number);
--> statement-breakpoint
-- The list's default order and the engine's created-at sorts.
CREATE INDEX IF NOT EXISTS cases_ws_created_idx ON cases (workspace_id, created_at, id);
--> statement-breakpoint
-- The desk: my queue (owner_id = me) and unassigned (owner_id is null), open cases oldest first.
CREATE INDEX IF NOT EXISTS cases_desk_owner_idx ON cases (workspace_id, owner_id, is_open, created_at, id);
--> statement-breakpoint
-- The desk: a queue's open cases.
CREATE INDEX IF NOT EXISTS cases_desk_queue_idx ON cases (workspace_id, queue_id, is_open, created_at, id);
--> statement-breakpoint
-- The desk: waiting for the customer (and any other status).
CREATE INDEX IF NOT EXISTS cases_desk_status_idx ON cases (workspace_id, status, created_at, id);
--> statement-breakpoint
-- The desk: breaching soon, by the resolution deadline.
CREATE INDEX IF NOT EXISTS cases_desk_due_idx ON cases (workspace_id, is_open, resolution_due_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_ws_company_idx ON cases (workspace_id, company_id) WHERE company_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_ws_contact_idx ON cases (workspace_id, contact_id) WHERE contact_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_ws_order_idx ON cases (workspace_id, order_id) WHERE order_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_search_access_idx ON cases USING gin ((ARRAY[owner_id]), (ARRAY[team_id]), collaborator_ids, search_vector) WITH (gin_pending_list_limit = 1024);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_subject_trgm_idx ON cases USING gin (lower(subject) gin_trgm_ops);
--> statement-breakpoint
-- The SLA pause log: each stretch a case waited for the customer.
CREATE TABLE IF NOT EXISTS case_sla_pauses (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  case_id uuid NOT NULL,
  paused_at timestamptz(3) NOT NULL,
  resumed_at timestamptz(3)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS case_sla_pauses_case_idx ON case_sla_pauses (case_id, paused_at);
--> statement-breakpoint
ALTER TABLE mailboxes ADD COLUMN IF NOT EXISTS is_support boolean NOT NULL DEFAULT false;
--> statement-breakpoint
ALTER TABLE mailboxes ADD COLUMN IF NOT EXISTS support_queue_id uuid;
--> statement-breakpoint
ALTER TABLE web_forms ADD COLUMN IF NOT EXISTS target text NOT NULL DEFAULT 'lead';
--> statement-breakpoint
ALTER TABLE calls ADD COLUMN IF NOT EXISTS case_id uuid;
--> statement-breakpoint
-- Existing workspaces: every stored role gets a `cases` entry (the roles API requires every object).
-- Built-in roles as in core/access.ts defaultRoles; custom roles start with none (an admin grants more).
UPDATE roles SET permissions = permissions || jsonb_build_object('cases',
  CASE key
    WHEN 'admin' THEN '{"read":"all","create":"all","update":"all","delete":"all","export":"all"}'::jsonb
    WHEN 'head_of_sales' THEN '{"read":"all","create":"all","update":"all","delete":"all","export":"all"}'::jsonb
    WHEN 'sales_manager' THEN '{"read":"own","create":"own","update":"own","delete":"own","export":"none"}'::jsonb
    WHEN 'read_only' THEN '{"read":"all","create":"none","update":"none","delete":"none","export":"none"}'::jsonb
    ELSE '{"read":"none","create":"none","update":"none","delete":"none","export":"none"}'::jsonb
  END)
WHERE NOT (permissions ? 'cases');
