-- Search for users with own/team rights: each visibility part (owner, collaborator, team) gets an
-- index, so the planner can AND it with the search index (BitmapAnd) instead of reading every match.
CREATE INDEX IF NOT EXISTS companies_collaborators_idx ON companies USING gin (collaborator_ids);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS companies_ws_team_idx ON companies (workspace_id, team_id);
--> statement-breakpoint
-- Search for users with own/team rights: each visibility part (owner, collaborator, team) gets an
-- index, so the planner can AND it with the search index (BitmapAnd) instead of reading every match.
CREATE INDEX IF NOT EXISTS contacts_collaborators_idx ON contacts USING gin (collaborator_ids);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_ws_team_idx ON contacts (workspace_id, team_id);
--> statement-breakpoint
-- Search for users with own/team rights: each visibility part (owner, collaborator, team) gets an
-- index, so the planner can AND it with the search index (BitmapAnd) instead of reading every match.
CREATE INDEX IF NOT EXISTS leads_collaborators_idx ON leads USING gin (collaborator_ids);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS leads_ws_team_idx ON leads (workspace_id, team_id);
--> statement-breakpoint
-- Search for users with own/team rights: each visibility part (owner, collaborator, team) gets an
-- index, so the planner can AND it with the search index (BitmapAnd) instead of reading every match.
CREATE INDEX IF NOT EXISTS deals_collaborators_idx ON deals USING gin (collaborator_ids);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS deals_ws_team_idx ON deals (workspace_id, team_id);
