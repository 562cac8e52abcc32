// Vacuum and analyse where PostgreSQL's autovacuum would, for databases that have none: PGlite (one
// process, no background workers, so never) and a PostgreSQL server run with `autovacuum = off`. Without
// it, deleted and updated rows stay in the tables and their indexes (a day of benchmark runs on such a
// server left 1,065,000 dead contacts beside a million live ones, and searches took twice as long), and
// the planner never learns how large an imported table has grown.
// Runs as the `db-maintenance` job every ten minutes; with autovacuum on it does nothing.
import { sql } from 'drizzle-orm';
import { rows, type Database } from './client.js';

/** Activity counters of one table since its last vacuum and analyse (pg_stat_user_tables). */
export interface TableActivity {
  schema: string;
  name: string;
  /** Rows as of the last vacuum or analyse (pg_class.reltuples, what autovacuum's thresholds scale with). */
  live: number;
  dead: number;
  /** Rows inserted, updated or deleted since the last analyse. */
  modified: number;
  /** Rows inserted since the last vacuum. */
  inserted: number;
}

// PostgreSQL's own defaults (autovacuum_vacuum_threshold, _scale_factor and their insert and analyze
// counterparts), so a table is treated as autovacuum would treat it.
const VACUUM_BASE = 50;
const VACUUM_SHARE = 0.2;
const INSERT_BASE = 1000;
const INSERT_SHARE = 0.2;
const ANALYZE_BASE = 50;
const ANALYZE_SHARE = 0.1;

/** What autovacuum would do with this table now. */
export function maintenanceFor(table: TableActivity): 'vacuum' | 'analyze' | null {
  if (table.dead > VACUUM_BASE + VACUUM_SHARE * table.live || table.inserted > INSERT_BASE + INSERT_SHARE * table.live) return 'vacuum';
  if (table.modified > ANALYZE_BASE + ANALYZE_SHARE * table.live) return 'analyze';
  return null;
}

export interface MaintenanceResult {
  /** Why nothing was looked at (the server's autovacuum does this work). */
  skipped?: 'autovacuum';
  vacuumed: string[];
  analyzed: string[];
}

export async function maintainTables(database: Database): Promise<MaintenanceResult> {
  const { db } = database;
  if (database.kind === 'postgres') {
    const [setting] = await rows<{ on: boolean }>(db, sql`select current_setting('autovacuum') = 'on' as on`);
    if (setting.on) return { skipped: 'autovacuum', vacuumed: [], analyzed: [] };
  }
  // A backend hands its table counters to the statistics only now and then (PGlite only when asked):
  // ask, and let one more statement end so that they are in before they are read.
  await db.execute(sql`select pg_stat_force_next_flush()`);
  await db.execute(sql`select 1`);
  const tables = await rows<TableActivity>(
    db,
    sql`select s.schemaname as schema, s.relname as name, greatest(c.reltuples, 0)::float8 as live, s.n_dead_tup::float8 as dead,
          s.n_mod_since_analyze::float8 as modified, s.n_ins_since_vacuum::float8 as inserted
        from pg_stat_user_tables s join pg_class c on c.oid = s.relid order by s.schemaname, s.relname`,
  );
  const result: MaintenanceResult = { vacuumed: [], analyzed: [] };
  for (const table of tables) {
    const action = maintenanceFor(table);
    if (!action) continue;
    const target = sql`${sql.identifier(table.schema)}.${sql.identifier(table.name)}`;
    // VACUUM cannot run inside a transaction; db.execute runs each statement on its own.
    await db.execute(action === 'vacuum' ? sql`vacuum (analyze) ${target}` : sql`analyze ${target}`);
    (action === 'vacuum' ? result.vacuumed : result.analyzed).push(`${table.schema}.${table.name}`);
  }
  return result;
}
