// Writes generated rows in sets: one INSERT ... SELECT FROM jsonb_populate_recordset per batch,
// so a million rows are a few hundred statements and memory stays bounded by one batch.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { snakeCase } from '../../core/sql-values.js';

export type Row = Record<string, unknown>;

export async function insertBatch(db: Db, table: string, batch: Row[]): Promise<void> {
  if (batch.length === 0) return;
  const keys = Object.keys(batch[0]);
  const columns = sql.raw(keys.map((key) => `"${snakeCase(key)}"`).join(', '));
  const payload = JSON.stringify(batch.map((row) => Object.fromEntries(keys.map((key) => [snakeCase(key), row[key] ?? null]))));
  await db.execute(sql`insert into ${sql.raw(`"${table}"`)} (${columns}) select ${columns} from jsonb_populate_recordset(null::${sql.raw(`"${table}"`)}, ${payload}::jsonb)`);
}

/** Collects rows and flushes them in batches of `size`. */
export class BatchWriter {
  private readonly pending = new Map<string, Row[]>();
  readonly counts: Record<string, number> = {};
  constructor(
    private readonly db: Db,
    private readonly size = 2000,
  ) {}

  async add(table: string, row: Row): Promise<void> {
    const rows = this.pending.get(table) ?? [];
    rows.push(row);
    this.pending.set(table, rows);
    this.counts[table] = (this.counts[table] ?? 0) + 1;
    if (rows.length >= this.size) await this.flushTable(table);
  }

  async flushTable(table: string): Promise<void> {
    const rows = this.pending.get(table);
    if (!rows?.length) return;
    this.pending.set(table, []);
    await insertBatch(this.db, table, rows);
  }

  async flush(): Promise<void> {
    for (const table of this.pending.keys()) await this.flushTable(table);
  }
}
