-- Custom SQL migration file, put your code below! ---- Import duplicate matching by phone compares whole E.164 numbers (array overlap).
CREATE INDEX IF NOT EXISTS contacts_phones_idx ON contacts USING gin (phones);
