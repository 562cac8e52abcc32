// Custom field definitions: GET /api/v1/custom-fields?object=, POST, PATCH /:id, POST /reorder (no DELETE: archive).
import type { FastifyInstance } from 'fastify';
import { customFieldCreateSchema, customFieldReorderSchema, customFieldUpdateSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { createCustomField, listCustomFields, reorderCustomFields, updateCustomField } from './custom-fields.service.js';

export function registerCustomFieldRoutes(app: FastifyInstance): void {
  const tags = ['custom-fields'];
  app.get('/api/v1/custom-fields', { schema: { tags, summary: 'Custom field definitions of an object, in display order (?object=companies)' } }, async (request) =>
    listCustomFields(ctxOf(request), request.query as Record<string, unknown>),
  );
  app.post('/api/v1/custom-fields', { schema: { tags, summary: 'Define a custom field (administrators)', body: customFieldCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createCustomField(ctxOf(request), request.body);
  });
  app.post('/api/v1/custom-fields/reorder', { schema: { tags, summary: 'Put all custom fields of an object in a new order at once', body: customFieldReorderSchema } }, async (request) =>
    reorderCustomFields(ctxOf(request), request.body),
  );
  app.patch<{ Params: { id: string } }>('/api/v1/custom-fields/:id', { schema: { tags, summary: 'Relabel, reorder, hide, archive or change options; values are kept', body: customFieldUpdateSchema } }, async (request) =>
    updateCustomField(ctxOf(request), request.params.id, request.body),
  );
}
