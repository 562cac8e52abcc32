// Runs an import in batches of ~1,000 rows. Each batch is one transaction that writes the records,
// the failed rows, the counts and the checkpoint (processed_rows) together, so a process killed at
// any moment resumes from the last committed batch with no row lost and none written twice.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import { loadActor } from '../auth/auth.service.js';
import { openStoredFile } from './import-file.repo.js';
import { ensureExternalIdFields, loadConversionContext, selectImportJob, type ImportJob } from './import-jobs.repo.js';
import { writeBatch, type BatchItem, type DuplicateStrategy } from './import-writer.js';
import { readRows } from './parsing/file-source.js';
import type { ImportObject } from './parsing/import-fields.js';
import type { MatchKey } from './record-matcher.js';
import { convertRow, type ConversionContext } from './row-converter.js';

export interface ImportOptions {
  duplicateStrategy: DuplicateStrategy;
  matchBy: MatchKey[];
  batchSize: number;
}

export const defaultMatchBy: Record<ImportObject, MatchKey[]> = {
  contact: ['email', 'phone'],
  company: ['inn'],
  deal: ['email', 'phone'],
  lead: ['email', 'phone'],
  product: ['sku'],
  order: [],
  activity: ['externalId'],
};
/** Tables whose statistics a large import of each object changes. */
const analyzed: Record<ImportObject, string> = {
  contact: 'contacts, companies',
  company: 'companies',
  deal: 'deals, contacts, companies',
  lead: 'leads',
  product: 'products',
  order: 'orders, order_lines',
  activity: 'activities',
};

export function optionsOf(job: Pick<ImportJob, 'options' | 'object'>): ImportOptions {
  return {
    duplicateStrategy: (job.options.duplicateStrategy as DuplicateStrategy) ?? 'skip',
    matchBy: (job.options.matchBy as MatchKey[]) ?? defaultMatchBy[job.object],
    batchSize: (job.options.batchSize as number) ?? 1000,
  };
}

/** Test seam: called after each committed batch (a test throws here to simulate a crash). */
export const importHooks: { afterBatch?: (importId: string, batch: number) => void | Promise<void> } = {};

/** The data rows of the stored file (the first non-blank row is the header). */
export async function* dataRows(db: Db, job: Pick<ImportJob, 'id' | 'fileFormat' | 'sheet'>): AsyncGenerator<{ number: number; cells: string[] }> {
  let header = true;
  for await (const row of readRows(() => openStoredFile(db, job.id), { format: job.fileFormat, sheet: job.sheet })) {
    if (header) {
      header = false;
      continue;
    }
    yield row;
  }
}

async function countRows(db: Db, job: ImportJob): Promise<number> {
  let total = 0;
  for await (const row of dataRows(db, job)) total += row ? 1 : 0;
  return total;
}

/**
 * Data rows of a CSV for the progress bar, counted on the raw bytes (non-blank lines outside quotes,
 * minus the header): a scan at memory speed instead of a second parse. Quotes and line breaks are the
 * same bytes in UTF-8 and Windows-1251.
 */
export async function countCsvLines(db: Db, importId: string): Promise<number> {
  let lines = 0;
  let quoted = false;
  let blank = true;
  for await (const chunk of openStoredFile(db, importId)) {
    const bytes = chunk as Buffer;
    for (let index = 0; index < bytes.length; index++) {
      const byte = bytes[index];
      if (byte === 0x22) quoted = !quoted;
      if (byte === 0x0a && !quoted) {
        if (!blank) lines++;
        blank = true;
      } else if (byte > 0x20 && byte !== 0x3b && byte !== 0x2c && byte !== 0x09 && byte !== 0x7c && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) blank = false;
    }
  }
  if (!blank) lines++;
  return Math.max(0, lines - 1);
}

export async function runImport(db: Db, importId: string): Promise<void> {
  const job = await selectImportJob(db, importId);
  if (!job || (job.status !== 'queued' && job.status !== 'running')) return;
  try {
    const actor = await loadActor(db, job.createdBy);
    if (!actor) throw new AppError('FORBIDDEN', { message: 'The user who started this import is no longer active' });
    const usesExternalId = Object.values(job.mapping).filter((target): target is string => !!target && target.endsWith('.externalId'));
    if (usesExternalId.length) await ensureExternalIdFields(db, actor.workspaceId, usesExternalId.map((target) => target.split('.')[0] as ImportObject));
    await db.execute(sql`update import_jobs set status = 'running', started_at = coalesce(started_at, now()), error = null, updated_at = now() where id = ${importId}`);
    if (job.totalRows === null) {
      const total = job.fileFormat === 'csv' ? await countCsvLines(db, job.id) : await countRows(db, job);
      await db.execute(sql`update import_jobs set total_rows = ${total} where id = ${importId}`);
    }
    const context = await loadConversionContext(db, actor, job);
    const options = optionsOf(job);
    let index = 0;
    let batchNumber = 0;
    let batch: { number: number; cells: string[] }[] = [];
    let offset = job.processedRows;
    // Batches are written one after another, but the next one is read and converted while PostgreSQL
    // writes the previous one: parsing and conversion use this process's core, the writes the database's.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (!batch.length) return;
      const items: BatchItem[] = batch.map((row) => ({ ...row, converted: convertRow(context, row.cells) }));
      batch = [];
      await writing; // the previous batch is committed (or its failure ends the import here)
      writing = (async () => {
        offset = await commitBatch(db, job, context, options, items, offset);
        await importHooks.afterBatch?.(importId, ++batchNumber);
        // PGlite answers through promises that settle without I/O, so a whole import could run without the
        // event loop turning once: no request (not even the progress the web app polls) was served until it ended.
        await new Promise((resolve) => setImmediate(resolve));
      })();
      writing.catch(() => {}); // awaited by the next flush or at the end
    };
    for await (const row of dataRows(db, job)) {
      if (index++ < job.processedRows) continue;
      batch.push(row);
      if (batch.length >= options.batchSize) await flush();
    }
    await flush();
    await writing;
    // A large import changes the tables' statistics enough to mislead the planner (a just-imported
    // million rows estimated as a handful made every list page sort the whole table): refresh them.
    if (index > 10_000) await db.execute(sql.raw(`analyze ${analyzed[job.object]}`));
    await db.execute(sql`update import_jobs set status = 'done', finished_at = now(), updated_at = now() where id = ${importId} and status = 'running'`);
  } catch (error) {
    if (error instanceof AppError && error.code === 'IMPORT_TAKEN_OVER') return; // another runner owns it now
    const message = error instanceof AppError ? error.message : `Unexpected error: ${(error as Error).message}`;
    await db.execute(sql`update import_jobs set status = 'failed', error = ${message}, updated_at = now() where id = ${importId}`);
    if (!(error instanceof AppError) && !(error as Error).message?.startsWith('simulated')) console.error('import failed', importId, error);
  }
}

/** One batch in one transaction; returns the new checkpoint. Refuses if another runner moved the checkpoint. */
async function commitBatch(db: Db, job: ImportJob, context: ConversionContext, options: ImportOptions, items: BatchItem[], offset: number): Promise<number> {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const locked = await firstRow<{ processedRows: number; status: string }>(tx, sql`select processed_rows as "processedRows", status from import_jobs where id = ${job.id} for update`);
    if (!locked || locked.processedRows !== offset || locked.status !== 'running') {
      throw new AppError('IMPORT_TAKEN_OVER', { message: 'The import was moved on by another worker or stopped' });
    }
    const ctx = { db: tx, actor: context.actor };
    const result = await writeBatch(ctx, tx, items, { importId: job.id, primary: job.object, strategy: options.duplicateStrategy, matchBy: options.matchBy, users: context.users });
    if (result.failed.length) {
      const payload = result.failed.map((row) => ({ row_number: row.number, raw: row.cells, errors: row.problems }));
      await tx.execute(sql`insert into import_failed_rows (import_id, row_number, raw, errors)
        select ${job.id}::uuid, x.row_number, x.raw, x.errors from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(row_number integer, raw jsonb, errors jsonb)`);
    }
    const next = offset + items.length;
    await tx.execute(sql`update import_jobs set processed_rows = ${next}, created_count = created_count + ${result.created}, updated_count = updated_count + ${result.updated},
      skipped_count = skipped_count + ${result.skipped}, failed_count = failed_count + ${result.failed.length}, updated_at = now() where id = ${job.id}`);
    return next;
  });
}

/** Imports left queued or running by a process that stopped (no batch for 2 minutes). Run by the job runner every minute. */
export async function resumeStalledImports(db: Db): Promise<{ resumed: number }> {
  const stalled = await rows<{ id: string }>(
    db,
    sql`update import_jobs set updated_at = now() where status in ('queued', 'running') and updated_at < now() - interval '2 minutes' returning id`,
  );
  for (const job of stalled) await runImport(db, job.id);
  return { resumed: stalled.length };
}
