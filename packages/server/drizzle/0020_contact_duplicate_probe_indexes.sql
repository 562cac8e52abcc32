-- Trigram indexes that no query needs any more, each a large share of its table's insert cost
-- (bench:insert-cost: contacts_name_trgm_idx was the costliest single index of a contact insert).
--   contacts_name_trgm_idx: only the duplicate warning's name probe used it; the probe now takes its
--     candidates from the company's contacts and from the full-text index (the last name or a spelling of
--     it from search_words, with the city's words; duplicates.service.ts).
--   leads_name_trgm_idx, deals_title_trgm_idx: nothing queried them (search finds names through the
--     full-text indexes and only ranks by trigram similarity).
-- companies_name_trgm_idx stays: the company duplicate probe uses it.
DROP INDEX IF EXISTS contacts_name_trgm_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS leads_name_trgm_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS deals_title_trgm_idx;
