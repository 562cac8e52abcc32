// SQL over pipelines and stages. Pipelines are workspace settings, not owned records: every query is
// scoped by workspace, and the 'pipelines' permission is checked by the service.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import type { StageKind } from './pipelines.schema.js';

export interface Stage {
  id: string;
  pipelineId: string;
  name: string;
  position: number;
  probability: number;
  kind: StageKind;
}

export interface Pipeline {
  id: string;
  name: string;
  position: number;
  isDefault: boolean;
  createdAt: string;
  stages: Stage[];
}

const stageColumns = sql`s.id, s.pipeline_id as "pipelineId", s.name, s.position, s.probability, s.kind`;

export async function selectPipelines(db: Db, workspaceId: string, ids?: string[]): Promise<Pipeline[]> {
  const only = ids ? sql`and p.id = any(${pgArrayLiteral(ids)}::uuid[])` : sql``;
  const pipelines = await rows<Omit<Pipeline, 'stages'>>(
    db,
    sql`select p.id, p.name, p.position, p.is_default as "isDefault", p.created_at as "createdAt"
        from pipelines p where p.workspace_id = ${workspaceId} and p.deleted_at is null ${only}
        order by p.position, p.created_at, p.id`,
  );
  if (pipelines.length === 0) return [];
  const stages = await rows<Stage>(
    db,
    sql`select ${stageColumns} from stages s
        where s.workspace_id = ${workspaceId} and s.deleted_at is null and s.pipeline_id = any(${pgArrayLiteral(pipelines.map((p) => p.id))}::uuid[])
        order by s.position, s.id`,
  );
  return pipelines.map((pipeline) => ({ ...pipeline, stages: stages.filter((stage) => stage.pipelineId === pipeline.id) }));
}

/** Serialises pipeline changes within a workspace (one default at a time). */
export async function lockPipelines(tx: Db, workspaceId: string): Promise<void> {
  await tx.execute(sql`select id from pipelines where workspace_id = ${workspaceId} and deleted_at is null for update`);
}

export async function findStage(db: Db, workspaceId: string, stageId: string): Promise<Stage | undefined> {
  return firstRow<Stage>(db, sql`select ${stageColumns} from stages s where s.workspace_id = ${workspaceId} and s.id = ${stageId} and s.deleted_at is null`);
}

export async function findPipelineRow(db: Db, workspaceId: string, pipelineId: string): Promise<{ id: string; isDefault: boolean } | undefined> {
  return firstRow(db, sql`select id, is_default as "isDefault" from pipelines where workspace_id = ${workspaceId} and id = ${pipelineId} and deleted_at is null`);
}

export async function findDefaultPipelineId(db: Db, workspaceId: string): Promise<string | undefined> {
  const row = await firstRow<{ id: string }>(
    db,
    sql`select id from pipelines where workspace_id = ${workspaceId} and deleted_at is null order by is_default desc, position, created_at limit 1`,
  );
  return row?.id;
}

export async function findFirstOpenStage(db: Db, workspaceId: string, pipelineId: string): Promise<Stage | undefined> {
  return firstRow<Stage>(
    db,
    sql`select ${stageColumns} from stages s where s.workspace_id = ${workspaceId} and s.pipeline_id = ${pipelineId} and s.deleted_at is null
        order by (s.kind = 'open') desc, s.position, s.id limit 1`,
  );
}

/** Deals per stage (not deleted), for removal and kind-change rules. */
export async function countDealsByStage(db: Db, workspaceId: string, pipelineId: string): Promise<Map<string, number>> {
  const counts = await rows<{ stageId: string; count: number }>(
    db,
    sql`select stage_id as "stageId", count(*)::int as count from deals
        where workspace_id = ${workspaceId} and pipeline_id = ${pipelineId} and deleted_at is null group by stage_id`,
  );
  return new Map(counts.map((row) => [row.stageId, row.count]));
}

export async function insertPipeline(tx: Db, workspaceId: string, values: { name: string; position: number; isDefault: boolean }): Promise<string> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`insert into pipelines (workspace_id, name, position, is_default) values (${workspaceId}, ${values.name}, ${values.position}, ${values.isDefault}) returning id`,
  );
  return row.id;
}

export async function updatePipelineRow(tx: Db, pipelineId: string, values: { name?: string; position?: number; isDefault?: boolean }): Promise<void> {
  const sets = [
    values.name !== undefined ? sql`name = ${values.name}` : null,
    values.position !== undefined ? sql`position = ${values.position}` : null,
    values.isDefault !== undefined ? sql`is_default = ${values.isDefault}` : null,
  ].filter((part) => part !== null);
  if (sets.length) await tx.execute(sql`update pipelines set ${sql.join(sets, sql`, `)} where id = ${pipelineId}`);
}

export async function clearDefaultPipeline(tx: Db, workspaceId: string, exceptId: string | null): Promise<void> {
  const except = exceptId ? sql`and id <> ${exceptId}` : sql``;
  await tx.execute(sql`update pipelines set is_default = false where workspace_id = ${workspaceId} and is_default ${except}`);
}

export async function softDeletePipeline(tx: Db, pipelineId: string): Promise<void> {
  await tx.execute(sql`update pipelines set deleted_at = now(), is_default = false where id = ${pipelineId}`);
}

export async function nextPipelinePosition(tx: Db, workspaceId: string): Promise<number> {
  const row = await firstRow<{ next: number }>(tx, sql`select coalesce(max(position) + 1, 0)::int as next from pipelines where workspace_id = ${workspaceId} and deleted_at is null`);
  return row?.next ?? 0;
}

export async function insertStages(tx: Db, workspaceId: string, pipelineId: string, stages: Omit<Stage, 'id' | 'pipelineId'>[]): Promise<void> {
  if (stages.length === 0) return;
  await tx.execute(sql`insert into stages (workspace_id, pipeline_id, name, position, probability, kind)
    select ${workspaceId}::uuid, ${pipelineId}::uuid, x.name, x.position, x.probability, x.kind
    from jsonb_to_recordset(${JSON.stringify(stages)}::jsonb) as x(name text, position int, probability int, kind text)`);
}

export async function updateStages(tx: Db, stages: Omit<Stage, 'pipelineId'>[]): Promise<void> {
  if (stages.length === 0) return;
  await tx.execute(sql`update stages s set name = x.name, position = x.position, probability = x.probability, kind = x.kind
    from jsonb_to_recordset(${JSON.stringify(stages)}::jsonb) as x(id uuid, name text, position int, probability int, kind text)
    where s.id = x.id`);
}

export async function softDeleteStages(tx: Db, stageIds: string[]): Promise<void> {
  if (stageIds.length === 0) return;
  await tx.execute(sql`update stages set deleted_at = now() where id = any(${pgArrayLiteral(stageIds)}::uuid[])`);
}
