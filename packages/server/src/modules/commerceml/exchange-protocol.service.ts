// The HTTP exchange protocol 1C (and Bitrix-style sites) speak at one URL:
//   ?type=catalog|sale&mode=checkauth  Basic auth (a user's email and password, or any login and an API
//                                      token as the password) -> "success\n<cookie name>\n<cookie value>"
//   mode=init                          -> "zip=no\nfile_limit=<bytes>"
//   mode=file&filename=...             POST body appended to the file (1C splits big files into several)
//   mode=import&filename=...           catalogue/offers file imported, in one transaction
//   type=sale&mode=query               orders.xml of orders not yet received (or changed since)
//   type=sale&mode=success             the orders of the last query are marked received
//   type=sale&mode=file                an orders file from 1C (statuses, payments) imported at once
// Answers are plain text; an error is "failure\n<message>" with a 4xx status. Every call is logged.
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import type { Ctx } from '../../core/context.js';
import { requirePermission } from '../../core/access.js';
import { AppError } from '../../core/errors.js';
import type { Db } from '../../db/client.js';
import { statusForCode } from '../../http/error-handler.js';
import { authenticate, findApiTokenUser, loadActor, sha256 } from '../auth/auth.service.js';
import { importCommerceMl } from './commerceml-import.service.js';
import { appendFileChunk, deleteSessionFiles, fileChunks, fileSize, findSession, insertLogEntry, insertSession, markOrdersExchanged, setPendingOrders, type ExchangeSession } from './exchange.repo.js';
import { ordersXml } from './orders-export.js';

export const EXCHANGE_COOKIE = 'svyaz_1c';
/** The most one POST of mode=file may carry; 1C splits larger files into several POSTs. */
export const protocolLimits = { fileLimit: 16 * 1024 * 1024, chunkBytes: 1024 * 1024 };
const SESSION_HOURS = 12;

export interface ExchangeRequest {
  query: Record<string, string | undefined>;
  authorization?: string;
  cookie?: string;
  acceptCharset?: string;
  body?: AsyncIterable<Buffer | Uint8Array | string>;
}

export interface ExchangeReply {
  status: number;
  contentType: string;
  body: string | AsyncIterable<Buffer>;
  headers?: Record<string, string>;
}

const text = (body: string, status = 200, headers?: Record<string, string>): ExchangeReply => ({ status, contentType: 'text/plain; charset=utf-8', body, headers });
const failure = (status: number, message: string, headers?: Record<string, string>) => text(`failure\n${message.replace(/\n/g, ' ')}\n`, status, headers);

/** The user of a Basic header: an email and password, or anything and an API token (svz_...). */
async function basicUser(db: Db, header: string | undefined): Promise<string> {
  if (!header?.startsWith('Basic ')) throw new AppError('UNAUTHENTICATED', { message: 'Send the CRM user (email and password, or an API token as the password) with Basic authentication' });
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const login = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  if (password.startsWith('svz_')) {
    const userId = await findApiTokenUser(db, password);
    if (!userId) throw new AppError('INVALID_CREDENTIALS', { message: 'The API token is unknown or revoked' });
    return userId;
  }
  return (await authenticate(db, login, password)).userId;
}

async function contextOf(db: Db, userId: string): Promise<Ctx> {
  const actor = await loadActor(db, userId);
  if (!actor) throw new AppError('UNAUTHENTICATED', { message: 'This user is deactivated' });
  return { db, actor };
}

/** Requires the rights the exchange type needs: the catalogue writes products, sale reads and updates orders. */
function requireTypeRights(ctx: Ctx, type: string): void {
  if (type === 'catalog') requirePermission(ctx.actor, 'products', 'update');
  else requirePermission(ctx.actor, 'orders', 'read');
}

function fileNameOf(query: ExchangeRequest['query']): string {
  const name = (query.filename ?? '').replace(/\\/g, '/').trim();
  if (!name) throw new AppError('VALIDATION_FAILED', { message: 'filename: is required', details: [{ field: 'filename', problem: 'is required' }] });
  if (name.length > 255 || name.startsWith('/') || name.split('/').includes('..')) throw new AppError('VALIDATION_FAILED', { message: 'filename: must be a relative name without ..', details: [{ field: 'filename', problem: 'must be a relative name' }] });
  return name;
}

/** Encodes the text as it streams: UTF-8, or windows-1251 with the declaration saying so. */
export async function* encodeXml(pieces: AsyncIterable<string>, encoding: 'utf-8' | 'windows-1251'): AsyncGenerator<Buffer> {
  let first = true;
  for await (const piece of pieces) {
    const part = first && encoding !== 'utf-8' ? piece.replace('encoding="UTF-8"', `encoding="${encoding}"`) : piece;
    first = false;
    yield encoding === 'utf-8' ? Buffer.from(part, 'utf8') : iconv.encode(part, encoding);
  }
}

export function wantedEncoding(value: string | undefined, acceptCharset?: string): 'utf-8' | 'windows-1251' {
  const asked = `${value ?? ''} ${acceptCharset ?? ''}`.toLowerCase();
  return /windows-1251|cp1251/.test(asked) ? 'windows-1251' : 'utf-8';
}

export async function handleExchange(db: Db, request: ExchangeRequest): Promise<ExchangeReply> {
  const started = Date.now();
  const type = request.query.type ?? '';
  const mode = request.query.mode ?? '';
  let session: ExchangeSession | undefined;
  let ctx: Ctx | undefined;
  const log = async (status: 'ok' | 'failed', counts: Record<string, unknown>, error: unknown = null, fileName: string | null = request.query.filename ?? null) => {
    if (!ctx) return;
    await insertLogEntry(db, { workspaceId: ctx.actor.workspaceId, userId: ctx.actor.userId, sessionId: session?.id ?? null, type, mode, fileName, status, counts, error, durationMs: Date.now() - started });
  };
  try {
    if (type !== 'catalog' && type !== 'sale') throw new AppError('VALIDATION_FAILED', { message: 'type: must be catalog or sale', details: [{ field: 'type', problem: 'must be catalog or sale' }] });
    if (mode === 'checkauth') {
      ctx = await contextOf(db, await basicUser(db, request.authorization));
      requireTypeRights(ctx, type);
      const cookie = randomBytes(24).toString('base64url');
      const sessionId = await insertSession(db, ctx.actor.workspaceId, ctx.actor.userId, sha256(cookie), SESSION_HOURS);
      session = { id: sessionId, workspaceId: ctx.actor.workspaceId, userId: ctx.actor.userId, pendingOrders: [] };
      await log('ok', {});
      return text(`success\n${EXCHANGE_COOKIE}\n${cookie}\n`);
    }
    session = request.cookie ? await findSession(db, sha256(request.cookie)) : undefined;
    if (!session) throw new AppError('UNAUTHENTICATED', { message: 'Call mode=checkauth first and send its cookie back' });
    ctx = await contextOf(db, session.userId);
    requireTypeRights(ctx, type);
    const reply = await runMode(ctx, session, type, mode, request, log);
    return reply;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await log('failed', {}, { code: error.code, message: error.message, details: error.details ?? null });
    const status = statusForCode(error.code);
    return failure(status >= 500 ? 400 : status, error.message, status === 401 ? { 'www-authenticate': 'Basic realm="Svyaz CRM 1C exchange", charset="UTF-8"' } : undefined);
  }
}

type Log = (status: 'ok' | 'failed', counts: Record<string, unknown>, error?: unknown, fileName?: string | null) => Promise<void>;

async function runMode(ctx: Ctx, session: ExchangeSession, type: string, mode: string, request: ExchangeRequest, log: Log): Promise<ExchangeReply> {
  const db = ctx.db;
  switch (mode) {
    case 'init':
      // A new exchange begins: files of an earlier one in this session are dropped.
      await deleteSessionFiles(db, session.id);
      await log('ok', {});
      return text(`zip=no\nfile_limit=${protocolLimits.fileLimit}\n`);
    case 'file': {
      const fileName = fileNameOf(request.query);
      const bytes = await storeUpload(db, session, fileName, request.body);
      if (type === 'sale' && /\.xml$/i.test(fileName)) {
        const result = await importCommerceMl(ctx, (tx) => fileChunks(tx, session.id, fileName));
        await deleteSessionFiles(db, session.id);
        await log('ok', { bytes, ...result.orders });
        return text('success\n');
      }
      await log('ok', { bytes });
      return text('success\n');
    }
    case 'import': {
      const fileName = fileNameOf(request.query);
      if ((await fileSize(db, session.id, fileName)) < 0) throw new AppError('NOT_FOUND', { message: `filename: ${fileName} was not uploaded in this session (mode=file first)`, details: [{ field: 'filename', problem: 'was not uploaded' }] });
      // Pictures and other attachments (import_files/...) are accepted and not imported.
      if (!/\.xml$/i.test(fileName)) {
        await log('ok', { skipped: true });
        return text('success\n');
      }
      const result = await importCommerceMl(ctx, (tx) => fileChunks(tx, session.id, fileName), { priceType: request.query.priceType });
      await log('ok', { kinds: result.kinds, ...result.catalogue, ...(result.kinds.includes('orders') ? result.orders : {}) });
      return text('success\n');
    }
    case 'query': {
      if (type !== 'sale') break;
      const written: { id: string; updatedAt: string }[] = [];
      const encoding = wantedEncoding(request.query.encoding, request.acceptCharset);
      async function* tracked(): AsyncGenerator<string> {
        yield* ordersXml(ctx, { pendingOnly: true, written });
        await setPendingOrders(db, session.id, written);
        await log('ok', { orders: written.length, encoding });
      }
      return { status: 200, contentType: `application/xml; charset=${encoding}`, body: encodeXml(tracked(), encoding) };
    }
    case 'success': {
      if (type !== 'sale') break;
      requirePermission(ctx.actor, 'orders', 'read');
      const marked = await markOrdersExchanged(db, ctx.actor.workspaceId, session.pendingOrders);
      await setPendingOrders(db, session.id, []);
      await log('ok', { ordersMarked: marked });
      return text('success\n');
    }
    case 'complete':
    case 'deactivate':
      // Sent by 1C 8.3 with CommerceML 2.08+ at the end of an exchange: nothing to do.
      await log('ok', {});
      return text('success\n');
  }
  throw new AppError('VALIDATION_FAILED', { message: `mode: ${mode || '(none)'} is not a mode of type=${type}`, details: [{ field: 'mode', problem: 'is not supported for this type' }] });
}

/** Streams the POST body into chunks of the file; more than file_limit in one POST is refused. */
async function storeUpload(db: Db, session: ExchangeSession, fileName: string, body: ExchangeRequest['body']): Promise<number> {
  if (!body) throw new AppError('VALIDATION_FAILED', { message: '(body): the file content is missing', details: [{ field: '(body)', problem: 'is missing' }] });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  // All chunks of one POST go in together or not at all.
  await db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    for await (const piece of body) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      total += chunk.length;
      if (total > protocolLimits.fileLimit) throw new AppError('PAYLOAD_TOO_LARGE', { message: `(body): more than file_limit=${protocolLimits.fileLimit} bytes in one POST`, details: [{ field: '(body)', problem: 'is larger than file_limit' }] });
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= protocolLimits.chunkBytes) {
        await appendFileChunk(tx, session, fileName, Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pendingBytes > 0 || total === 0) await appendFileChunk(tx, session, fileName, Buffer.concat(pending));
  });
  return total;
}
