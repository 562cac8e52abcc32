-- Lost reasons (issue 16): a configurable list per pipeline instead of free text. A reason has a label,
-- a position, an archive mark (archived reasons stay on the deals that carry them but are no longer
-- offered) and an "other" flag (choosing it requires a comment). The defaults carry a key so that the
-- interface shows them in the user's language until an administrator renames them. deals.lost_reason
-- stays: it is the comment of a chosen reason, and on deals lost before this migration the old free text
-- (shown as it is and counted as "other / legacy text" in the report).
CREATE TABLE IF NOT EXISTS lost_reasons (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  key text,
  label text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  is_other boolean NOT NULL DEFAULT false,
  archived_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS lost_reasons_pipeline_idx ON lost_reasons (workspace_id, pipeline_id, position);
--> statement-breakpoint
ALTER TABLE deals ADD COLUMN IF NOT EXISTS lost_reason_id uuid;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS deals_ws_lost_reason_idx ON deals (workspace_id, lost_reason_id) WHERE lost_reason_id IS NOT NULL;
--> statement-breakpoint
-- Every existing pipeline gets the default list.
INSERT INTO lost_reasons (workspace_id, pipeline_id, key, label, position, is_other)
SELECT p.workspace_id, p.id, d.key, d.label, d.position, d.is_other
FROM pipelines p
CROSS JOIN (VALUES
  ('expensive', 'Дорого', 0, false),
  ('competitor', 'Выбрали конкурента', 1, false),
  ('noBudget', 'Нет бюджета', 2, false),
  ('unreachable', 'Не дозвонились', 3, false),
  ('postponed', 'Отложили решение', 4, false),
  ('other', 'Другое', 5, true)
) AS d(key, label, position, is_other)
WHERE p.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM lost_reasons r WHERE r.pipeline_id = p.id);
