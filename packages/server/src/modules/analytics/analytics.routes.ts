// Analytics API: model training (admins), recommendations, rules and segments (permission-filtered).
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { listModels, startTraining } from './analytics.training.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { listSegmentMembers, listSegments, recommendFor, segmentOfCompany, serveModelsFromThisProcess } from './analytics.serving.js';
import { listRules, type RulesQuery } from './analytics.rules.js';

type ById = { Params: { id: string }; Querystring: { k?: string; limit?: string } };

export function registerAnalyticsRoutes(app: FastifyInstance, jobs: JobQueue): void {
  serveModelsFromThisProcess();
  const tags = ['analytics'];
  app.post('/api/v1/analytics/models/train', { schema: { tags, summary: 'Queue a pg-boss job that trains a new model version (202 with the model row and jobId); the last ready one keeps serving' } }, async (request, reply) => {
    reply.status(202);
    return startTraining(ctxOf(request), jobs);
  });
  app.get('/api/v1/analytics/models', { schema: { tags } }, async (request) => listModels(ctxOf(request)));
  app.get<{ Querystring: RulesQuery }>('/api/v1/analytics/rules', { schema: { tags } }, async (request) => listRules(ctxOf(request), request.query));
  app.get('/api/v1/analytics/segments', { schema: { tags } }, async (request) => listSegments(ctxOf(request)));
  app.get<ById>('/api/v1/analytics/segments/:id/members', { schema: { tags } }, async (request) => listSegmentMembers(ctxOf(request), request.params.id, request.query));
  app.get<ById>('/api/v1/companies/:id/recommendations', { schema: { tags } }, async (request) => recommendFor(ctxOf(request), 'companies', request.params.id, request.query));
  app.get<ById>('/api/v1/contacts/:id/recommendations', { schema: { tags } }, async (request) => recommendFor(ctxOf(request), 'contacts', request.params.id, request.query));
  app.get<ById>('/api/v1/companies/:id/segment', { schema: { tags } }, async (request) => segmentOfCompany(ctxOf(request), request.params.id));
}
