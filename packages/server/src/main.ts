// `npm start`: migrate, create the demo workspace on first start, serve API + web app, run jobs in-process.
import { loadConfig } from './config.js';
import { openDatabase } from './db/open.js';
import { migrateDatabase } from './db/client.js';
import { buildApp } from './http/app.js';
import { ensureDemoWorkspace } from './modules/demo/demo.service.js';
import { AppError } from './core/errors.js';
import { createJobQueue, startJobRunner, type JobRunner } from './jobs/job-runner.js';
import { queueFirstTraining } from './modules/analytics/analytics.training.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  await migrateDatabase(database);
  const login = config.SEED_DEMO === 'auto' ? await ensureDemoWorkspace(database.db, undefined, (step) => console.log(`Creating demo data: ${step}`)) : undefined;
  // The inline runner is also the API's queue (it starts with the app's logger, before the app listens);
  // with WORKER=off the app sends jobs through a send-only pg-boss of its own.
  let jobs: JobRunner | undefined;
  const inlineQueue = { enqueue: (...args: Parameters<JobRunner['enqueue']>) => jobs!.enqueue(...args), stop: async () => {} };
  const app = await buildApp({ database, config, logger: { level: config.LOG_LEVEL }, serveWeb: true, jobs: config.WORKER === 'inline' ? inlineQueue : undefined });
  if (config.WORKER === 'inline') jobs = await startJobRunner(database, { escalationGraceHours: config.ESCALATION_GRACE_HOURS }, app.log);
  if (login?.workspaceId) {
    // A new demo gets its first recommendation model at once, trained in the background like any other.
    const queue = jobs ?? createJobQueue(database, app.log);
    try {
      await queueFirstTraining(database.db, queue, login.workspaceId);
    } catch (error) {
      app.log.warn({ err: error }, 'Could not queue the demo workspace\'s first analytics model; train it from Analytics → Models');
    } finally {
      if (!jobs) await queue.stop();
    }
  }
  const shutdown = async () => {
    await jobs?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://${config.HOST}:${config.PORT}`;
  console.log(`\nSvyaz CRM is running at ${url} (${database.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL'})`);
  if (login) {
    console.log(`Log in as ${login.email} with password ${login.password}${login.created ? '' : ' (demo workspace from an earlier start)'}`);
    if (login.summary) console.log(`Demo data created in ${login.summary.seconds.toFixed(1)} s. Other demo users (same password): ${login.others.map((user) => `${user.email} (${user.role})`).join(', ')}`);
  }
  console.log(`API docs: ${url}/api/docs\n`);
}

main().catch((error) => {
  if (error instanceof AppError) console.error(`\n${error.message}\n`);
  else console.error(error);
  process.exit(1);
});
