// `npm run worker`: a separate job worker process for PostgreSQL deployments.
import { loadConfig } from './config.js';
import { openPostgres, migrateDatabase } from './db/client.js';
import { startJobRunner } from './jobs/job-runner.js';

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
  const runner = await startJobRunner(database, { escalationGraceHours: config.ESCALATION_GRACE_HOURS });
  console.log('Svyaz worker is running; press Ctrl+C to stop.');
  const stop = async () => {
    await runner.stop();
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
