// Under CI=true the PostgreSQL suite is required: fail early and clearly when the server is missing.
import pg from 'pg';
import { postgresAdminUrl } from './databases.js';

export default async function setup(): Promise<void> {
  const client = new pg.Client(postgresAdminUrl());
  try {
    await client.connect();
    await client.end();
    process.env.SVYAZ_TEST_POSTGRES = '1';
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`CI=true requires PostgreSQL at ${postgresAdminUrl()}: ${(error as Error).message}`);
    console.warn(`PostgreSQL not reachable at ${postgresAdminUrl()}; running the API suites on PGlite only`);
    process.env.SVYAZ_TEST_POSTGRES = '0';
  }
}
