-- Bounded GIN pending lists on the indexes that interactive search and duplicate checks read.
-- With fastupdate (the default) new entries wait in an unsorted pending list of up to 4 MB that every
-- search scans in full: at a million contacts an exact phone lookup spent 50 ms reading 143,000 pending
-- tuples to find one row. 128 kB keeps the batching that makes inserts cheap (measured: 1.36x the CPU of
-- an unflushed 4 MB list, against 2.5x with fastupdate off) while a search reads at most 16 pending pages.
ALTER INDEX IF EXISTS companies_search_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_name_trgm_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_phone_trgm_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_emails_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_collaborators_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS companies_phones_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_search_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_name_trgm_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_phone_trgm_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_emails_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_collaborators_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS contacts_phones_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_search_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_name_trgm_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_phone_trgm_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_emails_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_collaborators_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS leads_phones_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS deals_search_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS deals_title_trgm_idx SET (gin_pending_list_limit = 128);
--> statement-breakpoint
ALTER INDEX IF EXISTS deals_collaborators_idx SET (gin_pending_list_limit = 128);
