-- Issue 12: the workspace business calendar (service hours) and SLA policies. Hand-written; statements separated by --> statement-breakpoint
-- One calendar per workspace; no row means the built-in default (Russian production calendar, Moscow, 09–18 with lunch).
CREATE TABLE IF NOT EXISTS business_calendars (
  workspace_id uuid PRIMARY KEY,
  time_zone text NOT NULL,
  weekly_hours jsonb NOT NULL,
  years jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_by uuid,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS sla_policies (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  priorities text[] NOT NULL DEFAULT '{}',
  tiers text[] NOT NULL DEFAULT '{}',
  first_response_minutes integer NOT NULL CHECK (first_response_minutes > 0),
  resolution_minutes integer NOT NULL CHECK (resolution_minutes > 0),
  warning_percent integer NOT NULL DEFAULT 80 CHECK (warning_percent BETWEEN 1 AND 99),
  escalate_to_team_head boolean NOT NULL DEFAULT true,
  is_active boolean NOT NULL DEFAULT true,
  position integer NOT NULL DEFAULT 0,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS sla_policies_order_idx ON sla_policies (workspace_id, position, id) WHERE deleted_at IS NULL;
