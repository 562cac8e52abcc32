// Resolves who is calling: a session cookie (browsers; mutating requests need the CSRF header)
// or `Authorization: Bearer <token>` (integrations). Routes read `request.ctx`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../core/context.js';
import { AppError } from '../core/errors.js';
import type { Db } from '../db/client.js';
import { SESSION_COOKIE, findApiTokenUser, findSession, loadActor } from '../modules/auth/auth.service.js';
import type { AuthCache } from '../modules/auth/auth-cache.js';

declare module 'fastify' {
  interface FastifyRequest {
    ctxValue?: Ctx;
    sessionCookie?: string;
    csrfToken?: string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `cache` remembers whose each token and session is (see auth-cache.ts); without it every request asks. */
export function registerAuthentication(app: FastifyInstance, db: Db, cache?: AuthCache): void {
  app.decorateRequest('ctxValue', undefined);
  app.decorateRequest('sessionCookie', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/') || request.url.startsWith('/api/v1/auth/login') || request.url.startsWith('/api/v1/forms/')) return;
    // A PBX's call events carry the integration's secret or signature instead (modules/telephony).
    if (request.url.startsWith('/api/v1/telephony/events')) return;
    // 1C authenticates on the exchange URL itself (Basic at checkauth, then its own cookie: modules/commerceml).
    if (request.url === '/api/v1/1c/exchange' || request.url.startsWith('/api/v1/1c/exchange?')) return;
    const header = request.headers.authorization;
    let userId: string | undefined;
    if (header?.startsWith('Bearer ')) {
      userId = await findApiTokenUser(db, header.slice(7).trim(), cache);
      if (!userId) throw new AppError('UNAUTHENTICATED', { message: 'The API token is unknown or revoked' });
    } else {
      const cookie = request.cookies?.[SESSION_COOKIE];
      if (!cookie) throw new AppError('UNAUTHENTICATED', { message: 'Log in first' });
      const session = await findSession(db, cookie, cache);
      if (!session) throw new AppError('UNAUTHENTICATED', { message: 'Your session has expired; log in again' });
      if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
        throw new AppError('CSRF_FAILED', { message: 'Missing or wrong X-CSRF-Token header' });
      }
      userId = session.userId;
      request.sessionCookie = cookie;
      request.csrfToken = session.csrfToken;
    }
    const actor = await loadActor(db, userId);
    if (!actor) throw new AppError('UNAUTHENTICATED', { message: 'This user is deactivated' });
    request.ctxValue = { db, actor, log: request.log };
  });
}

/** The caller's context; only valid on authenticated routes. */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.ctxValue) throw new AppError('UNAUTHENTICATED', { message: 'Log in first' });
  return request.ctxValue;
}
