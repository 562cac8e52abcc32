import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loginSchema } from '@svyaz/shared';
import type { Db } from '../../db/client.js';
import { ctxOf } from '../../http/authenticate.js';
import { parseBody } from '../../core/validation.js';
import { SESSION_COOKIE, SESSION_DAYS, authenticate, createApiToken, createSession, deleteSession, listApiTokens, revokeApiToken } from './auth.service.js';
import { getCurrentUser } from '../users/users.service.js';

export function registerAuthRoutes(app: FastifyInstance, db: Db, options: { secureCookie: boolean }): void {
  app.post(
    '/api/v1/auth/login',
    {
      schema: { tags: ['auth'], body: loginSchema },
      config: { rateLimit: { max: 10, timeWindow: '1 minute', hook: 'preHandler', keyGenerator: (request) => `${request.ip}:${String((request.body as { email?: unknown })?.email ?? '').toLowerCase()}` } },
    },
    async (request, reply) => {
      const { email, password } = parseBody(loginSchema, request.body);
      const { userId, workspaceId } = await authenticate(db, email, password);
      const session = await createSession(db, userId, workspaceId);
      reply.setCookie(SESSION_COOKIE, session.cookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookie, maxAge: SESSION_DAYS * 86400 });
      const user = await getCurrentUser(db, userId);
      return { user, csrfToken: session.csrfToken };
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    if (request.sessionCookie) await deleteSession(db, request.sessionCookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'] } }, async (request) => {
    const ctx = ctxOf(request);
    return { user: await getCurrentUser(db, ctx.actor.userId), permissions: ctx.actor.permissions, csrfToken: request.csrfToken ?? null };
  });

  const tokenBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
  app.post('/api/v1/auth/tokens', { schema: { tags: ['auth'], body: tokenBody } }, async (request, reply) => {
    const ctx = ctxOf(request);
    const { name } = parseBody(tokenBody, request.body);
    reply.status(201);
    return createApiToken(db, ctx.actor, name);
  });
  app.get('/api/v1/auth/tokens', { schema: { tags: ['auth'] } }, async (request) => ({ data: await listApiTokens(db, ctxOf(request).actor) }));
  app.delete<{ Params: { id: string } }>('/api/v1/auth/tokens/:id', { schema: { tags: ['auth'] } }, async (request) => {
    await revokeApiToken(db, ctxOf(request).actor, request.params.id);
    return { ok: true };
  });
}
