// Starts pg-boss and every module's workers and schedules. The API process runs this in-process
// by default (WORKER=inline); `npm run worker` runs it as separate processes on PostgreSQL.
import type PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { createBoss } from './boss.js';
import { escalateOverdueTasks, notifyOverdueTasks, sendDueReminders } from '../modules/tasks/tasks.jobs.js';
import { resumeStalledImports } from '../modules/imports/import-runner.js';

export interface JobDefinition {
  name: string;
  /** Cron expression (minute resolution); omit for on-demand jobs. */
  cron?: string;
  run(database: Database, data: unknown): Promise<unknown>;
}

export interface JobOptions {
  escalationGraceHours: number;
}

/** Every job of every module, in one list. */
export function jobDefinitions(options: JobOptions): JobDefinition[] {
  return [
    { name: 'tasks-reminders', cron: '* * * * *', run: (database) => sendDueReminders(database.db) },
    { name: 'tasks-overdue', cron: '* * * * *', run: (database) => notifyOverdueTasks(database.db) },
    { name: 'tasks-escalation', cron: '*/5 * * * *', run: (database) => escalateOverdueTasks(database.db, options.escalationGraceHours) },
    { name: 'imports-resume', cron: '* * * * *', run: (database) => resumeStalledImports(database.db) },
  ];
}

export interface JobRunner {
  boss: PgBoss;
  stop(): Promise<void>;
}

export async function startJobRunner(database: Database, options: JobOptions, log?: FastifyBaseLogger, extra: JobDefinition[] = []): Promise<JobRunner> {
  const boss = createBoss(database);
  boss.on('error', (error) => log?.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const job of [...jobDefinitions(options), ...extra]) {
    await boss.createQueue(job.name);
    await boss.work(job.name, { pollingIntervalSeconds: 2 }, async (jobs) => {
      for (const item of jobs) {
        const result = await job.run(database, item.data);
        log?.debug({ job: job.name, result }, 'job done');
      }
    });
    if (job.cron) await boss.schedule(job.name, job.cron);
  }
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
