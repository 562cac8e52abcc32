-- Indexes for the list views people open most: their own records sorted by name, and companies of a city
-- sorted by name. Each lets a filtered, name-sorted page of 50 read 51 index entries instead of walking the
-- whole name order (16,000 Latin-named companies precede the first Cyrillic one under ICU).
CREATE INDEX IF NOT EXISTS companies_owner_name_idx ON companies (workspace_id, owner_id, name COLLATE "und-x-icu", id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS companies_city_name_idx ON companies (workspace_id, city, name COLLATE "und-x-icu", id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_owner_name_idx ON contacts (workspace_id, owner_id, last_name COLLATE "und-x-icu", id);
