// Import use cases: upload a file, see and correct the mapping, preview, start, follow progress,
// download failed rows, undo. The work itself runs in import-runner.ts.
import { newId } from '../../core/ids.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { requirePermission } from '../../core/access.js';
import { AppError } from '../../core/errors.js';
import { parseBody, validationError } from '../../core/validation.js';
import { openStoredFile, storeFileChunks } from './import-file.repo.js';
import { findImportJob, listImportJobs, loadConversionContext, type ImportJob } from './import-jobs.repo.js';
import { dataRows, defaultMatchBy, optionsOf, runImport } from './import-runner.js';
import { autoMapHeaders, importTargets, validateMapping } from './parsing/header-mapping.js';
import { detectFormat, readRows } from './parsing/file-source.js';
import { detectPreset } from './parsing/crm-presets.js';
import type { ImportObject } from './parsing/import-fields.js';
import { convertRow, objectNames } from './row-converter.js';
import { findPreset } from './import-presets.service.js';
import { previewActions } from './import-preview.js';

export const objectOfParam: Record<string, ImportObject> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  leads: 'lead',
  products: 'product',
  orders: 'order',
  activities: 'activity',
};
export const importObjects = Object.keys(objectOfParam);

/** Starts the work; replaced by the job runner when there is one (see registerImportRunner). */
let scheduleImport: (db: Db, importId: string) => void = (db, importId) => {
  setImmediate(() => void runImport(db, importId));
};

export function registerImportRunner(schedule: (db: Db, importId: string) => void): void {
  scheduleImport = schedule;
}

export interface UploadInput {
  fileName: string;
  object?: string;
  sheet?: string;
  preset?: string;
  stream: AsyncIterable<Buffer | Uint8Array | string>;
}

export async function createImport(ctx: Ctx, input: UploadInput): Promise<Record<string, unknown>> {
  const object = objectOfParam[input.object ?? 'contacts'];
  if (!object) throw validationError([{ field: 'object', problem: `must be one of ${importObjects.join(', ')}` }]);
  requirePermission(ctx.actor, objectNames[object], 'create');
  const id = newId();
  const fileName = (input.fileName || 'upload').slice(0, 255);
  await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await tx.execute(sql`insert into import_jobs (id, workspace_id, created_by, object, file_name, file_format, file_size, sheet)
      values (${id}, ${ctx.actor.workspaceId}, ${ctx.actor.userId}, ${object}, ${fileName}, 'csv', 0, ${input.sheet ?? null})`);
    const { size, head } = await storeFileChunks(tx, id, input.stream);
    const format = detectFormat(head, fileName);
    await tx.execute(sql`update import_jobs set file_size = ${size}, file_format = ${format} where id = ${id}`);
  });
  try {
    const job = await findImportJob(ctx.db, ctx.actor, id);
    const headers = await readHeaders(ctx.db, job);
    const context = await loadConversionContext(ctx.db, ctx.actor, { headers, mapping: {}, object });
    const preset = input.preset ? await findPreset(ctx, input.preset) : detectPreset(headers, object);
    const mapping = autoMapHeaders(headers, object, context.customLabels, preset?.columns ?? {});
    const options = { duplicateStrategy: 'skip', matchBy: preset?.options?.matchBy ?? defaultMatchBy[object] };
    await ctx.db.execute(sql`update import_jobs set headers = ${JSON.stringify(headers)}::jsonb, mapping = ${JSON.stringify(mapping)}::jsonb,
      options = ${JSON.stringify({ ...options, preset: preset?.id ?? null })}::jsonb where id = ${id}`);
  } catch (error) {
    await deleteImportFile(ctx.db, id, true);
    throw error;
  }
  return getImport(ctx, id);
}

async function readHeaders(db: Db, job: ImportJob): Promise<string[]> {
  for await (const row of readRows(() => openStoredFile(db, job.id), { format: job.fileFormat, sheet: job.sheet, merges: false })) {
    return row.cells.map((cell, index) => cell || `Column ${index + 1}`);
  }
  throw new AppError('VALIDATION_FAILED', { message: 'The file has no rows: it needs a header row and at least one data row', details: [{ field: 'file', problem: 'has no rows' }] });
}

async function deleteImportFile(db: Db, id: string, withJob = false): Promise<void> {
  await db.execute(sql`delete from import_file_chunks where import_id = ${id}`);
  if (withJob) await db.execute(sql`delete from import_jobs where id = ${id}`);
}

/** The import with its progress: rows done, rate and time left. */
export async function getImport(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  return present(await findImportJob(ctx.db, ctx.actor, id));
}

export async function listImports(ctx: Ctx): Promise<{ data: Record<string, unknown>[] }> {
  return { data: (await listImportJobs(ctx.db, ctx.actor)).map(present) };
}

function present(job: ImportJob): Record<string, unknown> {
  const seconds = job.startedAt ? ((job.finishedAt ? Date.parse(job.finishedAt) : Date.now()) - Date.parse(job.startedAt)) / 1000 : 0;
  const rate = seconds > 0 ? Math.round(job.processedRows / seconds) : null;
  const left = job.totalRows !== null && rate ? Math.max(0, Math.round((job.totalRows - job.processedRows) / rate)) : null;
  const objectParam = Object.entries(objectOfParam).find(([, value]) => value === job.object)![0];
  return {
    id: job.id,
    status: job.status,
    object: objectParam,
    fileName: job.fileName,
    fileFormat: job.fileFormat,
    fileSize: job.fileSize,
    sheet: job.sheet,
    headers: job.headers,
    mapping: job.mapping,
    options: job.options,
    progress: { totalRows: job.totalRows, processedRows: job.processedRows, rowsPerSecond: rate, secondsLeft: job.status === 'running' ? left : job.status === 'done' ? 0 : null },
    result: { created: job.createdCount, updated: job.updatedCount, skipped: job.skippedCount, failed: job.failedCount },
    error: job.error,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    links: { errors: `/api/v1/imports/${job.id}/errors.xlsx` },
  };
}

const mappingBody = z.strictObject({
  mapping: z.record(z.string(), z.string().nullable()).optional(),
  options: z
    .strictObject({
      duplicateStrategy: z.enum(['skip', 'update', 'create']).optional(),
      matchBy: z.array(z.enum(['email', 'phone', 'inn', 'externalId', 'sku'])).max(5).optional(),
      batchSize: z.number().int().min(1).max(5000).optional(),
    })
    .optional(),
});

export async function updateImportMapping(ctx: Ctx, id: string, body: unknown): Promise<Record<string, unknown>> {
  const input = parseBody(mappingBody, body);
  const job = await findImportJob(ctx.db, ctx.actor, id);
  if (job.status !== 'uploaded') throw new AppError('CONFLICT', { message: 'The mapping can be changed only before the import starts', details: { status: job.status } });
  const context = await loadConversionContext(ctx.db, ctx.actor, job);
  const mapping = input.mapping ? { ...Object.fromEntries(job.headers.map((_, index) => [String(index), null])), ...input.mapping } : job.mapping;
  const problems = validateMapping(mapping, job.headers, job.object, context.customLabels);
  if (problems.length) throw validationError(problems);
  const options = { ...job.options, ...(input.options ?? {}) };
  await ctx.db.execute(sql`update import_jobs set mapping = ${JSON.stringify(mapping)}::jsonb, options = ${JSON.stringify(options)}::jsonb, updated_at = now() where id = ${id}`);
  return getImport(ctx, id);
}

/** Mapping targets for the mapping screen, custom fields included. */
export async function listImportTargets(ctx: Ctx, id: string): Promise<{ data: unknown[] }> {
  const job = await findImportJob(ctx.db, ctx.actor, id);
  const context = await loadConversionContext(ctx.db, ctx.actor, job);
  return { data: importTargets(job.object, context.customLabels).map(({ target, object, kind, label }) => ({ target, object, kind, label })) };
}

/** The first rows as they would be stored, with per-field problems and what would happen; nothing is written. */
export async function previewImport(ctx: Ctx, id: string, limit = 20): Promise<Record<string, unknown>> {
  const job = await findImportJob(ctx.db, ctx.actor, id);
  const context = await loadConversionContext(ctx.db, ctx.actor, job);
  const options = optionsOf(job);
  const items: { number: number; cells: string[]; converted: ReturnType<typeof convertRow> }[] = [];
  for await (const row of dataRows(ctx.db, job)) {
    items.push({ ...row, converted: convertRow(context, row.cells) });
    if (items.length >= Math.min(Math.max(limit, 1), 200)) break;
  }
  const actions = await previewActions(ctx, job, options, items);
  const rowsOut = items.map((item) => {
    const { problems, externalIds: _externalIds, ...objects } = item.converted;
    const preview = actions.get(item.number)!;
    return { row: item.number, cells: item.cells, action: preview.action, contact: null, company: null, deal: null, ...objects, problems: preview.problems ?? problems, matchedId: preview.matchedId ?? null };
  });
  return { headers: job.headers, mapping: job.mapping, rows: rowsOut };
}

export async function startImport(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  const job = await findImportJob(ctx.db, ctx.actor, id);
  if (job.status === 'done' || job.status === 'undone') throw new AppError('CONFLICT', { message: `This import is already ${job.status}`, details: { status: job.status } });
  if (job.status === 'running' || job.status === 'queued') return getImport(ctx, id);
  if (!Object.values(job.mapping).some(Boolean)) throw validationError([{ field: 'mapping', problem: 'maps no column to a field' }]);
  await ctx.db.execute(sql`update import_jobs set status = 'queued', updated_at = now() where id = ${id}`);
  scheduleImport(ctx.db, id);
  return getImport(ctx, id);
}

/** Resumes imports left running by a stopped process (call at start-up). */
export async function resumeImports(db: Db): Promise<number> {
  const result = (await db.execute(sql`select id from import_jobs where status in ('queued', 'running')`)) as unknown as { rows: { id: string }[] };
  for (const row of result.rows) scheduleImport(db, row.id);
  return result.rows.length;
}
