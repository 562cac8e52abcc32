-- Issue 12: warranty and service contracts (an owned object of the record engine) with their covered items,
-- the serial number a case is about, and field visits on cases (a technician's meeting on the calendar,
-- materials used, time spent). Adds `service_contracts` to every stored role.
-- Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
CREATE TABLE IF NOT EXISTS service_contracts (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  number text NOT NULL,
  kind text NOT NULL DEFAULT 'service',
  company_id uuid,
  contact_id uuid,
  start_date date NOT NULL,
  end_date date NOT NULL,
  status text NOT NULL DEFAULT 'active',
  service_level text,
  visits_included integer,
  notes text,
  -- Bumped when the covered items are replaced, so an update that only changes items is a real write (audit, events).
  items_revision integer NOT NULL DEFAULT 0,
  owner_id uuid,
  team_id uuid,
  collaborator_ids uuid[] NOT NULL DEFAULT '{}'::uuid[],
  tags text[] NOT NULL DEFAULT '{}'::text[],
  custom jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', coalesce(number, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(number, '')), 'A') ||
    setweight(to_tsvector('russian', coalesce(service_level, '') || ' ' || left(coalesce(notes, ''), 20000)), 'C') ||
    setweight(to_tsvector('english', coalesce(service_level, '') || ' ' || left(coalesce(notes, ''), 20000)), 'C')
  ) STORED,
  CONSTRAINT service_contracts_period_ck CHECK (end_date >= start_date),
  CONSTRAINT service_contracts_visits_ck CHECK (visits_included IS NULL OR visits_included >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS service_contracts_ws_number_uq ON service_contracts (workspace_id, number) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS service_contracts_ws_created_idx ON service_contracts (workspace_id, created_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS service_contracts_ws_company_idx ON service_contracts (workspace_id, company_id, end_date) WHERE company_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS service_contracts_ws_contact_idx ON service_contracts (workspace_id, contact_id, end_date) WHERE contact_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS service_contracts_search_access_idx ON service_contracts USING gin ((ARRAY[owner_id]), (ARRAY[team_id]), collaborator_ids, search_vector) WITH (gin_pending_list_limit = 1024);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS service_contracts_number_trgm_idx ON service_contracts USING gin (lower(number) gin_trgm_ops);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS service_contract_items (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  contract_id uuid NOT NULL REFERENCES service_contracts (id) ON DELETE CASCADE,
  position integer NOT NULL,
  product_id uuid,
  serial_number text,
  quantity numeric(15,3) NOT NULL DEFAULT 1,
  order_line_id uuid,
  CONSTRAINT service_contract_items_what_ck CHECK (product_id IS NOT NULL OR serial_number IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS service_contract_items_contract_idx ON service_contract_items (contract_id, position);
--> statement-breakpoint
-- Coverage by serial number: the unit a case names.
CREATE INDEX IF NOT EXISTS service_contract_items_serial_idx ON service_contract_items (workspace_id, lower(serial_number)) WHERE serial_number IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS service_contract_items_product_idx ON service_contract_items (workspace_id, product_id) WHERE product_id IS NOT NULL;
--> statement-breakpoint
ALTER TABLE cases ADD COLUMN IF NOT EXISTS serial_number text;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_ws_contract_idx ON cases (workspace_id, contract_id) WHERE contract_id IS NOT NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS case_visits (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  case_id uuid NOT NULL,
  contract_id uuid,
  included_in_contract boolean NOT NULL DEFAULT false,
  technician_id uuid NOT NULL,
  scheduled_start timestamptz(3) NOT NULL,
  scheduled_end timestamptz(3) NOT NULL,
  address text,
  notes text,
  status text NOT NULL DEFAULT 'planned',
  time_spent_minutes integer,
  completed_at timestamptz(3),
  activity_id uuid,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT case_visits_period_ck CHECK (scheduled_end > scheduled_start),
  CONSTRAINT case_visits_time_ck CHECK (time_spent_minutes IS NULL OR time_spent_minutes > 0)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS case_visits_case_idx ON case_visits (case_id, scheduled_start);
--> statement-breakpoint
-- Visits counted against a contract's included visits.
CREATE INDEX IF NOT EXISTS case_visits_contract_idx ON case_visits (contract_id, status) WHERE contract_id IS NOT NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS case_visit_materials (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  visit_id uuid NOT NULL REFERENCES case_visits (id) ON DELETE CASCADE,
  product_id uuid NOT NULL,
  quantity numeric(15,3) NOT NULL,
  CONSTRAINT case_visit_materials_quantity_ck CHECK (quantity > 0)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS case_visit_materials_visit_idx ON case_visit_materials (visit_id);
--> statement-breakpoint
-- Existing workspaces: every stored role gets a `service_contracts` entry (the roles API requires every object),
-- as core/access.ts defaultRoles give it; custom roles start with none (an admin grants more).
UPDATE roles SET permissions = permissions || jsonb_build_object('service_contracts',
  CASE key
    WHEN 'admin' THEN '{"read":"all","create":"all","update":"all","delete":"all","export":"all"}'::jsonb
    WHEN 'head_of_sales' THEN '{"read":"all","create":"all","update":"all","delete":"all","export":"all"}'::jsonb
    WHEN 'sales_manager' THEN '{"read":"own","create":"own","update":"own","delete":"own","export":"none"}'::jsonb
    WHEN 'read_only' THEN '{"read":"all","create":"none","update":"none","delete":"none","export":"none"}'::jsonb
    ELSE '{"read":"none","create":"none","update":"none","delete":"none","export":"none"}'::jsonb
  END)
WHERE NOT (permissions ? 'service_contracts');
