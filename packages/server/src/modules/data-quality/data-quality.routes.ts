// Data quality: the report (GET /api/v1/data-quality/report), the records behind one check
// (GET /api/v1/data-quality/issues/:key), and the duplicate finder (POST .../duplicates/runs, GET .../duplicates/runs/:id|latest).
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { buildQualityReport, getDuplicateRun, listIssueRecords, startDuplicateFinder } from './data-quality.service.js';

const tags = ['data-quality'];

export function registerDataQualityRoutes(app: FastifyInstance): void {
  app.get('/api/v1/data-quality/report', { schema: { tags, summary: 'Records without owner, without contact channel, with invalid INN, stale deals' } }, async (request) => buildQualityReport(ctxOf(request)));
  app.get<{ Params: { key: string }; Querystring: { cursor?: string; limit?: string } }>('/api/v1/data-quality/issues/:key', { schema: { tags, summary: 'The records behind one report entry, paged' } }, async (request) =>
    listIssueRecords(ctxOf(request), request.params.key, request.query),
  );
  app.post('/api/v1/data-quality/duplicates/runs', { schema: { tags, summary: 'Start the duplicate finder over the workspace' } }, async (request, reply) => {
    reply.status(202);
    return startDuplicateFinder(ctxOf(request));
  });
  app.get<{ Params: { id: string } }>('/api/v1/data-quality/duplicates/runs/:id', { schema: { tags, summary: 'A duplicate finder run (or "latest") with groups and confidence' } }, async (request) => getDuplicateRun(ctxOf(request), request.params.id));
}
