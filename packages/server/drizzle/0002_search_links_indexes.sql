-- Indexes for search, duplicate detection, merge and timeline (hand-written: expression/partial indexes).
-- A contact's deals (related list, merge moves deals.contact_id).
CREATE INDEX IF NOT EXISTS deals_ws_contact_idx ON deals (workspace_id, contact_id);
--> statement-breakpoint
-- A lead's INN: exact search and duplicate detection.
CREATE INDEX IF NOT EXISTS leads_ws_inn_idx ON leads (workspace_id, inn) WHERE inn IS NOT NULL;
--> statement-breakpoint
-- A deal's orders (deal timeline, merge moves orders.deal_id).
CREATE INDEX IF NOT EXISTS orders_ws_deal_idx ON orders (workspace_id, deal_id) WHERE deal_id IS NOT NULL;
