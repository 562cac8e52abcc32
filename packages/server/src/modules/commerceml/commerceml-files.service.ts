// The same files without the protocol: an administrator uploads import.xml / offers.xml / an orders
// file from 1C, or downloads orders.xml; both are logged beside the protocol's calls.
import { requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid } from '../../core/errors.js';
import { importCommerceMl, type ImportResult } from './commerceml-import.service.js';
import { insertLogEntry, selectLog } from './exchange.repo.js';
import { encodeXml, wantedEncoding } from './exchange-protocol.service.js';
import { ordersXml } from './orders-export.js';

export async function uploadCommerceMlFile(ctx: Ctx, body: AsyncIterable<Buffer | Uint8Array | string> | undefined, query: Record<string, string | undefined>): Promise<ImportResult> {
  if (!body) throw invalid('(body)', 'send the XML file as the request body');
  const started = Date.now();
  const fileName = (query.filename ?? 'upload.xml').slice(0, 255);
  const entry = { workspaceId: ctx.actor.workspaceId, userId: ctx.actor.userId, sessionId: null, type: 'upload', mode: 'import', fileName };
  try {
    const result = await importCommerceMl(ctx, () => body, { priceType: query.priceType });
    await insertLogEntry(ctx.db, { ...entry, status: 'ok', counts: { kinds: result.kinds, ...result.catalogue, ...(result.kinds.includes('orders') ? result.orders : {}) }, error: null, durationMs: Date.now() - started });
    return result;
  } catch (error) {
    if (error instanceof AppError) {
      await insertLogEntry(ctx.db, { ...entry, status: 'failed', counts: {}, error: { code: error.code, message: error.message, details: error.details ?? null }, durationMs: Date.now() - started });
    }
    throw error;
  }
}

/** orders.xml of every order the actor may read (or only those 1C has not received, with pending=true). */
export function downloadOrdersXml(ctx: Ctx, query: Record<string, string | undefined>, acceptCharset?: string): { encoding: string; body: AsyncIterable<Buffer> } {
  requirePermission(ctx.actor, 'orders', 'read');
  const encoding = wantedEncoding(query.encoding, acceptCharset);
  const started = Date.now();
  const written: { id: string; updatedAt: string }[] = [];
  async function* logged(): AsyncGenerator<string> {
    yield* ordersXml(ctx, { pendingOnly: query.pending === 'true', written });
    await insertLogEntry(ctx.db, { workspaceId: ctx.actor.workspaceId, userId: ctx.actor.userId, sessionId: null, type: 'download', mode: 'query', fileName: 'orders.xml', status: 'ok', counts: { orders: written.length, encoding }, error: null, durationMs: Date.now() - started });
  }
  return { encoding, body: encodeXml(logged(), encoding) };
}

/** The exchange log, newest first (administrators: settings rights). */
export async function listExchanges(ctx: Ctx, query: Record<string, string | undefined>): Promise<{ data: Record<string, unknown>[]; nextCursor: string | null }> {
  requirePermission(ctx.actor, 'settings', 'read');
  const limit = Math.min(Math.max(Number(query.limit ?? 50) || 50, 1), 200);
  const cursor = query.cursor && /^[0-9a-f-]{36}$/i.test(query.cursor) ? query.cursor : null;
  if (query.cursor && !cursor) throw invalid('cursor', 'is not a cursor this list gave');
  const data = await selectLog(ctx.db, ctx.actor.workspaceId, limit + 1, cursor);
  const more = data.length > limit;
  if (more) data.pop();
  return { data, nextCursor: more ? (data[data.length - 1].id as string) : null };
}
