// Trains the hybrid recommender of @svyaz/analytics from a workspace's orders and stores it as a
// new version in analytics_models. The newest ready version keeps serving while another trains
// or when one fails.
import { sql } from 'drizzle-orm';
import { Worker } from 'node:worker_threads';
import { assignSegment, type HybridModel, type trainModel } from '@svyaz/analytics';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { permissionLevel } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import { primeServedModel } from './analytics.serving.js';
import { readCustomers, readInteractions, readRepeatPurchaseProducts } from './analytics.queries.js';
import type { JobQueue } from '../../jobs/job-runner.js';

export interface ModelRow {
  id: string;
  version: number;
  status: 'queued' | 'training' | 'ready' | 'failed';
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  progress: { step: string; done: number; total: number; jobId?: string };
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  createdBy: string | null;
}

const rowColumns = sql`id, version, status, params, metrics, progress, error, created_at as "startedAt", finished_at as "finishedAt", created_by as "createdBy"`;
export const defaultParams = { weighting: { quantity: 'log', amount: 'log', recencyHalfLifeDays: 365 }, rules: { minConfidence: 0.2, maxLen: 3 } } as const;

/**
 * Rules kept in a model. At the library's default support (two customers) the demo data (2,000 companies,
 * 300 products) gives 1.36 million rules and a 160 MB model; a pattern must be shared by five customers,
 * only rules with lift > 1 are kept (the others say "bought together less often than by chance" and never
 * help a recommendation) and at most the strongest 50,000 by lift.
 */
const RULES_MIN_CUSTOMERS = 5;
const RULES_MAX = 50_000;

type Train = (...args: Parameters<typeof trainModel>) => HybridModel | Promise<HybridModel>;

/** trainModel in a worker thread (analytics.train-worker.mjs loads analytics.train-worker.ts). */
export function trainInWorker(...[interactions, customers, options]: Parameters<typeof trainModel>): Promise<HybridModel> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./analytics.train-worker.mjs', import.meta.url), { workerData: { interactions, customers, options } });
    worker.once('message', (message: { model?: HybridModel; error?: string }) => {
      if (message.model) resolve(message.model);
      else reject(new Error(message.error ?? 'training failed'));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the training thread stopped with code ${code}`));
    });
  });
}

function keepUsefulRules(model: HybridModel): HybridModel {
  const rules = model.rules.rules.filter((rule) => rule.lift > 1).sort((a, b) => b.lift - a.lift || b.confidence - a.confidence).slice(0, RULES_MAX);
  return { ...model, rules: { ...model.rules, rules } };
}

export function requireAnalyticsAdmin(ctx: Ctx): void {
  if (ctx.actor.roleKey !== 'admin' && permissionLevel(ctx.actor, 'settings', 'update') === 'none') {
    throw new AppError('FORBIDDEN', { message: 'Only administrators may train or inspect analytics models', details: { object: 'settings', action: 'update' } });
  }
}

export async function listModels(ctx: Ctx): Promise<{ items: ModelRow[] }> {
  requireAnalyticsAdmin(ctx);
  const items = await rows<ModelRow>(ctx.db, sql`select ${rowColumns} from analytics_models where workspace_id = ${ctx.actor.workspaceId} order by version desc limit 50`);
  return { items };
}

/** Creates the next version in status 'queued'. `runTraining` (the pg-boss job) takes it and trains it. */
export async function createTrainingRow(db: Db, workspaceId: string, createdBy: string | null, params: Record<string, unknown> = defaultParams): Promise<ModelRow> {
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await firstRow<ModelRow>(
        db,
        sql`insert into analytics_models (workspace_id, kind, version, status, params, created_by)
            select ${workspaceId}, 'hybrid', coalesce(max(version), 0) + 1, 'queued', ${JSON.stringify(params)}::jsonb, ${createdBy}
              from analytics_models where workspace_id = ${workspaceId} and kind = 'hybrid'
            returning ${rowColumns}`,
      );
      return row!;
    } catch (error) {
      if (attempt >= 3) throw error; // two trainings asked at the same instant: the unique version index decides
    }
  }
}

/** Queues a new version and the pg-boss job that trains it (202); refused while another is queued or training. */
export async function startTraining(ctx: Ctx, jobs: JobQueue): Promise<ModelRow & { jobId: string }> {
  requireAnalyticsAdmin(ctx);
  const running = await firstRow<{ id: string; status: string }>(
    ctx.db,
    sql`select id, status from analytics_models where workspace_id = ${ctx.actor.workspaceId} and status in ('queued', 'training') and created_at > now() - interval '1 hour' limit 1`,
  );
  if (running) throw new AppError('CONFLICT', { message: `A model is already ${running.status}`, details: { modelId: running.id, status: running.status } });
  const row = await createTrainingRow(ctx.db, ctx.actor.workspaceId, ctx.actor.userId);
  const jobId = await queueTrainingJob(ctx.db, jobs, row.id);
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'analytics_model', recordId: row.id, action: 'create', meta: { version: row.version, jobId } }]);
  return { ...row, progress: { ...row.progress, jobId } as ModelRow['progress'], jobId };
}

/** Sends the pg-boss job that trains a queued row; if the queue refuses, the row is marked failed and the error thrown. */
async function queueTrainingJob(db: Db, jobs: JobQueue, modelId: string): Promise<string> {
  let jobId: string | null;
  try {
    // Training a large workspace may take longer than pg-boss's default 15 minutes; a retry would find the row taken.
    jobId = await jobs.enqueue('analytics-train-model', { modelId }, { expireInSeconds: 3600, retryLimit: 0 });
    if (!jobId) throw new Error('the job queue did not accept the job');
  } catch (error) {
    const message = `Could not queue the training job: ${error instanceof Error ? error.message : String(error)}`;
    await db.execute(sql`update analytics_models set status = 'failed', error = ${message}, finished_at = now() where id = ${modelId}`);
    throw new AppError('INTERNAL', { message, cause: error });
  }
  await db.execute(sql`update analytics_models set progress = progress || ${JSON.stringify({ jobId })}::jsonb where id = ${modelId}`);
  return jobId;
}

/**
 * Queues the first model of a workspace that has just been filled with demo data, so that its company cards
 * show recommendations and the Segments page its segments within seconds of the first start, without an
 * administrator having to find "Train now" first.
 */
export async function queueFirstTraining(db: Db, jobs: JobQueue, workspaceId: string): Promise<string> {
  const row = await createTrainingRow(db, workspaceId, null);
  await queueTrainingJob(db, jobs, row.id);
  return row.id;
}

async function setProgress(db: Db, id: string, step: string, done: number): Promise<void> {
  await db.execute(sql`update analytics_models set progress = progress || ${JSON.stringify({ step, done, total: 4 })}::jsonb where id = ${id}`);
}

/**
 * Takes a queued row (queued -> training; a row already taken or finished is left alone), reads the data,
 * trains and stores the model; any failure marks the row failed with the message.
 */
export async function runTraining(db: Db, modelId: string, train: Train = trainInWorker): Promise<ModelRow['status'] | 'skipped'> {
  const row = await firstRow<{ workspace_id: string; version: number; params: Record<string, unknown> }>(
    db,
    sql`update analytics_models set status = 'training', progress = progress || ${JSON.stringify({ step: 'reading', done: 0, total: 4 })}::jsonb
         where id = ${modelId} and status = 'queued' returning workspace_id, version, params`,
  );
  if (!row) return 'skipped';
  const started = Date.now();
  try {
    await setProgress(db, modelId, 'reading', 0);
    const [interactions, customers, repeatPurchaseItems] = await Promise.all([
      readInteractions(db, row.workspace_id),
      readCustomers(db, row.workspace_id),
      readRepeatPurchaseProducts(db, row.workspace_id),
    ]);
    await setProgress(db, modelId, 'training', 1);
    const readSeconds = (Date.now() - started) / 1000;
    const params = row.params as { rules?: Record<string, unknown> };
    const customerCount = new Set(interactions.map((interaction) => interaction.customer)).size;
    const rules = { minSupport: Math.max(0.001, RULES_MIN_CUSTOMERS / Math.max(customerCount, 1)), ...params.rules };
    const trained = await train(interactions, customers, { ...params, rules, repeatPurchaseItems });
    const rulesMined = trained.rules.rules.length;
    const model = keepUsefulRules(trained);
    await setProgress(db, modelId, 'storing', 3);
    const metrics = {
      interactions: interactions.length,
      customers: model.customerIds.length,
      companies: customers.length,
      products: model.itemIds.length,
      repeatPurchaseProducts: repeatPurchaseItems.length,
      rules: model.rules.rules.length,
      rulesMined,
      segments: model.segments?.segmentSizes.length ?? 0,
      // The per-source weights serving uses, and the validation split of this workspace's own history they were learnt on.
      blend: model.blend,
      blendFit: model.blendFit,
      readSeconds,
      trainingSeconds: (Date.now() - started) / 1000 - readSeconds,
    };
    const stored = JSON.stringify(model);
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      await storeSegmentMembers(tx, row.workspace_id, modelId, model);
      await tx.execute(sql`update analytics_models set status = 'ready', model = ${stored}::jsonb, metrics = ${JSON.stringify(metrics)}::jsonb,
        progress = progress || ${JSON.stringify({ step: 'done', done: 4, total: 4 })}::jsonb, finished_at = now() where id = ${modelId}`);
    });
    primeServedModel(row.workspace_id, modelId, row.version, stored);
    return 'ready';
  } catch (error) {
    // A failed statement's message carries its parameters (the whole model): keep the first line, shortened.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 500);
    await db.execute(sql`update analytics_models set status = 'failed', error = ${message}, finished_at = now() where id = ${modelId}`);
    return 'failed';
  }
}

/**
 * Writes each company's segment under the new model (1,000 rows a statement) and drops the members of
 * earlier versions, which nothing serves any more: the segment list filter reads the newest ready model.
 */
async function storeSegmentMembers(tx: Db, workspaceId: string, modelId: string, model: HybridModel): Promise<void> {
  await tx.execute(sql`delete from analytics_segment_members m using analytics_models old, analytics_models this
    where this.id = ${modelId} and m.workspace_id = ${workspaceId} and old.id = m.model_id and old.version < this.version`);
  const segments = model.segments;
  if (!segments) return;
  const members = model.customerIds.map((id, index) => ({ company_id: id, segment: assignSegment(segments, model.customerAttributes[index]) }));
  for (let start = 0; start < members.length; start += 1000) {
    const chunk = members.slice(start, start + 1000);
    await tx.execute(sql`insert into analytics_segment_members (model_id, workspace_id, company_id, segment)
      select ${modelId}, ${workspaceId}, x.company_id, x.segment from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(company_id uuid, segment int)`);
  }
}

/** Nightly job: a new version for every workspace that has orders. */
export async function trainAllWorkspaces(db: Db): Promise<{ trained: number; failed: number }> {
  const workspaces = await rows<{ workspace_id: string }>(db, sql`select distinct workspace_id from orders where deleted_at is null`);
  let trained = 0;
  let failed = 0;
  for (const { workspace_id } of workspaces) {
    const row = await createTrainingRow(db, workspace_id, null);
    if ((await runTraining(db, row.id)) === 'ready') trained++;
    else failed++;
  }
  return { trained, failed };
}
