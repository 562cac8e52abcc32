-- Issue 11: email: mailboxes, messages, templates, outbox. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
-- A mailbox is personal (owner_user_id set) or shared (owner_user_id null; shared_user_ids / shared_team_ids may use it).
-- Passwords are AES-256-GCM ciphertexts (modules/email/mail-secrets.ts), never returned by the API.
CREATE TABLE mailboxes (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  owner_user_id uuid,
  name text NOT NULL,
  email_address text NOT NULL,
  display_name text,
  smtp_host text NOT NULL,
  smtp_port integer NOT NULL,
  smtp_security text NOT NULL DEFAULT 'starttls',
  smtp_login text NOT NULL,
  smtp_password_enc text NOT NULL,
  imap_host text,
  imap_port integer,
  imap_security text,
  imap_login text,
  imap_password_enc text,
  imap_folders text[] NOT NULL DEFAULT '{INBOX}'::text[],
  unknown_senders_to_leads boolean NOT NULL DEFAULT false,
  lead_owner_id uuid,
  shared_user_ids uuid[] NOT NULL DEFAULT '{}'::uuid[],
  shared_team_ids uuid[] NOT NULL DEFAULT '{}'::uuid[],
  last_sync_at timestamptz(3),
  last_sync_error text,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3)
);
--> statement-breakpoint
CREATE INDEX mailboxes_ws_idx ON mailboxes (workspace_id, owner_user_id) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE TABLE mailbox_folders (
  workspace_id uuid NOT NULL,
  mailbox_id uuid NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  folder text NOT NULL,
  uid_validity bigint NOT NULL,
  last_uid bigint NOT NULL DEFAULT 0,
  synced_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (mailbox_id, folder)
);
--> statement-breakpoint
CREATE TABLE email_messages (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  mailbox_id uuid NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  direction text NOT NULL,
  status text NOT NULL,
  failure_reason text,
  attempts integer NOT NULL DEFAULT 0,
  message_id text,
  in_reply_to text,
  "references" text[] NOT NULL DEFAULT '{}'::text[],
  thread_id uuid,
  from_address text NOT NULL,
  from_name text,
  to_addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
  cc_addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
  bcc_addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
  subject text NOT NULL DEFAULT '',
  body_html text NOT NULL DEFAULT '',
  body_text text NOT NULL DEFAULT '',
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  folder text,
  uid_validity bigint,
  uid bigint,
  template_id uuid,
  occurred_at timestamptz(3) NOT NULL DEFAULT now(),
  sent_at timestamptz(3),
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX email_messages_uid_uq ON email_messages (mailbox_id, folder, uid_validity, uid) WHERE uid IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX email_messages_message_id_uq ON email_messages (mailbox_id, message_id) WHERE message_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX email_messages_ws_message_id_idx ON email_messages (workspace_id, message_id) WHERE message_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX email_messages_queued_idx ON email_messages (workspace_id, created_at) WHERE status = 'queued';
--> statement-breakpoint
CREATE TABLE email_message_links (
  workspace_id uuid NOT NULL,
  message_id uuid NOT NULL REFERENCES email_messages(id) ON DELETE CASCADE,
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  PRIMARY KEY (message_id, record_type, record_id)
);
--> statement-breakpoint
CREATE INDEX email_message_links_record_idx ON email_message_links (workspace_id, record_id, message_id);
--> statement-breakpoint
CREATE TABLE email_templates (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  language text NOT NULL DEFAULT 'ru',
  subject text NOT NULL DEFAULT '',
  body_html text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3)
);
--> statement-breakpoint
CREATE INDEX email_templates_ws_idx ON email_templates (workspace_id, name) WHERE deleted_at IS NULL;
