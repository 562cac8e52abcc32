// Reports API: the dashboard's aggregates in one request.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { getDashboard } from './reports.service.js';

export function registerReportRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/reports/dashboard',
    { schema: { tags: ['reports'], summary: 'Dashboard aggregates over the records the caller may read: from, to (YYYY-MM-DD, default the last 12 months), teamId (with sub-teams), pipelineId (default pipeline), tz (+03:00)' } },
    async (request) => getDashboard(ctxOf(request), request.query),
  );
}
