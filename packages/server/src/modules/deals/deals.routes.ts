// Deal routes beyond the generic record API: kanban move, stage history, contacts, product lines, board.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ctxOf } from '../../http/authenticate.js';
import { registerRecordRoutes } from '../../core/records/record-routes.js';
import { getPipelineBoard } from './deal-board.service.js';
import { summariseDeals } from './deal-summary.service.js';
import { dealProductsSchema, listDealProducts, replaceDealProducts } from './deal-products.service.js';
import { dealDefinition } from './deals.definition.js';
import { addDealContact, dealContactSchema, dealMoveSchema, listDealContacts, listDealStageHistory, moveDealToStage, removeDealContact } from './deals.service.js';

type IdParams = { Params: { id: string } };
const tags = ['deals'];

/** For the OpenAPI document; the service validates (and also accepts filter[field][op]=value). */
const boardQuery = z.object({
  scope: z.enum(['mine', 'team', 'all']).optional().describe('whose deals: mine, my team(s), or all I may see (default)'),
  staleDays: z.string().optional().describe('a deal is stale when neither created nor touched by an activity in this many days (default 14)'),
  limit: z.string().optional().describe('deals shown per stage, 0-200 (default 20)'),
  sort: z.string().optional().describe('as in the deal list, e.g. -amount (default -createdAt)'),
  fields: z.string().optional(),
});

export function registerDealRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/deals/summary',
    { schema: { tags, summary: 'Count, sum and weighted sum (amount × stage probability) of every deal matching filter[...] that the actor may see' } },
    async (request) => summariseDeals(ctxOf(request), request.query as Record<string, unknown>),
  );
  registerRecordRoutes(app, dealDefinition);
  app.post<IdParams>(
    '/api/v1/deals/:id/move',
    { schema: { tags, summary: 'Move a deal to another stage of its pipeline (kanban); lostReason is required for a lost stage', body: dealMoveSchema } },
    async (request) => moveDealToStage(ctxOf(request), request.params.id, request.body),
  );
  app.get<IdParams>('/api/v1/deals/:id/stage-history', { schema: { tags, summary: 'Stages the deal went through, oldest first' } }, async (request) => ({
    data: await listDealStageHistory(ctxOf(request), request.params.id),
  }));
  app.get<IdParams>('/api/v1/deals/:id/contacts', { schema: { tags } }, async (request) => ({ data: await listDealContacts(ctxOf(request), request.params.id) }));
  app.post<IdParams>('/api/v1/deals/:id/contacts', { schema: { tags, summary: 'Link a contact to the deal (or change its role)', body: dealContactSchema } }, async (request) => ({
    data: await addDealContact(ctxOf(request), request.params.id, request.body),
  }));
  app.delete<{ Params: { id: string; contactId: string } }>('/api/v1/deals/:id/contacts/:contactId', { schema: { tags } }, async (request) => ({
    data: await removeDealContact(ctxOf(request), request.params.id, request.params.contactId),
  }));
  app.get<IdParams>('/api/v1/deals/:id/products', { schema: { tags } }, async (request) => listDealProducts(ctxOf(request), request.params.id));
  app.put<IdParams>(
    '/api/v1/deals/:id/products',
    { schema: { tags, summary: 'Replace the product lines; the deal amount becomes their total unless recalculateAmount=false', body: dealProductsSchema } },
    async (request) => replaceDealProducts(ctxOf(request), request.params.id, request.body),
  );
  app.get<IdParams>(
    '/api/v1/pipelines/:id/board',
    { schema: { tags: ['pipelines', 'deals'], summary: 'Kanban board: per stage count, sum, staleCount and the first `limit` deals; filter[...] as the deal list', querystring: boardQuery } },
    async (request) => getPipelineBoard(ctxOf(request), request.params.id, request.query as Record<string, unknown>),
  );
}
