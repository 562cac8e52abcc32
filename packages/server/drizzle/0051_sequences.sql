-- Micro-campaigns (issue 14): trigger sequences. A sequence (name, active flag, owner, the mailbox its email
-- steps go from, a trigger and its steps as jsonb) enrols contacts; an enrolment walks the steps, one step per
-- transaction with the step's write, so a step is done exactly once even when a worker dies mid-run. The
-- events are the enrolment's history and its entries on the contact's timeline.
CREATE TABLE IF NOT EXISTS sequences (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  owner_id uuid,
  mailbox_id uuid,
  trigger_kind text NOT NULL,
  trigger jsonb NOT NULL,
  steps jsonb NOT NULL,
  reenrolment text NOT NULL DEFAULT 'never',
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  CONSTRAINT sequences_reenrolment_check CHECK (reenrolment IN ('never', 'after_finish'))
);
--> statement-breakpoint
-- The subscribers and daily jobs look up the active sequences of a workspace by trigger kind.
CREATE INDEX IF NOT EXISTS sequences_trigger_idx ON sequences (workspace_id, trigger_kind) WHERE is_active AND deleted_at IS NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS sequence_enrolments (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  sequence_id uuid NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
  contact_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'running',
  step_index integer NOT NULL DEFAULT 0,
  next_run_at timestamptz(3),
  reason jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_email_id uuid,
  enrolled_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  stopped_by uuid,
  stop_reason text,
  CONSTRAINT sequence_enrolments_status_check CHECK (status IN ('running', 'finished', 'stopped'))
);
--> statement-breakpoint
-- One running enrolment per sequence and contact (the re-enrolment policy decides about finished ones).
CREATE UNIQUE INDEX IF NOT EXISTS sequence_enrolments_running_uq ON sequence_enrolments (sequence_id, contact_id) WHERE status = 'running';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS sequence_enrolments_contact_idx ON sequence_enrolments (workspace_id, contact_id, enrolled_at);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS sequence_enrolments_sequence_idx ON sequence_enrolments (sequence_id, contact_id);
--> statement-breakpoint
-- The every-minute advance claims due running enrolments in next_run_at order.
CREATE INDEX IF NOT EXISTS sequence_enrolments_due_idx ON sequence_enrolments (next_run_at) WHERE status = 'running';
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS sequence_events (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  enrolment_id uuid NOT NULL REFERENCES sequence_enrolments (id) ON DELETE CASCADE,
  sequence_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  kind text NOT NULL,
  step_index integer,
  step_kind text,
  outcome text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_id uuid,
  occurred_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT sequence_events_kind_check CHECK (kind IN ('enrolled', 'step', 'finished', 'stopped'))
);
--> statement-breakpoint
-- A step is done once per enrolment: a second run of the same step fails on this index and rolls back.
CREATE UNIQUE INDEX IF NOT EXISTS sequence_events_step_uq ON sequence_events (enrolment_id, step_index) WHERE kind = 'step';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS sequence_events_contact_idx ON sequence_events (workspace_id, contact_id, occurred_at);
