// SQL of the exchange protocol: sessions opened by checkauth, uploaded files kept as ordered chunks,
// the log of every call, and which orders (at which version) 1C has received.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';

export interface ExchangeSession {
  id: string;
  workspaceId: string;
  userId: string;
  /** The orders the last query sent, at the version sent (success marks exactly those). */
  pendingOrders: { id: string; updatedAt: string }[];
}

export async function insertSession(db: Db, workspaceId: string, userId: string, cookieHash: string, hours: number): Promise<string> {
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into commerceml_sessions (workspace_id, user_id, cookie_hash, expires_at) values (${workspaceId}, ${userId}, ${cookieHash}, now() + make_interval(hours => ${hours})) returning id`,
  );
  // Sessions (and their files) a day past their end go with the next checkauth.
  await db.execute(sql`delete from commerceml_sessions where expires_at < now() - interval '1 day'`);
  return row.id;
}

export async function findSession(db: Db, cookieHash: string): Promise<ExchangeSession | undefined> {
  return firstRow<ExchangeSession>(
    db,
    sql`select id, workspace_id as "workspaceId", user_id as "userId", pending_orders as "pendingOrders" from commerceml_sessions where cookie_hash = ${cookieHash} and expires_at > now()`,
  );
}

export async function setPendingOrders(db: Db, sessionId: string, orders: { id: string; updatedAt: string }[]): Promise<void> {
  await db.execute(sql`update commerceml_sessions set pending_orders = ${JSON.stringify(orders)}::jsonb where id = ${sessionId}`);
}

export async function deleteSessionFiles(db: Db, sessionId: string): Promise<void> {
  await db.execute(sql`delete from commerceml_files where session_id = ${sessionId}`);
}

/** Appends a chunk after those already stored for the file. */
export async function appendFileChunk(db: Db, session: ExchangeSession, fileName: string, data: Buffer): Promise<void> {
  await db.execute(sql`insert into commerceml_files (workspace_id, session_id, file_name, seq, data)
    select ${session.workspaceId}, ${session.id}, ${fileName}, coalesce(max(seq), 0) + 1, ${data} from commerceml_files where session_id = ${session.id} and file_name = ${fileName}`);
}

export async function fileSize(db: Db, sessionId: string, fileName: string): Promise<number> {
  const [row] = await rows<{ size: number; chunks: number }>(db, sql`select coalesce(sum(length(data)), 0)::int as size, count(*)::int as chunks from commerceml_files where session_id = ${sessionId} and file_name = ${fileName}`);
  return row.chunks === 0 ? -1 : Number(row.size);
}

/** The file's chunks one at a time, in order (never the whole file in memory). */
export async function* fileChunks(db: Db, sessionId: string, fileName: string): AsyncGenerator<Buffer> {
  let seq = 0;
  for (;;) {
    const row = await firstRow<{ seq: number; data: Buffer | Uint8Array }>(
      db,
      sql`select seq, data from commerceml_files where session_id = ${sessionId} and file_name = ${fileName} and seq > ${seq} order by seq limit 1`,
    );
    if (!row) return;
    seq = row.seq;
    yield Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data);
  }
}

export interface ExchangeLogEntry {
  workspaceId: string;
  userId: string | null;
  sessionId: string | null;
  type: string;
  mode: string;
  fileName: string | null;
  status: 'ok' | 'failed';
  counts: Record<string, unknown>;
  error: unknown;
  durationMs: number;
}

export async function insertLogEntry(db: Db, entry: ExchangeLogEntry): Promise<void> {
  await db.execute(sql`insert into commerceml_exchanges (workspace_id, user_id, session_id, type, mode, file_name, status, counts, error, duration_ms)
    values (${entry.workspaceId}, ${entry.userId}, ${entry.sessionId}, ${entry.type}, ${entry.mode}, ${entry.fileName}, ${entry.status},
            ${JSON.stringify(entry.counts)}::jsonb, ${entry.error === null || entry.error === undefined ? null : JSON.stringify(entry.error)}::jsonb, ${Math.round(entry.durationMs)})`);
}

export async function selectLog(db: Db, workspaceId: string, limit: number, before: string | null): Promise<Record<string, unknown>[]> {
  return rows(
    db,
    sql`select e.id, e.created_at as "createdAt", e.user_id as "userId", u.name as "userName", e.type, e.mode, e.file_name as "fileName",
               e.status, e.counts, e.error, e.duration_ms as "durationMs"
        from commerceml_exchanges e left join users u on u.id = e.user_id
        where e.workspace_id = ${workspaceId} ${before ? sql`and e.id < ${before}::uuid` : sql``}
        order by e.id desc limit ${limit}`,
  );
}

/** Marks the orders as received by 1C at the version they were sent (a later change sends them again). */
export async function markOrdersExchanged(db: Db, workspaceId: string, orders: { id: string; updatedAt: string }[]): Promise<number> {
  if (orders.length === 0) return 0;
  await db.execute(sql`insert into commerceml_order_exports (order_id, workspace_id, order_updated_at, exported_at)
    select x.id, ${workspaceId}::uuid, x.updated_at, now() from jsonb_to_recordset(${JSON.stringify(orders.map((order) => ({ id: order.id, updated_at: order.updatedAt })))}::jsonb) as x(id uuid, updated_at timestamptz)
    on conflict (order_id) do update set order_updated_at = excluded.order_updated_at, exported_at = now()`);
  return orders.length;
}
