// Plans and KPI cards over HTTP: thin handlers around plans.service and kpi.service.
import type { FastifyInstance } from 'fastify';
import { planGridSchema, planInputSchema, planUpdateSchema, kpiWeightsSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses } from '../../http/openapi.js';
import { createPlan, deletePlan, getPlan, listMyPlans, listPlans, planRights, savePlanGrid, updatePlan } from './plans.service.js';
import { getKpiWeights, listKpiCards, saveKpiWeights, visiblePeople } from './kpi.service.js';
import { kpiListSchema, kpiWeightsResponseSchema, planListSchema, planPeopleSchema, planProgressSchema } from './plans.schemas.js';

type WithId = { Params: { id: string } };
type Query = { Querystring: Record<string, unknown> };

export function registerPlanRoutes(app: FastifyInstance): void {
  const tags = ['plans'];
  app.get<Query>('/api/v1/plans', { schema: { tags, response: responses(200, planListSchema), summary: 'Plans overlapping a period (periodKind month|quarter|year, date, tz) that I may see, with progress counted with my rights' } }, async (request) => listPlans(ctxOf(request), request.query));
  app.get<Query>('/api/v1/plans/my', { schema: { tags, response: responses(200, planListSchema), summary: 'My own plans of the period with progress (the desk\'s progress bars)' } }, async (request) => listMyPlans(ctxOf(request), request.query));
  app.get('/api/v1/plans/people', { schema: { tags, response: responses(200, planPeopleSchema), summary: 'People whose plans I may see: administrators everyone, heads their teams, others themselves' } }, async (request) => {
    const ctx = ctxOf(request);
    return { data: await visiblePeople(ctx.db, ctx.actor, await planRights(ctx.db, ctx.actor)) };
  });
  app.put('/api/v1/plans/grid', { schema: { tags, response: responses(200, planListSchema), summary: 'Set person plans of one measure and period for many people (null target removes); all or nothing', body: planGridSchema } }, async (request) => savePlanGrid(ctxOf(request), request.body));
  app.post('/api/v1/plans', { schema: { tags, response: responses(201, planProgressSchema), summary: 'Create a plan for a person (userId) or team (teamId; mode sum = the members\' plans added up)', body: planInputSchema } }, async (request, reply) => {
    reply.status(201);
    return createPlan(ctxOf(request), request.body);
  });
  app.get<WithId>('/api/v1/plans/:id', { schema: { tags, response: responses(200, planProgressSchema) } }, async (request) => getPlan(ctxOf(request), request.params.id));
  app.patch<WithId>('/api/v1/plans/:id', { schema: { tags, response: responses(200, planProgressSchema), summary: 'Change the target or mode', body: planUpdateSchema } }, async (request) => updatePlan(ctxOf(request), request.params.id, request.body));
  app.delete<WithId>('/api/v1/plans/:id', { schema: { tags, response: responses(200, okSchema) } }, async (request) => deletePlan(ctxOf(request), request.params.id));

  const kpiTags = ['KPI'];
  app.get<Query>('/api/v1/kpi', { schema: { tags: kpiTags, response: responses(200, kpiListSchema), summary: 'KPI cards per manager over a period (periodKind, date, teamId, tz), best score first' } }, async (request) => listKpiCards(ctxOf(request), request.query));
  app.get('/api/v1/kpi/weights', { schema: { tags: kpiTags, response: responses(200, kpiWeightsResponseSchema), summary: 'The weights of the KPI score' } }, async (request) => {
    const ctx = ctxOf(request);
    return getKpiWeights(ctx.db, ctx.actor.workspaceId);
  });
  app.put('/api/v1/kpi/weights', { schema: { tags: kpiTags, response: responses(200, kpiWeightsResponseSchema), summary: 'Replace the KPI weights (settings update right); 0–100 each, not all 0', body: kpiWeightsSchema } }, async (request) => saveKpiWeights(ctxOf(request), request.body));
}
