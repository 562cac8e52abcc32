// Starts pg-boss and every module's workers and schedules. The API process runs this in-process
// by default (WORKER=inline); `npm run worker` runs it as separate processes on PostgreSQL.
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { invalid } from '../core/errors.js';
import { createBoss, type BossTiming } from './boss.js';
import { escalateWaitingCases } from '../modules/cases/cases.jobs.js';
import { slaSweepPayload, sweepSla } from '../modules/sla/sla.jobs.js';
import { runCsatJob } from '../modules/cases/case-csat.service.js';
import { CSAT_JOB } from '../modules/cases/case-csat.outbox.js';
import { escalateOverdueTasks, notifyOverdueTasks, sendDueReminders } from '../modules/tasks/tasks.jobs.js';
import { resumeStalledImports } from '../modules/imports/import-runner.js';
import { runTraining, trainAllWorkspaces } from '../modules/analytics/analytics.training.js';
import { pruneSearchWords } from '../modules/search/similar-words.js';
import { maintainTables } from '../db/maintenance.js';
import { deliverEmail, deliverEmails, sendPayload } from '../modules/email/email-delivery.js';
import { syncAllMailboxes } from '../modules/email/imap-sync.js';
import { sendScheduledSurveys } from '../modules/surveys/surveys.service.js';
import { loadActor } from '../modules/auth/auth.service.js';
import { runDueSchedules } from '../modules/reports/report-schedules.service.js';
import { CAMPAIGN_SEND_JOB, CAMPAIGN_TICK_JOB, campaignSendPayload, runCampaign, tickCampaigns } from '../modules/campaigns/campaign-sender.js';
import { advanceSequences } from '../modules/sequences/sequence-runner.js';
import { runDailyTriggers } from '../modules/sequences/sequence-enrolment.js';
import { pruneWebhookHistory, runWebhookDispatcher, WEBHOOK_JOB } from '../modules/webhooks/webhooks.jobs.js';

export interface JobDefinition {
  name: string;
  /** Cron expression (minute resolution, UTC); omit for on-demand jobs. */
  cron?: string;
  /** The payload's shape; checked when a job is enqueued, so a worker never sees a malformed one. */
  payload: z.ZodType;
  run(database: Database, data: unknown, queue?: JobQueue): Promise<unknown>;
  /** Fetch up to this many jobs at once (default 1) and, when set, poll this often (default 2 s). */
  batchSize?: number;
  pollingIntervalSeconds?: number;
  /** Runs a fetched batch at once instead of item by item (it must not throw for one item's failure). */
  runBatch?(database: Database, data: unknown[], queue: JobQueue): Promise<unknown>;
  /** pg-boss queue policy (default standard); "short" keeps at most one job waiting. */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
}

export interface JobOptions {
  escalationGraceHours: number;
  timing?: BossTiming;
}

/** Scheduled jobs take no payload (pg-boss sends `{}` or null); their clock is the database's. */
const noPayload = z.union([z.object({}).strict(), z.null(), z.undefined()]);

/** Every job of every module, in one list. */
export function jobDefinitions(options: JobOptions): JobDefinition[] {
  return [
    { name: 'tasks-reminders', cron: '* * * * *', payload: noPayload, run: (database) => sendDueReminders(database.db) },
    { name: 'tasks-overdue', cron: '* * * * *', payload: noPayload, run: (database) => notifyOverdueTasks(database.db) },
    { name: 'tasks-escalation', cron: '*/5 * * * *', payload: noPayload, run: (database) => escalateOverdueTasks(database.db, options.escalationGraceHours) },
    { name: 'cases-escalation', cron: '* * * * *', payload: noPayload, run: (database) => escalateWaitingCases(database.db) },
    // SLA (modules/sla): warnings before and breaches after the deadlines; POST /sla/sweep runs it at once.
    { name: 'sla-sweep', cron: '* * * * *', payload: slaSweepPayload, run: (database, data) => sweepSla(database.db, (data as { at?: string } | null)?.at ? new Date((data as { at: string }).at) : undefined) },
    { name: 'imports-resume', cron: '* * * * *', payload: noPayload, run: (database) => resumeStalledImports(database.db) },
    { name: 'analytics-train', cron: '0 3 * * *', payload: noPayload, run: (database) => trainAllWorkspaces(database.db) },
    { name: 'search-words-prune', cron: '30 2 * * *', payload: noPayload, run: (database) => pruneSearchWords(database.db) },
    // Autovacuum's work where there is no autovacuum (PGlite, or a server with it off); db/maintenance.ts.
    { name: 'db-maintenance', cron: '*/10 * * * *', payload: noPayload, run: (database) => maintainTables(database) },
    // On demand (POST /analytics/models/train): trains the model row the request queued.
    // Email (modules/email): queued messages go out in batches; every mailbox with IMAP is synced each minute.
    { name: 'email-send', payload: sendPayload, batchSize: 50, pollingIntervalSeconds: 0.5, run: (database, data, queue) => deliverEmail(database, (data as { messageId: string }).messageId, queue), runBatch: deliverEmails },
    { name: 'email-sync', cron: '* * * * *', payload: noPayload, run: (database) => syncAllMailboxes(database) },
    // Webhooks (modules/webhooks): events to deliveries and sending, every second while a webhook is active.
    { name: WEBHOOK_JOB, cron: '* * * * *', policy: 'short', pollingIntervalSeconds: 0.5, payload: noPayload, run: (database, _data, queue) => runWebhookDispatcher(database, queue) },
    // CSAT after a case is resolved (modules/cases/case-csat.service.ts): the outbox drained every two seconds while a survey waits for it.
    { name: CSAT_JOB, cron: '* * * * *', policy: 'short', pollingIntervalSeconds: 0.5, payload: noPayload, run: (database, _data, queue) => runCsatJob(database, queue) },
    { name: 'surveys-scheduled', cron: '15 * * * *', payload: noPayload, run: async (database, _data, queue) => (queue ? sendScheduledSurveys(database.db, queue, loadActor) : { sent: 0 }) },
    // Scheduled report emails (modules/reports/report-schedules.service.ts): due schedules claimed and mailed each minute.
    { name: 'report-schedules', cron: '* * * * *', payload: noPayload, run: (database, _data, queue) => runDueSchedules(database, queue) },
    // Trigger sequences (modules/sequences): due steps each minute (SKIP LOCKED claims); the daily triggers hourly, idempotent per local day.
    { name: 'sequences-advance', cron: '* * * * *', policy: 'short', payload: noPayload, run: (database, _data, queue) => advanceSequences(database, queue) },
    { name: 'sequences-daily', cron: '7 * * * *', payload: noPayload, run: (database) => runDailyTriggers(database.db) },
    { name: 'webhooks-prune', cron: '45 3 * * *', payload: noPayload, run: (database) => pruneWebhookHistory(database.db) },
    // Campaigns (modules/campaigns/campaign-sender.ts): one campaign's sending under a lease, handed on every few seconds; the tick starts scheduled ones, decides A/B tests and resumes orphans.
    { name: CAMPAIGN_SEND_JOB, payload: campaignSendPayload, run: (database, data, queue) => runCampaign(database, (data as { campaignId: string }).campaignId, { queue }) },
    { name: CAMPAIGN_TICK_JOB, cron: '* * * * *', payload: noPayload, run: (database, _data, queue) => tickCampaigns(database, queue) },
    { name: 'analytics-train-model', payload: z.object({ modelId: z.string().uuid() }).strict(), run: (database, data) => runTraining(database.db, (data as { modelId: string }).modelId) },
  ];
}

/** What the API needs of the queue: enqueue a known job with a checked payload. */
export interface JobQueue {
  /** Validates the payload with the job's zod schema (400 naming the field), then enqueues it. */
  enqueue(name: string, data?: unknown, options?: PgBoss.SendOptions): Promise<string | null>;
  stop(): Promise<void>;
}

function checkedPayload(jobs: Map<string, JobDefinition>, name: string, data: unknown): object {
  const job = jobs.get(name);
  if (!job) throw invalid('name', `is not a known job: ${name}`);
  const parsed = job.payload.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(['data', ...issue.path].join('.'), issue.message);
  }
  return (parsed.data ?? {}) as object;
}

export interface JobRunner extends JobQueue {
  boss: PgBoss;
}

export async function startJobRunner(database: Database, options: JobOptions, log?: FastifyBaseLogger, extra: JobDefinition[] = []): Promise<JobRunner> {
  const boss = createBoss(database, options.timing);
  boss.on('error', (error) => log?.error({ err: error }, 'job queue error'));
  await boss.start();
  const jobs = new Map<string, JobDefinition>();
  // Jobs may enqueue follow-ups (a retry with its own delay) through the runner itself.
  const runner: JobRunner = {
    boss,
    async enqueue(name, data, sendOptions = {}) {
      return boss.send(name, checkedPayload(jobs, name, data), sendOptions);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
  const queue: JobQueue = runner;
  for (const job of [...jobDefinitions(options), ...extra]) {
    jobs.set(job.name, job);
    await boss.createQueue(job.name, { name: job.name, policy: job.policy });
    await boss.work(job.name, { pollingIntervalSeconds: job.pollingIntervalSeconds ?? 2, batchSize: job.batchSize ?? 1 }, async (batch) => {
      if (job.runBatch) {
        const result = await job.runBatch(database, batch.map((item) => item.data), queue);
        log?.debug({ job: job.name, result }, 'job batch done');
        return;
      }
      for (const item of batch) {
        const result = await job.run(database, item.data, queue);
        log?.debug({ job: job.name, result }, 'job done');
      }
    });
    if (job.cron) await boss.schedule(job.name, job.cron);
  }
  return runner;
}

/**
 * A producer for API processes that do not run the workers (WORKER=off, and tests): pg-boss is
 * started on first use without supervision, schedules or workers, and only sends jobs, which the
 * worker processes (`npm run worker`) or an inline runner pick up from the same database.
 */
export function createJobQueue(database: Database, log?: FastifyBaseLogger): JobQueue {
  const jobs = new Map(jobDefinitions({ escalationGraceHours: 24 }).map((job) => [job.name, job])); // only names and payloads are used here
  let started: Promise<PgBoss> | undefined;
  return {
    async enqueue(name, data, sendOptions = {}) {
      const payload = checkedPayload(jobs, name, data);
      started ??= (async () => {
        const boss = createBoss(database, {}, { supervise: false, schedule: false });
        boss.on('error', (error) => log?.error({ err: error }, 'job queue error'));
        await boss.start();
        for (const job of jobs.values()) await boss.createQueue(job.name, { name: job.name, policy: job.policy });
        return boss;
      })();
      const boss = await started.catch((error: unknown) => {
        started = undefined;
        throw error;
      });
      return boss.send(name, payload, sendOptions);
    },
    async stop() {
      const boss = await started?.catch(() => undefined);
      await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
