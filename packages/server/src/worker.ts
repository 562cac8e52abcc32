// `npm run worker`: a separate job worker process for PostgreSQL deployments.
import { loadConfig } from './config.js';
import { openPostgres, migrateDatabase } from './db/client.js';
import { startJobRunner } from './jobs/job-runner.js';
import { registerGamificationSubscriber } from './modules/gamification/gamification.subscriber.js';
import { listenForSlaChanges } from './modules/sla/sla-cache.js';
import { registerSequenceSubscriber } from './modules/sequences/sequence-enrolment.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    console.error(
      'npm run worker needs DATABASE_URL (PostgreSQL). On the embedded database the API process (npm start) runs the jobs itself: only one process may open the data directory.',
    );
    process.exit(2);
  }
  const database = await openPostgres(config.DATABASE_URL);
  await migrateDatabase(database);
  // Writes made by jobs (calls from a PBX, web forms) earn points like the API's.
  registerGamificationSubscriber();
  // Cases opened by jobs read the cached SLA policies; changes made by the API processes reach this cache at once.
  const stopSlaListening = await listenForSlaChanges(database).catch(() => undefined);
  registerSequenceSubscriber();
  const runner = await startJobRunner(database, { escalationGraceHours: config.ESCALATION_GRACE_HOURS });
  console.log('Svyaz worker is running; press Ctrl+C to stop.');
  const stop = async () => {
    await runner.stop();
    await stopSlaListening?.().catch(() => undefined);
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
