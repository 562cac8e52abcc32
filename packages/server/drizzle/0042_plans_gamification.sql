-- Sales plans, KPI settings and gamification (issue 13).
-- A plan is a target for one person (user_id) or one team (team_id) on one measure over one period
-- [period_start, period_end) of a kind (month, quarter, year). A team plan is either set (target) or the sum
-- of its members' plans of the same measure and period (team_mode 'sum', target null). Overlapping periods of
-- the same person/team and measure are refused by the service (under an advisory lock).
CREATE TABLE IF NOT EXISTS sales_plans (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  user_id uuid,
  team_id uuid,
  measure text NOT NULL,
  period_kind text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  target numeric(18,2),
  team_mode text NOT NULL DEFAULT 'fixed',
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT sales_plans_subject_check CHECK ((user_id IS NULL) <> (team_id IS NULL)),
  CONSTRAINT sales_plans_measure_check CHECK (measure IN ('won_amount', 'won_count', 'calls', 'meetings', 'new_clients')),
  CONSTRAINT sales_plans_period_kind_check CHECK (period_kind IN ('month', 'quarter', 'year')),
  CONSTRAINT sales_plans_period_check CHECK (period_end > period_start),
  CONSTRAINT sales_plans_target_check CHECK (target IS NULL OR target >= 0),
  CONSTRAINT sales_plans_team_mode_check CHECK (team_mode IN ('fixed', 'sum') AND (team_mode = 'fixed' OR team_id IS NOT NULL) AND (team_mode = 'sum' OR target IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS sales_plans_user_idx ON sales_plans (workspace_id, user_id, measure, period_start) WHERE user_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS sales_plans_team_idx ON sales_plans (workspace_id, team_id, measure, period_start) WHERE team_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS sales_plans_period_idx ON sales_plans (workspace_id, period_start, period_end);
--> statement-breakpoint
-- Points: one row per claim. The unique (rule, record, user) claim is what makes an award happen once: a deal
-- won, reopened and won again, or a task done, reopened and done again, finds its claim taken.
CREATE TABLE IF NOT EXISTS gamification_points (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  team_id uuid,
  rule text NOT NULL,
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  points integer NOT NULL,
  awarded_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT gamification_points_rule_check CHECK (rule IN ('deal_won', 'call_logged', 'task_done_on_time')),
  CONSTRAINT gamification_points_points_check CHECK (points >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS gamification_points_claim_uq ON gamification_points (workspace_id, rule, record_id, user_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS gamification_points_ws_time_idx ON gamification_points (workspace_id, awarded_at, user_id);
--> statement-breakpoint
-- Teams that do not want points, leaderboards or competitions.
CREATE TABLE IF NOT EXISTS gamification_team_opt_outs (
  workspace_id uuid NOT NULL,
  team_id uuid NOT NULL,
  opted_out_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, team_id)
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS competitions (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  team_id uuid,
  measure text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  target numeric(18,2),
  prize text,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  CONSTRAINT competitions_measure_check CHECK (measure IN ('points', 'won_amount', 'won_count', 'calls', 'meetings', 'new_clients')),
  CONSTRAINT competitions_period_check CHECK (ends_on >= starts_on)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS competitions_ws_idx ON competitions (workspace_id, ends_on) WHERE deleted_at IS NULL;
