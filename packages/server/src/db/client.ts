// One database handle for the whole server, on PGlite (embedded, default) or PostgreSQL (DATABASE_URL).
// Both are wrapped by Drizzle; every raw query goes through `rows()` so that the two drivers'
// differences (bigint as number vs string, timestamp text) are normalised in one place.
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';
import { AppError } from '../core/errors.js';

export type Schema = typeof schema;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, Schema, any>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The raw driver, for pg-boss and COPY-style bulk paths. */
  pglite?: PGlite;
  pool?: pg.Pool;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

// bigint (int8) as a JS number in both drivers; ids and counts fit in 2^53.
pg.types.setTypeParser(20, (value: string) => Number(value));

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, kind: 'postgres', pool, close: () => pool.end() };
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let releaseLock = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDirectoryLock(dataDir);
  }
  const client = await PGlite.create(dataDir ? { dataDir, extensions: { pg_trgm } } : { extensions: { pg_trgm } });
  return wrapPglite(client, releaseLock);
}

export function wrapPglite(client: PGlite, releaseLock: () => void = () => {}): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    async close() {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * Only one process may open a PGlite directory: a second one silently loses writes.
 * A lock file holds the owner's pid; a stale lock (dead pid) is taken over.
 */
function acquireDirectoryLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'svyaz.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (existsSync(lockPath) && readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockPath, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new AppError('DATA_DIR_LOCKED', {
          message: `The data directory ${dataDir} is in use by another Svyaz process (pid ${pid}). Stop it first, or set DATA_DIR to another directory.`,
        });
      }
      unlinkSync(lockPath); // stale: its owner is gone
    }
  }
  throw new AppError('DATA_DIR_LOCKED', { message: `Could not lock ${dataDir}` });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePglite(database.db as any, { migrationsFolder });
  } else {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePg(database.db as any, { migrationsFolder });
  }
}

/** Run a raw SQL query and return plain rows, normalised across drivers. */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows.map(normaliseRow) as T[];
}

export async function firstRow<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T | undefined> {
  const result = await rows<T>(db, query);
  return result[0];
}

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:?\d{2})?|Z)$/;

function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (typeof value === 'bigint') row[key] = Number(value);
    else if (value instanceof Date) row[key] = value.toISOString();
    else if (typeof value === 'string' && value.length >= 19 && TIMESTAMP_TEXT.test(value)) row[key] = toIsoTimestamp(value);
  }
  return row;
}

/** UTC with at most millisecond precision, as timestamptz(3) columns arrive: rewritten without a Date. */
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?(?:\+00(?::?00)?|Z)$/;

export function toIsoTimestamp(value: string): string {
  // Lists turn thousands of these per second; parsing each into a Date was a tenth of a list's CPU time.
  const utc = UTC_TIMESTAMP.exec(value);
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0')}Z`;
  let text = value.replace(' ', 'T');
  if (/[+-]\d{2}$/.test(text)) text += ':00';
  return new Date(text).toISOString();
}
