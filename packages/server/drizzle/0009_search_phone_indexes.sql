-- Exact phone lookup (search of a complete number, duplicate detection): phones are stored in E.164,
-- so a typed number normalised the same way is found by array containment on a GIN index, which is far
-- cheaper than the trigram LIKE on phone_digits (digit trigrams repeat across millions of numbers).
CREATE INDEX IF NOT EXISTS companies_phones_idx ON companies USING gin (phones);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contacts_phones_idx ON contacts USING gin (phones);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS leads_phones_idx ON leads USING gin (phones);
