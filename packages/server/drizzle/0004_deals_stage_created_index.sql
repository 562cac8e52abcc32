DROP INDEX "deals_ws_stage_idx";--> statement-breakpoint
CREATE INDEX "deals_ws_stage_created_idx" ON "deals" USING btree ("workspace_id","pipeline_id","stage_id","created_at","id");