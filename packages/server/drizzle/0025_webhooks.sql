-- Issue 11: outgoing webhooks and the domain event outbox. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
-- The outbox: one row per domain event, written in the transaction of the change itself (core/domain-events.ts),
-- so an event exists exactly when its change was committed. The dispatcher job marks rows dispatched.
CREATE TABLE IF NOT EXISTS domain_events (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  type text NOT NULL,
  object text,
  record_id uuid,
  actor_id uuid,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  dispatched_at timestamptz(3)
);
--> statement-breakpoint
-- What the dispatcher reads: the events not yet turned into deliveries, oldest first (ids are time-ordered).
CREATE INDEX IF NOT EXISTS domain_events_pending_idx ON domain_events (id) WHERE dispatched_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS domain_events_record_idx ON domain_events (workspace_id, record_id);
--> statement-breakpoint
-- An outgoing webhook. The secret is stored encrypted (it signs every delivery) and shown once.
CREATE TABLE IF NOT EXISTS webhooks (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  url text NOT NULL,
  events text[] NOT NULL DEFAULT '{}'::text[],
  secret_encrypted text NOT NULL,
  secret_hint text NOT NULL,
  owner_id uuid NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  consecutive_failures integer NOT NULL DEFAULT 0,
  disabled_at timestamptz(3),
  disabled_reason text,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS webhooks_ws_idx ON webhooks (workspace_id);
--> statement-breakpoint
-- One delivery per webhook and event (unique: the dispatcher may run twice), with its current state.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  object text,
  record_id uuid,
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(3),
  response_status integer,
  error text,
  last_attempt_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS webhook_deliveries_event_uq ON webhook_deliveries (webhook_id, event_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS webhook_deliveries_log_idx ON webhook_deliveries (workspace_id, webhook_id, id DESC);
--> statement-breakpoint
-- Every HTTP attempt of a delivery: the delivery log.
CREATE TABLE IF NOT EXISTS webhook_delivery_attempts (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  manual boolean NOT NULL DEFAULT false,
  outcome text NOT NULL,
  request_body text,
  response_status integer,
  response_excerpt text,
  duration_ms integer,
  error text,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, attempt);
