-- Issue 11: telephony: integrations, calls, call lists. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
-- A PBX or cloud provider. The secret is shown once; only its SHA-256 is stored (it is 32 random bytes, so a fast hash suffices).
CREATE TABLE IF NOT EXISTS telephony_integrations (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  provider text NOT NULL DEFAULT 'generic',
  secret_hash text NOT NULL,
  secret_hint text NOT NULL,
  originate_url text,
  is_active boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  secret_rotated_at timestamptz(3)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS telephony_integrations_ws_idx ON telephony_integrations (workspace_id);
--> statement-breakpoint
-- Which user answers an extension of an integration.
CREATE TABLE IF NOT EXISTS telephony_extensions (
  workspace_id uuid NOT NULL,
  integration_id uuid NOT NULL,
  extension text NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, extension)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS telephony_extensions_user_idx ON telephony_extensions (workspace_id, user_id);
--> statement-breakpoint
-- One row per call of a PBX (external id unique per integration); merged from its events in any order.
CREATE TABLE IF NOT EXISTS calls (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  integration_id uuid NOT NULL,
  external_id text NOT NULL,
  direction text NOT NULL,
  from_number text,
  to_number text,
  client_phone text,
  extension text,
  user_id uuid,
  state text NOT NULL DEFAULT 'ringing',
  started_at timestamptz(3),
  answered_at timestamptz(3),
  ended_at timestamptz(3),
  duration_sec integer,
  outcome text,
  recording_url text,
  recording_file_id uuid,
  record_type text,
  record_id uuid,
  activity_id uuid,
  popped_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS calls_integration_external_uq ON calls (integration_id, external_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS calls_activity_idx ON calls (activity_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS calls_ws_user_idx ON calls (workspace_id, user_id, created_at);
--> statement-breakpoint
-- Every event applied, keyed by the PBX's event id (or call id + type): a repeated event changes nothing.
CREATE TABLE IF NOT EXISTS call_events (
  workspace_id uuid NOT NULL,
  integration_id uuid NOT NULL,
  event_key text NOT NULL,
  call_id uuid NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz(3),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  received_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, event_key)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS call_events_call_idx ON call_events (call_id);
--> statement-breakpoint
-- Telemarketing: a list of records to call, built from a list filter or saved view, shared among callers.
CREATE TABLE IF NOT EXISTS call_lists (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  object text NOT NULL,
  source jsonb NOT NULL DEFAULT '{}'::jsonb,
  caller_ids uuid[] NOT NULL DEFAULT '{}'::uuid[],
  created_by uuid NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  archived_at timestamptz(3)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS call_lists_ws_idx ON call_lists (workspace_id, created_at);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS call_list_items (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  call_list_id uuid NOT NULL,
  position integer NOT NULL,
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  name text NOT NULL,
  phone text NOT NULL,
  assignee_id uuid,
  status text NOT NULL DEFAULT 'pending',
  outcome text,
  note text,
  task_id uuid,
  claimed_at timestamptz(3),
  done_at timestamptz(3),
  done_by uuid
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS call_list_items_list_position_uq ON call_list_items (call_list_id, position);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS call_list_items_assignee_idx ON call_list_items (call_list_id, assignee_id, status, position);
