// Call lists over HTTP: build one from a filter or saved view, see progress, pause or archive, delete;
// callers take their next item and record its outcome.
import type { FastifyInstance } from 'fastify';
import { callListCreateSchema, callListOutcomeSchema, callListUpdateSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses } from '../../http/openapi.js';
import { createCallList, deleteCallList, getCallList, listCallListItems, listCallLists, nextCallListItem, recordCallListOutcome, updateCallList } from './call-lists.service.js';
import { callListItemListSchema, callListListSchema, callListSchema, nextItemSchema, outcomeResultSchema } from './call-lists.schemas.js';

type WithId = { Params: { id: string } };

export function registerCallListRoutes(app: FastifyInstance): void {
  const tags = ['call-lists'];
  app.get<{ Querystring: { status?: string } }>('/api/v1/call-lists', { schema: { tags, response: responses(200, callListListSchema), summary: 'Call lists I created, call, or may see by my rights (archived ones with status=archived|all)' } }, async (request) =>
    listCallLists(ctxOf(request), request.query),
  );
  app.post('/api/v1/call-lists', { schema: { tags, body: callListCreateSchema, response: responses(201, callListSchema), summary: 'A call list from a list filter or a saved view: the matching records with a phone, shared among the callers' } }, async (request, reply) => {
    reply.status(201);
    return createCallList(ctxOf(request), request.body);
  });
  app.get<WithId>('/api/v1/call-lists/:id', { schema: { tags, response: responses(200, callListSchema), summary: 'A call list with its progress (per outcome and per caller)' } }, async (request) => getCallList(ctxOf(request), request.params.id));
  app.patch<WithId>('/api/v1/call-lists/:id', { schema: { tags, body: callListUpdateSchema, response: responses(200, callListSchema), summary: 'Rename, pause, resume or archive (its author or a head of sales)' } }, async (request) =>
    updateCallList(ctxOf(request), request.params.id, request.body),
  );
  app.delete<WithId>('/api/v1/call-lists/:id', { schema: { tags, response: responses(200, okSchema), summary: 'Delete a call list (the activities and tasks it made stay)' } }, async (request) => deleteCallList(ctxOf(request), request.params.id));
  app.get<WithId>('/api/v1/call-lists/:id/items', { schema: { tags, response: responses(200, callListItemListSchema), summary: 'The items in order with their outcomes' } }, async (request) => listCallListItems(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/call-lists/:id/next', { schema: { tags, response: responses(200, nextItemSchema), summary: 'My next item, claimed for me (the one I hold, else the first free one I may read)' } }, async (request) =>
    nextCallListItem(ctxOf(request), request.params.id),
  );
  app.post<{ Params: { id: string; itemId: string } }>(
    '/api/v1/call-lists/:id/items/:itemId/outcome',
    { schema: { tags, body: callListOutcomeSchema, response: responses(200, outcomeResultSchema), summary: 'What came of the call: outcome, note, follow-up task; no answer and call back put the item back for later' } },
    async (request) => recordCallListOutcome(ctxOf(request), request.params.id, request.params.itemId, request.body),
  );
}
