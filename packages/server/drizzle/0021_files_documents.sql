-- Issue 11: stored files and documents from templates. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
-- A stored file belongs to a record (record_type is the object name: 'deals', 'orders', ...); it is readable where that record is.
CREATE TABLE stored_files (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  record_type text,
  record_id uuid,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX stored_files_ws_record_idx ON stored_files (workspace_id, record_id);
--> statement-breakpoint
-- The workspace's own details (supplier on an invoice): one row per workspace, edited by an admin.
CREATE TABLE workspace_requisites (
  workspace_id uuid PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  inn text,
  kpp text,
  ogrn text,
  address text,
  phone text,
  bank_name text,
  bik text,
  account text,
  corr_account text,
  director text,
  accountant text,
  vat_rate numeric(5, 2) NOT NULL DEFAULT 22,
  vat_mode text NOT NULL DEFAULT 'on_top',
  updated_by uuid,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- An admin's DOCX template for a kind (offer, invoice, contract, act); none: the built-in default.
CREATE TABLE document_templates (
  workspace_id uuid NOT NULL,
  kind text NOT NULL,
  file_id uuid NOT NULL,
  placeholders text[] NOT NULL DEFAULT '{}'::text[],
  uploaded_by uuid,
  uploaded_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, kind)
);
--> statement-breakpoint
-- Numbering: one counter row per workspace, kind and year, incremented in the document's transaction.
CREATE TABLE document_sequences (
  workspace_id uuid NOT NULL,
  kind text NOT NULL,
  year integer NOT NULL,
  last_number integer NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, kind, year)
);
--> statement-breakpoint
-- A generated document; regenerating adds a version with the same number and keeps the earlier ones.
CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  kind text NOT NULL,
  number text NOT NULL,
  sequence_year integer NOT NULL,
  sequence_number integer NOT NULL,
  version integer NOT NULL DEFAULT 1,
  document_date date NOT NULL,
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  pdf_file_id uuid,
  docx_file_id uuid,
  subtotal numeric(18, 2) NOT NULL DEFAULT 0,
  vat numeric(18, 2) NOT NULL DEFAULT 0,
  total numeric(18, 2) NOT NULL DEFAULT 0,
  currency text NOT NULL DEFAULT 'RUB',
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX documents_ws_record_idx ON documents (workspace_id, record_id, created_at);
--> statement-breakpoint
CREATE UNIQUE INDEX documents_ws_number_version_uq ON documents (workspace_id, kind, sequence_year, sequence_number, version);
