CREATE TABLE "analytics_segment_members" (
	"model_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"segment" integer NOT NULL,
	CONSTRAINT "analytics_segment_members_model_id_company_id_pk" PRIMARY KEY("model_id","company_id")
);
--> statement-breakpoint
ALTER TABLE "analytics_models" ALTER COLUMN "status" SET DEFAULT 'queued';--> statement-breakpoint
ALTER TABLE "analytics_segment_members" ADD CONSTRAINT "analytics_segment_members_model_id_analytics_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."analytics_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_segment_members_segment_idx" ON "analytics_segment_members" USING btree ("model_id","segment","company_id");