// The customer's side, without login or CSRF: GET /s/:token is the answer page (?score=N from the
// email's one-click links records the score at once), POST /s/:token its plain HTML form; the same
// through JSON at GET/POST /api/public/surveys/:token. Rate-limited per IP, bodies up to 16 KB.
// Errors: unknown or tampered token 404, expired 410, answered already 409 (a page for the HTML side).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import type { FieldProblem } from '../../core/validation.js';
import { handleError, statusForCode } from '../../http/error-handler.js';
import { errorSchema } from '../../http/openapi.js';
import { findInvitation, publicState, recordScore, submitAnswer } from './survey-answers.service.js';
import { answerPage, messagePage, page } from './survey-page.js';

export const SURVEY_BODY_LIMIT = 16 * 1024;
type WithToken = { Params: { token: string }; Querystring: { score?: string } };

const languageOf = async (database: Database, token: string): Promise<'ru' | 'en'> => (await findInvitation(database.db, token).catch(() => null))?.survey.language ?? 'ru';

/** A plain form's fields: score, comment and q_<key> (repeated for several choices), typed by the survey's questions. */
function formToAnswer(values: Record<string, string | string[]>, questions: { key: string; type: string }[]) {
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const answers: Record<string, unknown> = {};
  for (const question of questions) {
    const value = values[`q_${question.key}`];
    if (value === undefined) continue;
    if (question.type === 'multiple') answers[question.key] = Array.isArray(value) ? value : [value];
    else if (question.type === 'scale') answers[question.key] = one(value) === '' ? undefined : Number(one(value));
    else answers[question.key] = one(value);
  }
  const score = one(values.score);
  return { score: score === undefined || score === '' ? undefined : Number(score), comment: one(values.comment) ?? null, answers };
}

const stateSchema = z.object({ survey: z.record(z.string(), z.unknown()), status: z.enum(['open', 'answered', 'completed', 'expired']), response: z.record(z.string(), z.unknown()).nullable(), expiresAt: z.string() });

export function registerSurveyPublicRoutes(app: FastifyInstance, database: Database, options: { answersPerMinute: number }): void {
  const db = database.db;
  const rateLimit = { max: options.answersPerMinute, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `survey:${request.ip}` };
  app.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: SURVEY_BODY_LIMIT }, (_request, body, done) => {
      const values: Record<string, string | string[]> = {};
      for (const [name, value] of new URLSearchParams(body as string)) {
        const current = values[name];
        values[name] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
      }
      done(null, values);
    });
    scope.setErrorHandler(async (error, request: FastifyRequest<WithToken>, reply: FastifyReply) => {
      if (request.url.startsWith('/api/')) return handleError(error as Error, request, reply);
      const token = request.params.token ?? '';
      const fastifyError = error as { code?: string; statusCode?: number; message: string };
      const status = error instanceof AppError ? statusForCode(error.code) : fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 413 : (fastifyError.statusCode ?? 500) < 500 ? fastifyError.statusCode! : 500;
      if (status >= 500) request.log.error({ err: error }, 'survey answer failed');
      reply.status(status).type('text/html; charset=utf-8');
      if (error instanceof AppError && error.code === 'NOT_FOUND') return reply.send(messagePage('ru', 'notFound'));
      const found = await findInvitation(db, token).catch(() => null);
      const lang = found?.survey.language ?? 'ru';
      if (error instanceof AppError && error.code === 'SURVEY_EXPIRED') return reply.send(messagePage(lang, 'expired'));
      if (error instanceof AppError && error.code === 'SURVEY_ALREADY_ANSWERED') return reply.send(messagePage(lang, 'done'));
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && found) {
        const body = request.method === 'POST' && request.body && typeof request.body === 'object' ? formToAnswer(request.body as Record<string, string | string[]>, found.survey.questions) : null;
        const problems = (Array.isArray(error.details) ? (error.details as FieldProblem[]) : []).map((detail) => ({ field: detail.field ?? '', problem: detail.problem }));
        return reply.send(answerPage(found.survey, token, { score: body?.score ?? found.response?.score ?? null, comment: body?.comment ?? null, answers: body?.answers ?? {}, recorded: false, problems }));
      }
      const text = status === 429 ? (lang === 'en' ? 'Too many attempts; wait a minute and try again' : 'Слишком много попыток; подождите минуту') : status === 413 ? (lang === 'en' ? 'The answer is too long' : 'Слишком длинный ответ') : lang === 'en' ? 'Something went wrong; nothing was saved' : 'Что-то пошло не так; ничего не сохранено';
      return reply.send(page(lang, text, `<h1>${text}</h1>`));
    });

    scope.get<WithToken>('/s/:token', { schema: { hide: true }, config: { rateLimit } }, async (request, reply) => {
      const { token } = request.params;
      let recorded = false;
      if (request.query.score !== undefined) {
        const score = /^\d{1,2}$/.test(request.query.score) ? Number(request.query.score) : Number.NaN;
        await recordScore(db, token, score);
        recorded = true;
      }
      const { invitation, survey, response } = await findInvitation(db, token);
      reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      if (response?.completed) return reply.status(200).send(messagePage(survey.language, 'done'));
      if (invitation.expired) return reply.status(410).send(messagePage(survey.language, 'expired'));
      return reply.send(answerPage(survey, token, { score: response?.score ?? null, comment: response?.comment ?? null, answers: response?.answers ?? {}, recorded }));
    });

    scope.post<WithToken>('/s/:token', { schema: { hide: true }, bodyLimit: SURVEY_BODY_LIMIT, config: { rateLimit } }, async (request, reply) => {
      const { token } = request.params;
      const { survey } = await findInvitation(db, token);
      const values = (request.body ?? {}) as Record<string, string | string[]>;
      await submitAnswer(db, token, formToAnswer(values, survey.questions));
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(messagePage(survey.language, 'thanks', survey));
    });

    const tags = ['surveys'];
    scope.get<WithToken>('/api/public/surveys/:token', { schema: { tags, security: [], summary: 'A survey invitation (no login): texts, questions, status; ?score=N records a score at once', response: { 200: stateSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema, 410: errorSchema, 429: errorSchema } }, config: { rateLimit } }, async (request) => {
      if (request.query.score !== undefined) await recordScore(db, request.params.token, /^\d{1,2}$/.test(request.query.score) ? Number(request.query.score) : Number.NaN);
      return publicState(db, request.params.token);
    });
    scope.post<WithToken>('/api/public/surveys/:token', { bodyLimit: SURVEY_BODY_LIMIT, schema: { tags, security: [], summary: 'Complete the answer (score, comment, answers by question key) once; again is a 409', response: { 200: stateSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema, 410: errorSchema, 413: errorSchema, 429: errorSchema } }, config: { rateLimit } }, async (request) => {
      await submitAnswer(db, request.params.token, request.body);
      return publicState(db, request.params.token);
    });
  });
  void languageOf;
}
