// SQL for import jobs, their failed rows and the lookups a conversion needs.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Actor } from '../../core/context.js';
import { loadCustomFieldDefinitions } from '../../core/custom-fields.js';
import { notFound } from '../../core/errors.js';
import type { ImportObject } from './parsing/import-fields.js';
import type { ConversionContext } from './row-converter.js';
import { EXTERNAL_ID_KEY, objectNames } from './row-converter.js';
import type { ColumnMapping } from './parsing/header-mapping.js';

export interface ImportJob {
  id: string;
  workspaceId: string;
  createdBy: string;
  status: 'uploaded' | 'queued' | 'running' | 'done' | 'failed' | 'undone';
  object: ImportObject;
  fileName: string;
  fileFormat: 'csv' | 'xlsx';
  fileSize: number;
  sheet: string | null;
  headers: string[];
  mapping: ColumnMapping;
  options: Record<string, unknown>;
  totalRows: number | null;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  failedCount: number;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
}

const columns = sql.raw(`id, workspace_id as "workspaceId", created_by as "createdBy", status, object, file_name as "fileName", file_format as "fileFormat",
  file_size as "fileSize", sheet, headers, mapping, options, total_rows as "totalRows", processed_rows as "processedRows", created_count as "createdCount",
  updated_count as "updatedCount", skipped_count as "skippedCount", failed_count as "failedCount", error, started_at as "startedAt",
  finished_at as "finishedAt", created_at as "createdAt"`);

export async function selectImportJob(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<ImportJob | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return firstRow<ImportJob>(db, sql`select ${columns} from import_jobs where id = ${id} ${options.forUpdate ? sql`for update` : sql``}`);
}

/** The job if the actor may see it: its creator, or an administrator of the workspace. */
export async function findImportJob(db: Db, actor: Actor, id: string, options: { forUpdate?: boolean } = {}): Promise<ImportJob> {
  const job = await selectImportJob(db, id, options);
  if (!job || job.workspaceId !== actor.workspaceId || (job.createdBy !== actor.userId && actor.roleKey !== 'admin')) throw notFound('import', id);
  return job;
}

export async function listImportJobs(db: Db, actor: Actor): Promise<ImportJob[]> {
  return rows<ImportJob>(
    db,
    sql`select ${columns} from import_jobs where workspace_id = ${actor.workspaceId} ${actor.roleKey === 'admin' ? sql`` : sql`and created_by = ${actor.userId}`}
        order by created_at desc limit 100`,
  );
}

/** Users, pipelines, stages and custom fields, loaded once per import. */
export async function loadConversionContext(db: Db, actor: Actor, job: Pick<ImportJob, 'headers' | 'mapping' | 'object'>): Promise<ConversionContext> {
  const users = await rows<{ id: string; name: string; email: string; teamId: string | null }>(
    db,
    sql`select id, name, email, team_id as "teamId" from users where workspace_id = ${actor.workspaceId} and is_active`,
  );
  const pipelines = await rows<{ id: string; name: string; isDefault: boolean }>(
    db,
    sql`select id, name, is_default as "isDefault" from pipelines where workspace_id = ${actor.workspaceId} and deleted_at is null order by position`,
  );
  const stages = await rows<{ id: string; name: string; kind: string; pipelineId: string }>(
    db,
    sql`select id, name, kind, pipeline_id as "pipelineId" from stages where workspace_id = ${actor.workspaceId} and deleted_at is null order by position`,
  );
  const objects = Object.keys(objectNames) as ImportObject[];
  const custom = {} as ConversionContext['custom'];
  for (const object of objects) custom[object] = await loadCustomFieldDefinitions(db, actor.workspaceId, objectNames[object]);
  const labels = await rows<{ object: string; key: string; type: string; label: { ru?: string; en?: string } }>(
    db,
    sql`select object, key, type, label from custom_field_defs where workspace_id = ${actor.workspaceId} and not is_archived`,
  );
  const objectOf = Object.fromEntries(objects.map((object) => [objectNames[object], object]));
  return {
    actor,
    headers: job.headers,
    mapping: job.mapping,
    primary: job.object,
    users,
    pipelines,
    stages,
    custom,
    customLabels: labels.filter((label) => objectOf[label.object] && label.key !== EXTERNAL_ID_KEY).map((label) => ({ ...label, object: objectOf[label.object] as ImportObject })),
  };
}

/** An external id column is kept in the custom field "external_id" (created on first use), so it can be matched later. */
export async function ensureExternalIdFields(db: Db, workspaceId: string, objects: ImportObject[]): Promise<void> {
  for (const object of objects) {
    await db.execute(sql`insert into custom_field_defs (workspace_id, object, key, label, type)
      values (${workspaceId}, ${objectNames[object]}, ${EXTERNAL_ID_KEY}, ${JSON.stringify({ ru: 'Внешний ID', en: 'External ID' })}::jsonb, 'text')
      on conflict (workspace_id, object, key) do nothing`);
  }
}
