// GET /api/v1/tags?object=companies[&q=prefix]: distinct tags with counts among readable records.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { listTags } from './tags.service.js';

export function registerTagRoutes(app: FastifyInstance): void {
  app.get('/api/v1/tags', { schema: { tags: ['tags'], summary: 'Tags in use on an object, with counts over the records you can read' } }, async (request) =>
    listTags(ctxOf(request), request.query as Record<string, unknown>),
  );
}
