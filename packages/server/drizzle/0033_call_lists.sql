-- Call lists (issue 11): a list's state and who changed it last; an item's attempts, when it may be
-- offered again (no answer, call back), who holds its claim, and the call and activity that logged it.
ALTER TABLE call_lists ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'active';
--> statement-breakpoint
ALTER TABLE call_lists ADD COLUMN IF NOT EXISTS updated_at timestamptz(3) NOT NULL DEFAULT now();
--> statement-breakpoint
ALTER TABLE call_list_items ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0;
--> statement-breakpoint
ALTER TABLE call_list_items ADD COLUMN IF NOT EXISTS available_at timestamptz(3);
--> statement-breakpoint
ALTER TABLE call_list_items ADD COLUMN IF NOT EXISTS claimed_by uuid;
--> statement-breakpoint
ALTER TABLE call_list_items ADD COLUMN IF NOT EXISTS call_id uuid;
--> statement-breakpoint
ALTER TABLE call_list_items ADD COLUMN IF NOT EXISTS activity_id uuid;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS call_list_items_claim_idx ON call_list_items (call_list_id, status, position) WHERE status IN ('pending', 'in_progress');
