-- Issue 11: webhooks filter by object (empty = every object) and the sender finds due deliveries by index.
-- Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
ALTER TABLE webhooks ADD COLUMN IF NOT EXISTS objects text[] NOT NULL DEFAULT '{}'::text[];
--> statement-breakpoint
-- What the sender claims: deliveries still to be tried, soonest first.
CREATE INDEX IF NOT EXISTS webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
