-- Issue 14: email campaigns (an owned object of the record engine), their recipients (one row per campaign and
-- contact: nothing is sent twice, and a restarted sender resumes from the rows), tracking events, the workspace's
-- suppression list, per-domain sending rates, marketing consent on contacts, and the `campaigns` entry of every
-- stored role. Hand-written (see ARCHITECTURE.md, Data); statements separated by --> statement-breakpoint
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS marketing_consent boolean NOT NULL DEFAULT false;
--> statement-breakpoint
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS marketing_consent_at timestamptz(3);
--> statement-breakpoint
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS marketing_consent_source text;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS campaigns (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  mailbox_id uuid NOT NULL,
  language text NOT NULL DEFAULT 'ru',
  subject text NOT NULL,
  subject_b text,
  ab_test_percent integer NOT NULL DEFAULT 20,
  ab_test_hours integer NOT NULL DEFAULT 4,
  ab_winner text,
  preheader text,
  blocks jsonb NOT NULL DEFAULT '[]'::jsonb,
  audience jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft',
  start_at timestamptz(3),
  started_at timestamptz(3),
  started_by uuid,
  test_ends_at timestamptz(3),
  finished_at timestamptz(3),
  audience_count integer,
  expanded boolean NOT NULL DEFAULT false,
  expand_cursor uuid,
  lease_until timestamptz(3),
  last_error text,
  cost numeric(15,2) NOT NULL DEFAULT 0,
  attribution_days integer NOT NULL DEFAULT 30,
  owner_id uuid,
  team_id uuid,
  collaborator_ids uuid[] NOT NULL DEFAULT '{}'::uuid[],
  tags text[] NOT NULL DEFAULT '{}'::text[],
  custom jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS campaigns_ws_created_idx ON campaigns (workspace_id, created_at, id);
--> statement-breakpoint
-- The sender's tick: campaigns due to start or still sending.
CREATE INDEX IF NOT EXISTS campaigns_active_idx ON campaigns (status, start_at) WHERE status IN ('scheduled', 'sending', 'testing') AND deleted_at IS NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS campaign_recipients (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  email text,
  variant text,
  status text NOT NULL DEFAULT 'pending',
  skip_reason text,
  message_id text,
  sent_at timestamptz(3),
  failure_reason text,
  opened_at timestamptz(3),
  open_count integer NOT NULL DEFAULT 0,
  clicked_at timestamptz(3),
  click_count integer NOT NULL DEFAULT 0,
  unsubscribed_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS campaign_recipients_contact_uq ON campaign_recipients (campaign_id, contact_id);
--> statement-breakpoint
-- The sender claims pending rows in id order.
CREATE INDEX IF NOT EXISTS campaign_recipients_status_idx ON campaign_recipients (campaign_id, status, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS campaign_recipients_message_idx ON campaign_recipients (workspace_id, message_id) WHERE message_id IS NOT NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS campaign_events (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  recipient_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  kind text NOT NULL,
  url text,
  detail text,
  occurred_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS campaign_events_contact_idx ON campaign_events (workspace_id, contact_id, occurred_at);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS campaign_events_campaign_idx ON campaign_events (campaign_id, kind);
--> statement-breakpoint
-- Addresses no campaign mails again in this workspace: unsubscribed, bounced, complained.
CREATE TABLE IF NOT EXISTS email_suppressions (
  workspace_id uuid NOT NULL,
  address text NOT NULL,
  reason text NOT NULL,
  campaign_id uuid,
  contact_id uuid,
  detail text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, address)
);
--> statement-breakpoint
-- Messages per minute per sending domain: each sender reserves its slots by moving next_slot_at (row lock), so
-- campaigns in several worker processes share one rate.
CREATE TABLE IF NOT EXISTS campaign_sending_domains (
  workspace_id uuid NOT NULL,
  domain text NOT NULL,
  per_minute integer NOT NULL,
  next_slot_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, domain)
);
--> statement-breakpoint
-- Reply detection: inbound mail answering a campaign message (In-Reply-To = the message's Message-ID).
CREATE INDEX IF NOT EXISTS email_messages_in_reply_to_idx ON email_messages (workspace_id, in_reply_to) WHERE in_reply_to IS NOT NULL AND direction = 'in';
--> statement-breakpoint
-- Existing workspaces: every stored role gets a `campaigns` entry (the roles API requires every object),
-- as core/access.ts defaultRoles give it; custom roles start with none (an admin grants more).
UPDATE roles SET permissions = permissions || jsonb_build_object('campaigns',
  CASE key
    WHEN 'admin' THEN '{"read":"all","create":"all","update":"all","delete":"all","export":"all"}'::jsonb
    WHEN 'head_of_sales' THEN '{"read":"all","create":"all","update":"all","delete":"all","export":"all"}'::jsonb
    WHEN 'sales_manager' THEN '{"read":"own","create":"own","update":"own","delete":"own","export":"none"}'::jsonb
    WHEN 'read_only' THEN '{"read":"all","create":"none","update":"none","delete":"none","export":"none"}'::jsonb
    ELSE '{"read":"none","create":"none","update":"none","delete":"none","export":"none"}'::jsonb
  END)
WHERE NOT (permissions ? 'campaigns');
