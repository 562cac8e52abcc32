// Test databases: PGlite cloned from one migrated template per worker; PostgreSQL databases created
// from a migrated template database and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { migrateDatabase, openPostgres, wrapPglite, type Database } from '../db/client.js';

export type DatabaseKind = 'pglite' | 'postgres';

export function postgresAdminUrl(): string {
  return process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseKinds(): DatabaseKind[] {
  const postgres = process.env.SVYAZ_TEST_POSTGRES === '1' || process.env.CI === 'true';
  return postgres ? ['pglite', 'postgres'] : ['pglite'];
}

let pgliteTemplate: Promise<PGlite> | undefined;

async function buildPgliteTemplate(): Promise<PGlite> {
  const client = await PGlite.create({ extensions: { pg_trgm } });
  await migrateDatabase(wrapPglite(client));
  return client;
}

function withUrlDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

let postgresTemplate: Promise<string> | undefined;

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client(postgresAdminUrl());
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function buildPostgresTemplate(): Promise<string> {
  const name = `svyaz_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const database = await openPostgres(withUrlDatabase(postgresAdminUrl(), name), { max: 2 });
  await migrateDatabase(database);
  await database.close();
  process.once('exit', () => {
    /* best effort; the template is dropped by dropTemplates() in afterAll */
  });
  return name;
}

export interface TestDatabase extends Database {
  name: string;
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    pgliteTemplate ??= buildPgliteTemplate();
    const clone = await (await pgliteTemplate).clone();
    return { ...wrapPglite(clone as PGlite), name: 'pglite' };
  }
  postgresTemplate ??= buildPostgresTemplate();
  const template = await postgresTemplate;
  const name = `svyaz_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name} template ${template}`);
  const database = await openPostgres(withUrlDatabase(postgresAdminUrl(), name), { max: 5 });
  return {
    ...database,
    name,
    async close() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Drops this worker's PostgreSQL template (call from afterAll of the last suite, or leave to dropStaleTestDatabases). */
export async function dropPostgresTemplate(): Promise<void> {
  if (!postgresTemplate) return;
  const name = await postgresTemplate;
  postgresTemplate = undefined;
  await adminQuery(`drop database if exists ${name} with (force)`);
}
