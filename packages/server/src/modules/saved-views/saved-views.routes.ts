// Saved list views: GET/POST /api/v1/saved-views, GET/PATCH/DELETE /api/v1/saved-views/:id.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { createSavedView, deleteSavedView, getSavedView, listSavedViews, savedViewCreateSchema, savedViewUpdateSchema, updateSavedView } from './saved-views.service.js';

type ById = { Params: { id: string } };

export function registerSavedViewRoutes(app: FastifyInstance): void {
  const tags = ['saved-views'];
  app.get('/api/v1/saved-views', { schema: { tags, summary: 'Your views and your team\'s shared views (?object=companies)' } }, async (request) =>
    listSavedViews(ctxOf(request), request.query as Record<string, unknown>),
  );
  app.post('/api/v1/saved-views', { schema: { tags, body: savedViewCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createSavedView(ctxOf(request), request.body);
  });
  app.get<ById>('/api/v1/saved-views/:id', { schema: { tags } }, async (request) => getSavedView(ctxOf(request), request.params.id));
  app.patch<ById>('/api/v1/saved-views/:id', { schema: { tags, body: savedViewUpdateSchema } }, async (request) => updateSavedView(ctxOf(request), request.params.id, request.body));
  app.delete<ById>('/api/v1/saved-views/:id', { schema: { tags } }, async (request) => deleteSavedView(ctxOf(request), request.params.id));
}
