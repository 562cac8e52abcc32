-- GIN pending lists of 1 MB instead of 0015's 128 kB. Measured at a million contacts on an idle machine
-- (npm run bench:api): with 1 MB, bare inserts into contacts ran at 7,318 rows/s against 6,163 with 128 kB,
-- and search was no slower (p95 28 ms against 30 ms; an exact phone lookup reads at most 128 pending pages).
-- The default 4 MB had made that lookup scan 143,000 pending entries.
ALTER INDEX IF EXISTS companies_search_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_name_trgm_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_phone_trgm_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_emails_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_collaborators_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_phones_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_search_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_name_trgm_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_phone_trgm_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_emails_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_collaborators_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_phones_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_search_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_name_trgm_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_phone_trgm_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_emails_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_collaborators_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_phones_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS deals_search_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS deals_title_trgm_idx SET (gin_pending_list_limit = 1024);
--> statement-breakpoint
ALTER INDEX IF EXISTS deals_collaborators_idx SET (gin_pending_list_limit = 1024);
