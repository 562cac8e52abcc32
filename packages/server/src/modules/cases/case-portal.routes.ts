// The portal's case form over HTTP, without login: POST /portal/:portal/cases takes the plain HTML form
// (multipart with attachments, or urlencoded) and answers with a page (the case number, or the form again with
// each refused field named: 400, 413, 429); POST /api/public/kb/:portal/cases takes the same fields as JSON
// (or a form) and answers JSON; GET /portal/:portal/cases/status/:token is the status page the confirmation
// email links to. A per-minute per-IP limit guards the route before the per-hour IP and email limits the
// service counts in the database (so they hold across processes).
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { portalCaseLimits } from '@svyaz/shared';
import type { Database } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import type { FieldProblem } from '../../core/validation.js';
import { handleError, statusForCode } from '../../http/error-handler.js';
import { errorSchema } from '../../http/openapi.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { findPortal, type Portal } from '../kb/kb-portal.service.js';
import { portalLanguage, type PortalLanguage } from '../kb/kb-portal.page.js';
import { baseUrlOf, parseUrlEncoded, PUBLIC_BODY_LIMIT } from '../web-forms/web-forms.public.routes.js';
import { loadCaseCategories } from './case-categories.service.js';
import { portalCaseStatus, submitPortalCase, type PortalAttachment, type PortalCaseLimits } from './case-portal.service.js';
import { portalCaseTexts, renderCaseCreated, renderCaseRefusal, renderCaseStatus, setPortalCategories, type PortalCaseValues } from './case-portal.page.js';

type WithPortal = { Params: { portal: string } };
const valueFields = ['name', 'email', 'phone', 'subject', 'description', 'category'] as const;

interface ParsedRequest {
  fields: Record<string, string | string[]>;
  files: PortalAttachment[];
}

/** The form's fields and files, whatever the content type; a file over the limit is refused naming "attachments". */
async function readSubmission(request: FastifyRequest): Promise<ParsedRequest> {
  if (!request.isMultipart()) {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return { fields: {}, files: [] };
    return { fields: body as Record<string, string>, files: [] };
  }
  const fields: Record<string, string | string[]> = {};
  const files: PortalAttachment[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        // A browser sends an empty part with no name when no file was chosen.
        if (!part.filename && content.length === 0) continue;
        files.push({ name: part.filename || 'file', contentType: part.mimetype, content });
      } else {
        const value = String(part.value ?? '');
        const current = fields[part.fieldname];
        fields[part.fieldname] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { message: `attachments: each file must be at most ${portalCaseLimits.fileBytes / 1024 / 1024} MB`, details: [{ field: 'attachments', problem: `each file must be at most ${portalCaseLimits.fileBytes / 1024 / 1024} MB` }] });
    if (code === 'FST_FILES_LIMIT') throw new AppError('VALIDATION_FAILED', { message: `attachments: at most ${portalCaseLimits.files} files`, details: [{ field: 'attachments', problem: `at most ${portalCaseLimits.files} files` }] });
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('VALIDATION_FAILED', { message: 'The form has too many fields', details: [{ field: '(body)', problem: 'has too many fields' }] });
    throw error;
  }
  return { fields, files };
}

function valuesOf(fields: Record<string, unknown>): PortalCaseValues {
  const values: PortalCaseValues = {};
  for (const key of valueFields) {
    const value = fields[key];
    if (typeof value === 'string') values[key] = value.slice(0, 10_000);
  }
  return values;
}

function languageOf(request: FastifyRequest, fields: Record<string, unknown> = {}): PortalLanguage {
  const lang = fields.lang ?? (request.query as Record<string, unknown> | undefined)?.lang;
  return portalLanguage({ lang }, request.headers['accept-language']);
}

function statusOf(error: unknown): number {
  if (error instanceof AppError) return statusForCode(error.code);
  const fastifyError = error as { code?: string; statusCode?: number };
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 413;
  return fastifyError.statusCode && fastifyError.statusCode < 500 ? fastifyError.statusCode : 500;
}

const page = (reply: FastifyReply, html: string, status = 200) =>
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'self'; img-src 'self' https: data:; style-src 'unsafe-inline'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
    .header('x-content-type-options', 'nosniff')
    .send(html);

/** Loads the portal's categories for the form on every portal page (the page renders synchronously). */
async function refreshCategories(database: Database, url: string): Promise<void> {
  const slug = /^\/portal\/([^/?#]+)/.exec(url)?.[1];
  if (!slug) return;
  const portal = await findPortal(database.db, decodeURIComponent(slug)).catch(() => null);
  if (!portal) return;
  const categories = await loadCaseCategories(database.db, portal.workspaceId);
  setPortalCategories(portal.workspaceId, categories.filter((category) => category.isActive && category.onPortal));
}

const created = z.object({ ok: z.literal(true), spam: z.boolean(), number: z.string().nullable(), statusUrl: z.string().nullable(), mailed: z.boolean() });

export function registerCasePortalRoutes(app: FastifyInstance, database: Database, jobs: JobQueue, options: { limits: PortalCaseLimits; submissionsPerMinute?: number }): void {
  const db = database.db;
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' && request.url.startsWith('/portal/')) await refreshCategories(database, request.url);
  });
  const rateLimit = { rateLimit: { max: options.submissionsPerMinute ?? 10, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `portal-case:${request.ip}` } };

  app.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: PUBLIC_BODY_LIMIT }, (_request, body, done) => done(null, parseUrlEncoded(body as string)));
    await scope.register(multipart, { limits: { fileSize: portalCaseLimits.fileBytes, files: portalCaseLimits.files, fields: 20, fieldSize: 64 * 1024, parts: 30 } });
    // The HTML route answers every refusal (the per-minute limit included) with the form and its problems.
    scope.setErrorHandler(async (error, request: FastifyRequest<WithPortal>, reply) => {
      if (!request.url.startsWith('/portal/')) return handleError(error as Error, request, reply);
      const portal = await findPortal(db, request.params.portal ?? '').catch(() => null);
      if (!portal) return handleError(error as Error, request, reply);
      const status = statusOf(error);
      if (status >= 500) request.log.error({ err: error }, 'portal case submission failed');
      await refreshCategories(database, request.url);
      return page(reply, refusalPage(portal, languageOf(request), {}, error, status), status);
    });

    const refusalPage = (portal: Portal, language: PortalLanguage, values: PortalCaseValues, error: unknown, status: number) => {
      const problems = error instanceof AppError && Array.isArray(error.details) ? (error.details as FieldProblem[]).filter((detail) => detail.field) : [];
      const texts = portalCaseTexts[language];
      const message = status === 429 ? (language === 'ru' ? 'Слишком много обращений. Попробуйте позже.' : 'Too many cases; please try again later.') : status >= 500 ? (language === 'ru' ? 'Что-то пошло не так, обращение не сохранено.' : 'Something went wrong; nothing was saved.') : texts.problems;
      return renderCaseRefusal(portal, language, values, problems, message);
    };

    scope.post<WithPortal>('/portal/:portal/cases', { bodyLimit: portalCaseLimits.fileBytes * portalCaseLimits.files + PUBLIC_BODY_LIMIT, config: rateLimit, schema: { hide: true } }, async (request, reply) => {
      const portal = await findPortal(db, request.params.portal);
      const submission = await readSubmission(request);
      const language = languageOf(request, submission.fields);
      try {
        const result = await submitPortalCase(database, jobs, portal, submission.fields, submission.files, { ip: request.ip, language, baseUrl: baseUrlOf(request) }, options.limits);
        // A bot is thanked like a person, with no number it could use.
        if (result.spam) return page(reply, renderCaseCreated(portal, language, { number: '—', statusUrl: `/portal/${portal.slug}?lang=${language}`, mailed: false }));
        return page(reply, renderCaseCreated(portal, language, { number: result.number!, statusUrl: result.statusUrl!, mailed: result.mailed }));
      } catch (error) {
        const status = statusOf(error);
        if (status >= 500) throw error;
        await refreshCategories(database, request.url);
        return page(reply, refusalPage(portal, language, valuesOf(submission.fields), error, status), status);
      }
    });

    scope.post<WithPortal>(
      '/api/public/kb/:portal/cases',
      {
        bodyLimit: portalCaseLimits.fileBytes * portalCaseLimits.files + PUBLIC_BODY_LIMIT,
        config: rateLimit,
        schema: {
          tags: ['knowledge base (public)'],
          security: [],
          summary: 'A visitor creates a case from the portal (no login): name, email, phone?, subject, description, category?; multipart field "attachments" for files',
          response: { 201: created, 200: created, 400: errorSchema, 404: errorSchema, 413: errorSchema, 429: errorSchema },
        },
      },
      async (request, reply) => {
        const portal = await findPortal(db, request.params.portal);
        const submission = await readSubmission(request);
        const language = languageOf(request, submission.fields);
        const result = await submitPortalCase(database, jobs, portal, submission.fields, submission.files, { ip: request.ip, language, baseUrl: baseUrlOf(request) }, options.limits);
        return reply.status(201).send({ ok: true, spam: false, number: result.spam ? null : result.number, statusUrl: result.spam ? null : result.statusUrl, mailed: result.mailed });
      },
    );
  });

  app.get<WithPortal & { Params: { token: string } }>('/portal/:portal/cases/status/:token', { config: { rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `portal-status:${request.ip}` } }, schema: { hide: true } }, async (request, reply) => {
    const portal = await findPortal(db, request.params.portal);
    const language = languageOf(request);
    const status = await portalCaseStatus(db, portal, request.params.token);
    return page(reply, renderCaseStatus(portal, language, status, request.params.token), status ? 200 : 404);
  });
}
