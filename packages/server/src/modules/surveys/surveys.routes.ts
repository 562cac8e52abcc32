// Surveys in Settings over HTTP (settings rights), sending to a saved view of contacts, and the report.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { surveyInputSchema, surveySendSchema } from '@svyaz/shared';
import type { Database } from '../../db/client.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses } from '../../http/openapi.js';
import { createSurvey, deleteSurvey, getSurvey, listSurveys, sendSurvey, updateSurvey } from './surveys.service.js';
import { getSurveyReport } from './survey-report.service.js';
import { registerSurveyPublicRoutes } from './surveys.public.routes.js';

type WithId = { Params: { id: string } };
const surveySchema = z.object({ id: z.string(), kind: z.string(), name: z.string(), isActive: z.boolean(), language: z.string(), questions: z.array(z.unknown()) }).passthrough();
const listSchema = z.object({ data: z.array(surveySchema) });
const sendResultSchema = z.object({ sent: z.number(), skippedNoEmail: z.number(), skippedRecent: z.number() });
const reportSchema = z.object({ surveyId: z.string(), invitations: z.number(), responses: z.number(), responseRate: z.number().nullable(), csatPercent: z.number().nullable(), nps: z.number().nullable() }).passthrough();

export function registerSurveyRoutes(app: FastifyInstance, database: Database, jobs: JobQueue, options: { answersPerMinute?: number } = {}): void {
  const tags = ['surveys'];
  app.get('/api/v1/surveys', { schema: { tags, response: responses(200, listSchema), summary: 'Surveys of the workspace with invitation and response counts (settings read right)' } }, async (request) => listSurveys(ctxOf(request)));
  app.get<WithId>('/api/v1/surveys/:id', { schema: { tags, response: responses(200, surveySchema) } }, async (request) => getSurvey(ctxOf(request), request.params.id));
  app.post('/api/v1/surveys', { schema: { tags, response: responses(201, surveySchema), summary: 'Create a CSAT, NPS or custom survey', body: surveyInputSchema } }, async (request, reply) => {
    reply.status(201);
    return createSurvey(ctxOf(request), request.body);
  });
  app.patch<WithId>('/api/v1/surveys/:id', { schema: { tags, response: responses(200, surveySchema), summary: 'Change a survey; the whole survey is validated again (the kind stays)' } }, async (request) => updateSurvey(ctxOf(request), request.params.id, request.body));
  app.delete<WithId>('/api/v1/surveys/:id', { schema: { tags, response: responses(200, okSchema), summary: 'Delete a survey (its links stop answering; answers stay on timelines)' } }, async (request) => deleteSurvey(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/surveys/:id/send', { schema: { tags, response: responses(200, sendResultSchema), summary: 'Email an invitation to each contact of a saved view or filters (skipping contacts without email or invited within N days)', body: surveySendSchema } }, async (request) =>
    sendSurvey(ctxOf(request), jobs, request.params.id, request.body, `${request.protocol}://${request.host}`),
  );
  app.get<WithId>('/api/v1/surveys/:id/report', { schema: { tags, response: responses(200, reportSchema), summary: 'Responses, response rate, CSAT %, NPS, distribution, weekly trend, per owner and team; only answers of contacts you may read count' } }, async (request) =>
    getSurveyReport(ctxOf(request), request.params.id),
  );
  registerSurveyPublicRoutes(app, database, { answersPerMinute: options.answersPerMinute ?? 30 });
}
