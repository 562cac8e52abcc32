// The public side of web forms, without login or CSRF: POST /api/public/forms/:key takes JSON (the embed
// script) or application/x-www-form-urlencoded (a plain HTML form: answered with a redirect or a small
// page), CORS only for the form's allowed origins (preflight included), a per-IP rate limit and a 64 KB
// body limit; GET …/embed.js is the script that renders the form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import type { FieldProblem } from '../../core/validation.js';
import { handleError, statusForCode } from '../../http/error-handler.js';
import { errorSchema } from '../../http/openapi.js';
import { findPublicForm, originAllowed, submitWebForm, type PublicForm } from './web-form-submission.service.js';
import { embedScript, errorPage, successPage, successText } from './web-forms.embed.js';

export const PUBLIC_BODY_LIMIT = 64 * 1024;
type WithKey = { Params: { key: string } };

const isPlainForm = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
export const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** CORS headers for an allowed origin only; a refused origin gets none, so the browser keeps the answer from the page. */
function allowOrigin(reply: FastifyReply, form: PublicForm, origin: string | undefined): boolean {
  reply.header('Vary', 'Origin');
  if (!origin || !originAllowed(form, origin)) return false;
  reply.header('Access-Control-Allow-Origin', origin);
  return true;
}

function refererOf(request: FastifyRequest): string | null {
  const referer = request.headers.referer;
  return typeof referer === 'string' && referer.length <= 2000 ? referer : null;
}

/** A plain HTML form's fields; a repeated name becomes a list (the portal's case form parses the same way). */
export function parseUrlEncoded(body: string): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const current = values[name];
    values[name] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  return values;
}

const submitted = z.object({ ok: z.literal(true), message: z.string(), redirectUrl: z.string().nullable() });

export function registerWebFormPublicRoutes(app: FastifyInstance, database: Database, options: { submissionsPerMinute: number }): void {
  const db = database.db;
  app.register(async (scope) => {
    // JSON (the script) or a plain form; text/plain would let a page post without a preflight.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: PUBLIC_BODY_LIMIT }, (_request, body, done) => done(null, parseUrlEncoded(body as string)));
    // Errors keep the one JSON shape for the script, with CORS headers where the origin is allowed, and
    // become a small HTML page listing the problems for a plain form.
    scope.setErrorHandler(async (error, request: FastifyRequest<WithKey>, reply) => {
      const origin = request.headers.origin;
      if (origin && !reply.getHeader('Access-Control-Allow-Origin')) {
        const form = await findPublicForm(db, request.params.key ?? '').catch(() => null);
        if (form) allowOrigin(reply, form, origin);
      }
      if (!isPlainForm(request)) return handleError(error as Error, request, reply);
      const fastifyError = error as { code?: string; statusCode?: number; message: string };
      const status = error instanceof AppError ? statusForCode(error.code) : fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 413 : (fastifyError.statusCode ?? 500) < 500 ? fastifyError.statusCode! : 500;
      if (status >= 500) request.log.error({ err: error }, 'web form submission failed');
      const problems = error instanceof AppError && Array.isArray(error.details) ? (error.details as FieldProblem[]).filter((detail) => detail.field) : [];
      const message = status === 413 ? 'The form is too large' : status === 429 ? 'Too many submissions; wait a minute and try again' : status >= 500 ? 'Something went wrong on our side; nothing was saved' : fastifyError.message;
      const form = await findPublicForm(db, request.params.key ?? '').catch(() => null);
      return reply.status(status).type('text/html; charset=utf-8').send(errorPage(form, form?.language ?? 'ru', message, problems, refererOf(request)));
    });

    scope.options<WithKey>('/api/public/forms/:key', { schema: { hide: true } }, async (request, reply) => {
      const form = await findPublicForm(db, request.params.key);
      if (!allowOrigin(reply, form, request.headers.origin)) {
        throw new AppError('FORBIDDEN', { message: 'This form does not accept submissions from this site', details: [{ field: 'origin', problem: `${request.headers.origin ?? '(none)'} is not an allowed origin of the form` }] });
      }
      reply.header('Access-Control-Allow-Methods', 'POST');
      reply.header('Access-Control-Allow-Headers', 'Content-Type, Accept');
      reply.header('Access-Control-Max-Age', '600');
      return reply.status(204).send();
    });

    scope.post<WithKey>(
      '/api/public/forms/:key',
      {
        bodyLimit: PUBLIC_BODY_LIMIT,
        schema: {
          tags: ['web forms'],
          summary: 'Submit a web form (no login): JSON or application/x-www-form-urlencoded; creates an assigned lead with its first task',
          security: [],
          response: { 201: submitted, 303: z.object({}).describe('Plain forms with a redirect URL'), 400: errorSchema, 403: errorSchema, 404: errorSchema, 413: errorSchema, 429: errorSchema },
        },
        config: { rateLimit: { max: options.submissionsPerMinute, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `web-form:${request.ip}` } },
      },
      async (request, reply) => {
        const form = await findPublicForm(db, request.params.key);
        allowOrigin(reply, form, request.headers.origin);
        const userAgent = request.headers['user-agent'];
        await submitWebForm(database, form, request.body, {
          ip: request.ip,
          userAgent: typeof userAgent === 'string' ? userAgent : null,
          origin: request.headers.origin ?? null,
          referer: refererOf(request),
        });
        if (isPlainForm(request)) {
          if (form.redirectUrl) return reply.redirect(form.redirectUrl, 303);
          return reply.status(200).type('text/html; charset=utf-8').send(successPage(form, refererOf(request)));
        }
        return reply.status(201).send({ ok: true, message: successText(form), redirectUrl: form.redirectUrl });
      },
    );

    scope.get<WithKey>('/api/public/forms/:key/embed.js', { schema: { hide: true } }, async (request, reply) => {
      const form = await findPublicForm(db, request.params.key);
      return reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=60').send(embedScript(form, baseUrlOf(request)));
    });
  });
}
