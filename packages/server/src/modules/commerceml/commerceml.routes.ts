// HTTP surface of the exchange with 1C: the protocol URL 1C calls (its own authentication: Basic at
// checkauth, then the cookie it returns), the same files as plain upload/download, and the log.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../db/client.js';
import { ctxOf } from '../../http/authenticate.js';
import { downloadOrdersXml, listExchanges, uploadCommerceMlFile } from './commerceml-files.service.js';
import { EXCHANGE_COOKIE, handleExchange, protocolLimits, type ExchangeReply } from './exchange-protocol.service.js';
import { Readable } from 'node:stream';

type Query = { Querystring: Record<string, string | undefined> };

export const EXCHANGE_PATH = '/api/v1/1c/exchange';

function send(reply: FastifyReply, result: ExchangeReply) {
  reply.status(result.status).header('content-type', result.contentType).header('cache-control', 'no-store');
  for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
  return reply.send(typeof result.body === 'string' ? result.body : Readable.from(result.body));
}

export function registerCommerceMlRoutes(app: FastifyInstance, db: Db): void {
  const tags = ['1c-exchange'];
  app.register(async (scope) => {
    // Files arrive as raw bodies of any content type (1C sends application/octet-stream or none) and
    // are read as a stream, never buffered whole.
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.removeContentTypeParser(['application/json', 'text/plain']);
    scope.addContentTypeParser(['application/json', 'text/plain'], (_request, payload, done) => done(null, payload));
    const exchange = async (request: { query: Record<string, string | undefined>; headers: Record<string, string | string[] | undefined>; cookies?: Record<string, string | undefined>; body?: unknown }, reply: FastifyReply) =>
      send(
        reply,
        await handleExchange(db, {
          query: request.query,
          authorization: request.headers.authorization as string | undefined,
          cookie: request.cookies?.[EXCHANGE_COOKIE],
          acceptCharset: request.headers['accept-charset'] as string | undefined,
          body: request.body as AsyncIterable<Buffer> | undefined,
        }),
      );
    const limits = { max: 30, timeWindow: '1 minute', keyGenerator: (request: { ip: string }) => `1c:${request.ip}` };
    scope.get<Query>(EXCHANGE_PATH, { schema: { tags, summary: '1C exchange protocol (type=catalog|sale, mode=checkauth|init|import|query|success)' }, config: { rateLimit: limits } }, (request, reply) => exchange(request, reply));
    scope.post<Query>(EXCHANGE_PATH, { schema: { tags, summary: '1C exchange protocol: mode=file uploads (raw body)' }, bodyLimit: protocolLimits.fileLimit + 1024 }, (request, reply) => exchange(request, reply));
    scope.post<Query>('/api/v1/1c/files', { schema: { tags, summary: 'Import a CommerceML file (import.xml, offers.xml, or an orders file from 1C) sent as the raw body; one transaction' }, bodyLimit: 1024 * 1024 * 1024 }, async (request) =>
      uploadCommerceMlFile(ctxOf(request), request.body as AsyncIterable<Buffer> | undefined, request.query),
    );
  });
  app.get<Query>('/api/v1/1c/orders.xml', { schema: { tags, summary: 'orders.xml of the orders you can read (encoding=windows-1251 for 1C 7.7-era readers; pending=true for those not yet sent)' } }, async (request, reply) => {
    const { encoding, body } = downloadOrdersXml(ctxOf(request), request.query, request.headers['accept-charset'] as string | undefined);
    reply.header('content-type', `application/xml; charset=${encoding}`).header('content-disposition', 'attachment; filename="orders.xml"');
    return reply.send(Readable.from(body));
  });
  app.get<Query>('/api/v1/1c/exchanges', { schema: { tags, summary: 'Log of every exchange with 1C (administrators)' } }, async (request) => listExchanges(ctxOf(request), request.query));
}
