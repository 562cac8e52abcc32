-- Time-ordered ids: UUID version 7 (RFC 9562), the 48-bit Unix time in milliseconds followed by random bits,
-- instead of gen_random_uuid()'s version 4. Every table's primary key, and indexes that lead with a record
-- id (audit_events_record_idx, the link tables), then receive new rows at their right-hand end. With
-- random ids each row of a bulk insert touched a different leaf page of each such index, and after a
-- checkpoint wrote that page whole to the WAL: at a million contacts, 20 batches of 1,000 contacts with
-- their audit events took 1.38 s + 0.36 s with random ids and 0.95 s + 0.20 s with version 7 ids.
-- set_bit numbers bits from the least significant of byte 0, so bits 52 and 53 are the low two of
-- byte 6's high nibble: version 4 (0100) becomes 7 (0111); the variant bits stay 10. The server makes
-- the ids of bulk inserts itself with the uuid package's v7(), which is also monotonic within a millisecond.
CREATE OR REPLACE FUNCTION svyaz_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$;--> statement-breakpoint
ALTER TABLE "activities" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "analytics_models" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "companies" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "contacts" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "custom_field_defs" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "data_quality_runs" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "deal_products" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "deal_stage_history" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "deals" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "import_jobs" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "import_presets" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "leads" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "payments" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "pipelines" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "roles" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "saved_views" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "shipments" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "stages" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "teams" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();--> statement-breakpoint
ALTER TABLE "workspaces" ALTER COLUMN "id" SET DEFAULT svyaz_uuid_v7();