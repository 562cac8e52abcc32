-- Saved reports of the report builder (issue 13): a definition (source, joins, filters, group-bys,
-- measures, chart) owned by a user, private or shared with the owner's team. Run with the runner's rights.
CREATE TABLE IF NOT EXISTS saved_reports (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  owner_id uuid NOT NULL,
  team_id uuid,
  visibility text NOT NULL DEFAULT 'private',
  definition jsonb NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT saved_reports_visibility_check CHECK (visibility IN ('private', 'team'))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS saved_reports_owner_idx ON saved_reports (workspace_id, owner_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS saved_reports_team_idx ON saved_reports (workspace_id, team_id) WHERE visibility = 'team';
