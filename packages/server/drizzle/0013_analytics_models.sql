CREATE TABLE "analytics_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text DEFAULT 'hybrid' NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'training' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"model" jsonb,
	"progress" jsonb DEFAULT '{"step":"queued","done":0,"total":4}'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp(3) with time zone,
	"created_by" uuid
);
--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_models_ws_version_uq" ON "analytics_models" USING btree ("workspace_id","kind","version");