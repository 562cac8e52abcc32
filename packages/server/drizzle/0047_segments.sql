-- Segments (issue 14): saved live definitions over contacts or companies (dynamic: conditions; static: a
-- member list), owned by a user, private or shared with the owner's team, soft-deleted. Members of a
-- dynamic segment are never stored: they are computed with the viewer's rights.
CREATE TABLE IF NOT EXISTS segments (
  id uuid PRIMARY KEY DEFAULT svyaz_uuid_v7(),
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  object text NOT NULL,
  kind text NOT NULL DEFAULT 'dynamic',
  conditions jsonb NOT NULL DEFAULT '[]'::jsonb,
  owner_id uuid NOT NULL,
  team_id uuid,
  visibility text NOT NULL DEFAULT 'private',
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  CONSTRAINT segments_visibility_check CHECK (visibility IN ('private', 'team')),
  CONSTRAINT segments_object_check CHECK (object IN ('contacts', 'companies')),
  CONSTRAINT segments_kind_check CHECK (kind IN ('dynamic', 'static'))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS segments_owner_idx ON segments (workspace_id, owner_id) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS segments_team_idx ON segments (workspace_id, team_id) WHERE visibility = 'team' AND deleted_at IS NULL;
--> statement-breakpoint
-- The members of a static segment (record ids of the segment's object). Readability is decided when read.
CREATE TABLE IF NOT EXISTS segment_members (
  workspace_id uuid NOT NULL,
  segment_id uuid NOT NULL,
  record_id uuid NOT NULL,
  added_by uuid,
  added_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (segment_id, record_id)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS segment_members_record_idx ON segment_members (workspace_id, record_id);
--> statement-breakpoint
-- "Bought category X between dates": the lines of a product, with the order, so the semi-join from the
-- products of a category reaches the orders without reading every line.
CREATE INDEX IF NOT EXISTS order_lines_product_order_idx ON order_lines (product_id, order_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS products_ws_category_idx ON products (workspace_id, category) WHERE deleted_at IS NULL;
