// Analytics API: model training (admins), recommendations, rules and segments (permission-filtered).
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { listModels, runTraining, startTraining } from './analytics.training.js';
import { listSegmentMembers, listSegments, recommendFor, segmentOfCompany } from './analytics.serving.js';
import { listRules, type RulesQuery } from './analytics.rules.js';

type ById = { Params: { id: string }; Querystring: { k?: string; limit?: string } };

export function registerAnalyticsRoutes(app: FastifyInstance): void {
  const tags = ['analytics'];
  app.post('/api/v1/analytics/models/train', { schema: { tags, summary: 'Train a new model version in the background; the last ready one keeps serving' } }, async (request, reply) => {
    const ctx = ctxOf(request);
    const row = await startTraining(ctx);
    // Runs in this process; the nightly pg-boss job (analytics-train) trains every workspace.
    setImmediate(() => {
      runTraining(ctx.db, row.id).catch((error: unknown) => request.log.error({ err: error }, 'analytics training failed'));
    });
    reply.status(202);
    return row;
  });
  app.get('/api/v1/analytics/models', { schema: { tags } }, async (request) => listModels(ctxOf(request)));
  app.get<{ Querystring: RulesQuery }>('/api/v1/analytics/rules', { schema: { tags } }, async (request) => listRules(ctxOf(request), request.query));
  app.get('/api/v1/analytics/segments', { schema: { tags } }, async (request) => listSegments(ctxOf(request)));
  app.get<ById>('/api/v1/analytics/segments/:id/members', { schema: { tags } }, async (request) => listSegmentMembers(ctxOf(request), request.params.id, request.query));
  app.get<ById>('/api/v1/companies/:id/recommendations', { schema: { tags } }, async (request) => recommendFor(ctxOf(request), 'companies', request.params.id, request.query));
  app.get<ById>('/api/v1/contacts/:id/recommendations', { schema: { tags } }, async (request) => recommendFor(ctxOf(request), 'contacts', request.params.id, request.query));
  app.get<ById>('/api/v1/companies/:id/segment', { schema: { tags } }, async (request) => segmentOfCompany(ctxOf(request), request.params.id));
}
