-- Dashboards of saved reports and scheduled report emails (issue 13). A dashboard belongs to a user and
-- may be shared with the owner's team; its widgets (saved report, size, order) are one jsonb array the
-- owner arranges. Every widget runs with the viewer's rights, so a shared dashboard shows a manager their
-- own figures. A schedule mails one saved report as XLSX or PDF, run with its owner's rights.
CREATE TABLE IF NOT EXISTS dashboards (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  owner_id uuid NOT NULL,
  team_id uuid,
  visibility text NOT NULL DEFAULT 'private',
  widgets jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT dashboards_visibility_check CHECK (visibility IN ('private', 'team'))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dashboards_owner_idx ON dashboards (workspace_id, owner_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dashboards_team_idx ON dashboards (workspace_id, team_id) WHERE visibility = 'team';
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS report_schedules (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  report_id uuid NOT NULL REFERENCES saved_reports (id) ON DELETE CASCADE,
  owner_id uuid NOT NULL,
  mailbox_id uuid NOT NULL,
  recipients jsonb NOT NULL,
  format text NOT NULL DEFAULT 'xlsx',
  frequency text NOT NULL,
  weekday smallint,
  month_day smallint,
  send_time text NOT NULL DEFAULT '09:00',
  time_zone text NOT NULL DEFAULT 'Europe/Moscow',
  is_active boolean NOT NULL DEFAULT true,
  next_run_at timestamptz(3) NOT NULL,
  last_run_at timestamptz(3),
  last_status text,
  last_error text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT report_schedules_format_check CHECK (format IN ('xlsx', 'pdf')),
  CONSTRAINT report_schedules_frequency_check CHECK (frequency IN ('daily', 'weekly', 'monthly'))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS report_schedules_due_idx ON report_schedules (next_run_at) WHERE is_active;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS report_schedules_report_idx ON report_schedules (report_id);
