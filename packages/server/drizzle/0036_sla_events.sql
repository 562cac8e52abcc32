-- Issue 12: SLA warnings and breaches. The warning instants (the policy's warning percent of each target, in
-- business time) are set beside the deadlines by the cases module; the SLA sweep job claims each warning and
-- each breach once through the unique key of case_sla_events (concurrent workers: the second insert waits on the
-- first and then does nothing), marks the breach on the case and notifies the assignee and the team head.
-- Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
ALTER TABLE cases ADD COLUMN IF NOT EXISTS first_response_warn_at timestamptz(3);
--> statement-breakpoint
ALTER TABLE cases ADD COLUMN IF NOT EXISTS resolution_warn_at timestamptz(3);
--> statement-breakpoint
ALTER TABLE cases ADD COLUMN IF NOT EXISTS first_response_breached_at timestamptz(3);
--> statement-breakpoint
ALTER TABLE cases ADD COLUMN IF NOT EXISTS resolution_breached_at timestamptz(3);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS case_sla_events (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  case_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('warning', 'breach')),
  target text NOT NULL CHECK (target IN ('first_response', 'resolution')),
  due_at timestamptz(3) NOT NULL,
  occurred_at timestamptz(3) NOT NULL DEFAULT now(),
  owner_id uuid,
  escalated_to uuid[] NOT NULL DEFAULT '{}'::uuid[]
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS case_sla_events_once_uq ON case_sla_events (case_id, kind, target);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS case_sla_events_ws_idx ON case_sla_events (workspace_id, kind, occurred_at);
--> statement-breakpoint
-- The sweep looks only at open cases whose clock is still running towards a deadline.
CREATE INDEX IF NOT EXISTS cases_sla_first_response_idx ON cases (first_response_warn_at, first_response_due_at)
  WHERE deleted_at IS NULL AND is_open AND first_response_at IS NULL AND first_response_breached_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_sla_resolution_idx ON cases (resolution_warn_at, resolution_due_at)
  WHERE deleted_at IS NULL AND is_open AND resolution_breached_at IS NULL;
