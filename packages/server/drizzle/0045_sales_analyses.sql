-- Sales analyses (issue 13): the historical stage-to-won rates read the stage history by stage, and the
-- cycle, regions, RFM and forecast accuracy read won deals by closing time and orders by order time.
CREATE INDEX IF NOT EXISTS deal_stage_history_to_stage_idx ON deal_stage_history (to_stage_id, deal_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS deals_ws_closed_idx ON deals (workspace_id, closed_at) WHERE closed_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS orders_ws_ordered_idx ON orders (workspace_id, ordered_at);
