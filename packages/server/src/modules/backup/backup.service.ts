// A full, restorable dump of one workspace: every row of every table that carries workspace_id
// (plus the workspace itself) as gzipped JSON lines, streamed through a server-side cursor.
// Restore writes it back in one transaction and verifies the row counts.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { AppError } from '../../core/errors.js';

const FORMAT = 'svyaz-backup';
/** Derived tables, rebuilt by triggers when their source rows are restored. */
const DERIVED_TABLES = ['search_words'];
const BATCH = 2000;

interface TableInfo {
  name: string;
  columns: string[];
  identity: boolean;
}

/** The workspace's tables and their writable (non-generated) columns. */
export async function workspaceTables(db: Db): Promise<TableInfo[]> {
  const found = await rows<{ table: string; columns: string[]; identity: boolean }>(
    db,
    sql`select c.table_name as "table", array_agg(c.column_name::text order by c.ordinal_position) filter (where c.is_generated = 'NEVER') as columns,
               bool_or(c.is_identity = 'YES') as identity
        from information_schema.columns c
        where c.table_schema = 'public' and c.table_name in (
          select table_name from information_schema.columns where table_schema = 'public' and column_name = 'workspace_id'
          union select 'workspaces')
        group by c.table_name order by c.table_name`,
  );
  return found.filter((row) => !DERIVED_TABLES.includes(row.table)).map((row) => ({ name: row.table, columns: row.columns, identity: row.identity }));
}

function scope(table: string, workspaceId: string) {
  return table === 'workspaces' ? sql`id = ${workspaceId}` : sql`workspace_id = ${workspaceId}`;
}

export async function backupWorkspace(db: Db, workspaceId: string, file: string): Promise<Record<string, number>> {
  const tables = await workspaceTables(db);
  const gzip = createGzip();
  const output = gzip.pipe(createWriteStream(file));
  const write = async (line: unknown) => {
    if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, 'drain');
  };
  const counts: Record<string, number> = {};
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`set transaction isolation level repeatable read`).catch(() => undefined);
    for (const table of tables) {
      const [{ total }] = await rows<{ total: number }>(tx, sql`select count(*)::int as total from ${sql.identifier(table.name)} where ${scope(table.name, workspaceId)}`);
      counts[table.name] = total;
    }
    await write({ format: FORMAT, version: 1, workspaceId, createdAt: new Date().toISOString(), counts });
    for (const table of tables) {
      const columns = sql.raw(table.columns.map((column) => `"${column}"`).join(', '));
      await tx.execute(sql`declare backup_cursor no scroll cursor for select ${columns} from ${sql.identifier(table.name)} where ${scope(table.name, workspaceId)}`);
      for (;;) {
        const batch = await rows(tx, sql`fetch ${sql.raw(String(BATCH))} from backup_cursor`);
        for (const row of batch) await write({ t: table.name, r: row });
        if (batch.length < BATCH) break;
      }
      await tx.execute(sql`close backup_cursor`);
    }
  });
  gzip.end();
  await once(output, 'finish');
  return counts;
}

export async function restoreWorkspace(db: Db, file: string, options: { replace?: boolean } = {}): Promise<{ workspaceId: string; counts: Record<string, number> }> {
  let header: { format?: string; workspaceId?: string; counts?: Record<string, number> } | undefined;
  const restored: Record<string, number> = {};
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const tables = new Map((await workspaceTables(tx)).map((table) => [table.name, table]));
    let pending: { table: string; rows: Record<string, unknown>[] } = { table: '', rows: [] };
    const flush = async () => {
      if (pending.rows.length === 0) return;
      const table = tables.get(pending.table);
      if (!table) throw new AppError('VALIDATION_FAILED', { message: `The backup has a table this database does not know: ${pending.table}` });
      const columns = sql.raw(table.columns.map((column) => `"${column}"`).join(', '));
      await tx.execute(sql`insert into ${sql.identifier(table.name)} (${columns}) ${sql.raw(table.identity ? 'overriding system value' : '')}
        select ${columns} from jsonb_populate_recordset(null::${sql.identifier(table.name)}, ${JSON.stringify(pending.rows)}::jsonb)`);
      restored[pending.table] = (restored[pending.table] ?? 0) + pending.rows.length;
      pending = { table: pending.table, rows: [] };
    };
    // Created here, just before reading: lines emitted before the iterator exists would be lost.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line);
      if (!header) {
        header = entry;
        if (header?.format !== FORMAT || !header.workspaceId) throw new AppError('VALIDATION_FAILED', { message: `${file} is not a Svyaz backup` });
        const existing = await rows(tx, sql`select id from workspaces where id = ${header.workspaceId}`);
        if (existing.length && !options.replace) {
          throw new AppError('CONFLICT', { message: `Workspace ${header.workspaceId} already exists here; restore with --replace to overwrite it` });
        }
        if (existing.length) for (const table of tables.values()) await tx.execute(sql`delete from ${sql.identifier(table.name)} where ${scope(table.name, header.workspaceId)}`);
        continue;
      }
      if (entry.t !== pending.table) {
        await flush();
        pending = { table: entry.t, rows: [] };
      }
      pending.rows.push(entry.r);
      if (pending.rows.length >= BATCH) await flush();
    }
    await flush();
    if (!header) throw new AppError('VALIDATION_FAILED', { message: `${file} is empty` });
    for (const [table, expected] of Object.entries(header.counts ?? {})) {
      if ((restored[table] ?? 0) !== expected) {
        throw new AppError('CONFLICT', { message: `Restored ${restored[table] ?? 0} rows of ${table}, the backup says ${expected}; nothing was restored` });
      }
    }
  });
  return { workspaceId: header!.workspaceId!, counts: restored };
}
