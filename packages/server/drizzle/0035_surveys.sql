-- Surveys (issue 12, feedback): CSAT, NPS and custom questionnaires, one invitation per recipient (only
-- the token's SHA-256 is kept) and one response per invitation. case_id has no foreign key: cases land separately.
CREATE TABLE IF NOT EXISTS surveys (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  language text NOT NULL DEFAULT 'ru',
  texts jsonb NOT NULL DEFAULT '{}'::jsonb,
  questions jsonb NOT NULL DEFAULT '[]'::jsonb,
  low_score_threshold integer,
  mailbox_id uuid,
  expires_days integer NOT NULL DEFAULT 30,
  resurvey_days integer NOT NULL DEFAULT 90,
  schedule jsonb,
  last_scheduled_at timestamptz(3),
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS surveys_ws_idx ON surveys (workspace_id, created_at);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS survey_invitations (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  contact_id uuid NOT NULL,
  case_id uuid,
  deal_id uuid,
  token_hash text NOT NULL,
  email text NOT NULL,
  email_message_id uuid,
  status text NOT NULL DEFAULT 'sent',
  expires_at timestamptz(3) NOT NULL,
  answered_at timestamptz(3),
  completed_at timestamptz(3),
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS survey_invitations_token_uq ON survey_invitations (token_hash);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS survey_invitations_contact_idx ON survey_invitations (workspace_id, contact_id, created_at);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS survey_invitations_survey_idx ON survey_invitations (workspace_id, survey_id, created_at);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS survey_responses (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  invitation_id uuid NOT NULL REFERENCES survey_invitations(id) ON DELETE CASCADE,
  contact_id uuid NOT NULL,
  case_id uuid,
  deal_id uuid,
  score integer,
  comment text,
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_low boolean NOT NULL DEFAULT false,
  completed boolean NOT NULL DEFAULT false,
  answered_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS survey_responses_invitation_uq ON survey_responses (invitation_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS survey_responses_contact_idx ON survey_responses (workspace_id, contact_id, answered_at);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS survey_responses_case_idx ON survey_responses (workspace_id, case_id) WHERE case_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS survey_responses_deal_idx ON survey_responses (workspace_id, deal_id) WHERE deal_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS survey_responses_survey_idx ON survey_responses (workspace_id, survey_id, answered_at);
