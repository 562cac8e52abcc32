// SQL over lost_reasons. Reasons are pipeline settings, not owned records: every query is scoped by
// workspace (and pipeline); the 'pipelines' permission is checked by the service.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { defaultLostReasons } from './lost-reasons.schema.js';

export interface LostReason {
  id: string;
  pipelineId: string;
  key: string | null;
  label: string;
  position: number;
  isOther: boolean;
  archived: boolean;
}

const columns = sql`r.id, r.pipeline_id as "pipelineId", r.key, r.label, r.position, r.is_other as "isOther", (r.archived_at is not null) as archived`;

export async function selectLostReasons(db: Db, workspaceId: string, pipelineId: string, includeArchived: boolean): Promise<LostReason[]> {
  const active = includeArchived ? sql`` : sql`and r.archived_at is null`;
  return rows<LostReason>(db, sql`select ${columns} from lost_reasons r where r.workspace_id = ${workspaceId} and r.pipeline_id = ${pipelineId} ${active} order by r.position, r.created_at, r.id`);
}

export async function findLostReason(db: Db, workspaceId: string, id: string): Promise<LostReason | undefined> {
  return firstRow<LostReason>(db, sql`select ${columns} from lost_reasons r where r.workspace_id = ${workspaceId} and r.id = ${id}`);
}

export async function insertLostReason(tx: Db, workspaceId: string, pipelineId: string, values: { label: string; isOther: boolean }): Promise<string> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`insert into lost_reasons (workspace_id, pipeline_id, label, is_other, position)
        values (${workspaceId}, ${pipelineId}, ${values.label}, ${values.isOther},
                (select coalesce(max(position) + 1, 0) from lost_reasons where workspace_id = ${workspaceId} and pipeline_id = ${pipelineId}))
        returning id`,
  );
  return row.id;
}

/** A rename drops the default's key: the interface then shows the label as typed. */
export async function updateLostReasonRow(tx: Db, id: string, values: { label?: string; isOther?: boolean; archived?: boolean }): Promise<void> {
  const sets = [
    values.label !== undefined ? sql`label = ${values.label}, key = null` : null,
    values.isOther !== undefined ? sql`is_other = ${values.isOther}` : null,
    values.archived !== undefined ? (values.archived ? sql`archived_at = coalesce(archived_at, now())` : sql`archived_at = null`) : null,
  ].filter((part) => part !== null);
  if (sets.length) await tx.execute(sql`update lost_reasons set ${sql.join(sets, sql`, `)} where id = ${id}`);
}

export async function updateLostReasonPositions(tx: Db, workspaceId: string, ids: string[]): Promise<void> {
  await tx.execute(sql`update lost_reasons r set position = x.position - 1
    from unnest(${pgArrayLiteral(ids)}::uuid[]) with ordinality as x(id, position)
    where r.workspace_id = ${workspaceId} and r.id = x.id`);
}

export async function insertDefaultLostReasons(db: Db, workspaceId: string, pipelineId: string): Promise<void> {
  const payload = JSON.stringify(defaultLostReasons.map((reason, position) => ({ ...reason, position })));
  await db.execute(sql`insert into lost_reasons (workspace_id, pipeline_id, key, label, position, is_other)
    select ${workspaceId}::uuid, ${pipelineId}::uuid, x.key, x.label, x.position, x."isOther"
    from jsonb_to_recordset(${payload}::jsonb) as x(key text, label text, position int, "isOther" boolean)`);
}
