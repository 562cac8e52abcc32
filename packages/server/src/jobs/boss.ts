// pg-boss on the application's own database connection: the node-postgres pool, or the PGlite
// instance (multi-statement SQL without parameters goes through PGlite's exec()).
import PgBoss from 'pg-boss';
import type { Database } from '../db/client.js';

interface SqlAdapter {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number }>;
}

/**
 * The answer to a statement that can no longer run (the database is closed or closing): no rows, and for
 * pg-boss's commands (complete, fail, cancel, resume, ...), which end in SELECT COUNT(*) and whose caller
 * reads rows[0].count, a count of 0. An empty row list there was itself an unhandled TypeError.
 */
export function nothingDone(text: string): { rows: unknown[]; rowCount: number } {
  return { rows: /\bselect\s+count\(\*\)/i.test(text) ? [{ count: '0' }] : [], rowCount: 0 };
}

function adapterFor(database: Database): SqlAdapter {
  if (database.pglite) {
    const pglite = database.pglite;
    return {
      async executeSql(text, values = []) {
        if (pglite.closed) return nothingDone(text); // shutting down: see the pool's note below
        if (values.length === 0) {
          const results = await pglite.exec(text);
          const last = results[results.length - 1];
          return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
        }
        const result = await pglite.query(text, values as never[]);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      },
    };
  }
  const pool = database.pool!;
  return {
    async executeSql(text, values = []) {
      // A worker that finishes (or fails) while the process shuts down reports to pg-boss after the pool
      // has ended; pg-boss does not catch that, so it surfaced as an unhandled rejection. Nothing can be
      // written any more: the job stays active, expires and is retried by the next process.
      if ((pool as unknown as { ending?: boolean }).ending) return nothingDone(text);
      const result = await pool.query(text, values as unknown[]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  };
}

/** Timing knobs of pg-boss (tests shorten them to see cron and maintenance run within seconds). */
export type BossTiming = Pick<PgBoss.ConstructorOptions, 'cronMonitorIntervalSeconds' | 'cronWorkerIntervalSeconds' | 'maintenanceIntervalSeconds'>;

/** What this instance does besides sending: a producer-only instance neither supervises nor schedules. */
export type BossRole = Pick<PgBoss.ConstructorOptions, 'supervise' | 'schedule'>;

export function createBoss(database: Database, timing: BossTiming = {}, role: BossRole = { supervise: true, schedule: true }): PgBoss {
  return new PgBoss({ db: adapterFor(database), schema: 'pgboss', ...role, ...timing } as unknown as PgBoss.ConstructorOptions);
}
