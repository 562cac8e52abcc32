-- One GIN index per searchable object over the owner, the team, the collaborators and the search vector,
-- in place of the full-text and the collaborators index. A sales manager's search asks for "owner is me
-- AND search_vector @@ q": with separate indexes PostgreSQL ANDed a bitmap of every record the manager
-- owns (112,888 b-tree entries, 43 ms at a million contacts) with the few thousand matches of the words;
-- one GIN index intersects the two posting lists itself, skipping through the long one (2 ms). Queries on
-- any subset of the columns use it as well as a single-column index would (the admin's words alone).
-- The owner and the team are indexed as one-element arrays (GIN's own array_ops) rather than through
-- btree_gin: PGlite 0.5 hung at random in index scans with btree_gin's uuid class, so search asks
-- array[owner_id] @> array[me] and array[team_id] && teams (search-targets.ts).
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS companies_search_access_idx ON companies USING gin ((ARRAY[owner_id]), (ARRAY[team_id]), collaborator_ids, search_vector) WITH (gin_pending_list_limit = 1024);
--> statement-breakpoint
DROP INDEX IF EXISTS companies_search_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS companies_collaborators_idx;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_search_access_idx ON contacts USING gin ((ARRAY[owner_id]), (ARRAY[team_id]), collaborator_ids, search_vector) WITH (gin_pending_list_limit = 1024);
--> statement-breakpoint
DROP INDEX IF EXISTS contacts_search_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS contacts_collaborators_idx;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS leads_search_access_idx ON leads USING gin ((ARRAY[owner_id]), (ARRAY[team_id]), collaborator_ids, search_vector) WITH (gin_pending_list_limit = 1024);
--> statement-breakpoint
DROP INDEX IF EXISTS leads_search_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS leads_collaborators_idx;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS deals_search_access_idx ON deals USING gin ((ARRAY[owner_id]), (ARRAY[team_id]), collaborator_ids, search_vector) WITH (gin_pending_list_limit = 1024);
--> statement-breakpoint
DROP INDEX IF EXISTS deals_search_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS deals_collaborators_idx;
