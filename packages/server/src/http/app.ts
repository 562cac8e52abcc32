// Builds the Fastify application: plugins, authentication, error handling, OpenAPI, every module's routes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Database } from '../db/client.js';
import { handleError } from './error-handler.js';
import { registerAuthentication } from './authenticate.js';
import { registerModules } from './modules.js';
import type { Config } from '../config.js';
import { createJobQueue, type JobQueue } from '../jobs/job-runner.js';
import { AuthCache } from '../modules/auth/auth-cache.js';
import { listenForSlaChanges } from '../modules/sla/sla-cache.js';

export interface AppOptions {
  database: Database;
  config?: Partial<Config>;
  logger?: boolean | object;
  /** Serve the built web app from packages/web/dist when present. */
  serveWeb?: boolean;
  /** The job queue routes enqueue to (the inline runner); without one, a send-only pg-boss is started on first use. */
  jobs?: JobQueue;
}

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: false,
    ajv: { customOptions: { coerceTypes: false } },
  });
  const db = options.database.db;
  // Bodies are validated by the services with the shared zod schemas (errors name each field);
  // the route schemas exist for the OpenAPI document.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  // Response schemas (http/openapi.ts) document what an endpoint returns; replies are plain JSON.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(handleError);
  const slowRequestMs = options.config?.SLOW_REQUEST_MS ?? 0;
  if (slowRequestMs > 0) {
    app.addHook('onResponse', async (request, reply) => {
      if (reply.elapsedTime < slowRequestMs) return;
      request.log.warn({ method: request.method, route: request.routeOptions.url, path: request.url.split('?')[0], statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'slow request');
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !options.serveWeb) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}`, details: null } });
    }
    return reply.sendFile('index.html');
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false, errorResponseBuilder: () => ({ statusCode: 429, error: { code: 'RATE_LIMITED', message: 'Too many attempts; wait a minute and try again', details: null } }) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Svyaz CRM API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'svyaz_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true, database: options.database.kind }));

  const authCacheSeconds = options.config?.AUTH_CACHE_SECONDS;
  const authCache = new AuthCache(options.database, authCacheSeconds === undefined ? undefined : authCacheSeconds * 1000);
  await authCache.start();
  app.addHook('onClose', () => authCache.close());
  // Cached SLA policies and calendars are forgotten when another process changes them (sla-cache.ts; else after 5 s).
  const stopSlaListening = await listenForSlaChanges(options.database).catch(() => undefined);
  app.addHook('onClose', async () => {
    await stopSlaListening?.().catch(() => undefined);
  });
  registerAuthentication(app, db, authCache);
  const jobs = options.jobs ?? createJobQueue(options.database, app.log);
  if (!options.jobs) app.addHook('onClose', () => jobs.stop());
  registerModules(app, { ...options, jobs });

  if (options.serveWeb && existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false });
  } else {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><title>Svyaz CRM</title><h1>Svyaz CRM</h1><p>API: <a href="/api/docs">/api/docs</a> · <a href="/api/openapi.json">OpenAPI</a></p>'),
    );
  }
  return app;
}
