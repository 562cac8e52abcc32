// The service desk over HTTP: the engine's surface for cases (list, get, create, bulk, delete, restore,
// export via registerExportRoutes), a status move, the agent's desk, the inbound channel, queues and routing rules,
// categories, the complaints report and a CSAT run on demand.
import type { FastifyInstance } from 'fastify';
import { caseCategoryCreateSchema, caseCategoryUpdateSchema, caseInboundSchema, caseQueueCreateSchema, caseQueueUpdateSchema, caseRoutingReorderSchema, caseRoutingRuleCreateSchema, caseRoutingRuleUpdateSchema, caseStatusChangeSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { listOf, okSchema, responses } from '../../http/openapi.js';
import { registerRecordRoutes } from '../../core/records/record-routes.js';
import { caseDefinition } from './cases.definition.js';
import { changeCaseStatus, listDesk } from './cases.service.js';
import { receiveInboundMessage } from './case-inbound.service.js';
import { createQueue, deleteQueue, getQueue, listQueues, updateQueue } from './case-queues.service.js';
import { createRoutingRule, deleteRoutingRule, listRoutingRules, reorderRoutingRules, updateRoutingRule } from './case-routing.service.js';
import { createCaseCategory, listCaseCategories, updateCaseCategory } from './case-categories.service.js';
import { complaintsReport } from './case-complaints.report.js';
import { registerCaseCsat, requestCsatRun } from './case-csat.service.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { caseQueueSchema, caseRecordSchema, caseRoutingRuleSchema, deskSchema, inboundResultSchema } from './cases.schemas.js';

type WithId = { Params: { id: string } };

export function registerCaseRoutes(app: FastifyInstance, jobs: JobQueue): void {
  const tags = ['cases'];
  registerCaseCsat();
  app.get('/api/v1/cases/reports/complaints', { schema: { tags, summary: 'Complaints, claims and refusals: counts per period, category, product, company and manager, resolution time and the reopened share, over the cases you may read (from, to, period=day|week|month, categories=)' } }, async (request) =>
    complaintsReport(ctxOf(request), request.query as Record<string, unknown>),
  );
  app.post('/api/v1/cases/csat/run', { schema: { tags, summary: 'Send the pending CSAT invitations of resolved cases now instead of at the next run of the cases-csat job (settings update right)' } }, async (request, reply) => {
    reply.status(202);
    return requestCsatRun(ctxOf(request), jobs);
  });
  app.get('/api/v1/cases/desk', { schema: { tags, response: responses(200, deskSchema), summary: 'The agent’s desk: view=mine|team|unassigned|waiting|breaching, open cases oldest first (breaching: by resolution deadline), cursor, limit, count' } }, async (request) =>
    listDesk(ctxOf(request), request.query as Record<string, unknown>),
  );
  app.post('/api/v1/cases/inbound', { schema: { tags, response: responses(201, inboundResultSchema), summary: 'An email-like message: joins the open case of its thread or opens a routed case', body: caseInboundSchema } }, async (request, reply) => {
    const result = await receiveInboundMessage(ctxOf(request), request.body);
    reply.status(result.created ? 201 : 200);
    return result;
  });
  app.post<WithId>('/api/v1/cases/:id/status', { schema: { tags, response: responses(200, caseRecordSchema), summary: 'Move a case along its allowed transitions (409 otherwise)', body: caseStatusChangeSchema } }, async (request) =>
    changeCaseStatus(ctxOf(request), request.params.id, request.body),
  );
  registerRecordRoutes(app, caseDefinition);

  const settingsTags = ['service desk settings'];
  app.get('/api/v1/case-queues', { schema: { tags: settingsTags, response: responses(200, listOf(caseQueueSchema)) } }, async (request) => listQueues(ctxOf(request)));
  app.get<WithId>('/api/v1/case-queues/:id', { schema: { tags: settingsTags, response: responses(200, caseQueueSchema) } }, async (request) => getQueue(ctxOf(request), request.params.id));
  app.post('/api/v1/case-queues', { schema: { tags: settingsTags, response: responses(201, caseQueueSchema), body: caseQueueCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createQueue(ctxOf(request), request.body);
  });
  app.patch<WithId>('/api/v1/case-queues/:id', { schema: { tags: settingsTags, response: responses(200, caseQueueSchema), body: caseQueueUpdateSchema } }, async (request) => updateQueue(ctxOf(request), request.params.id, request.body));
  app.delete<WithId>('/api/v1/case-queues/:id', { schema: { tags: settingsTags, response: responses(200, okSchema) } }, async (request) => deleteQueue(ctxOf(request), request.params.id));

  app.get('/api/v1/case-categories', { schema: { tags: settingsTags, summary: 'The workspace’s case categories (built-in and added), in order' } }, async (request) => listCaseCategories(ctxOf(request)));
  app.post('/api/v1/case-categories', { schema: { tags: settingsTags, summary: 'Add a case category (settings rights)', body: caseCategoryCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createCaseCategory(ctxOf(request), request.body);
  });
  app.patch<WithId>('/api/v1/case-categories/:id', { schema: { tags: settingsTags, summary: 'Rename a category, mark it a complaint, hide it from the portal or switch it off', body: caseCategoryUpdateSchema } }, async (request) =>
    updateCaseCategory(ctxOf(request), request.params.id, request.body),
  );

  app.get('/api/v1/case-routing-rules', { schema: { tags: settingsTags, response: responses(200, listOf(caseRoutingRuleSchema)), summary: 'Rules in the order they are tried' } }, async (request) => listRoutingRules(ctxOf(request)));
  app.post('/api/v1/case-routing-rules', { schema: { tags: settingsTags, response: responses(201, caseRoutingRuleSchema), summary: 'Add a rule at the end', body: caseRoutingRuleCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createRoutingRule(ctxOf(request), request.body);
  });
  app.post('/api/v1/case-routing-rules/reorder', { schema: { tags: settingsTags, response: responses(200, listOf(caseRoutingRuleSchema)), summary: 'A new order of every rule', body: caseRoutingReorderSchema } }, async (request) =>
    reorderRoutingRules(ctxOf(request), request.body),
  );
  app.patch<WithId>('/api/v1/case-routing-rules/:id', { schema: { tags: settingsTags, response: responses(200, caseRoutingRuleSchema), body: caseRoutingRuleUpdateSchema } }, async (request) =>
    updateRoutingRule(ctxOf(request), request.params.id, request.body),
  );
  app.delete<WithId>('/api/v1/case-routing-rules/:id', { schema: { tags: settingsTags, response: responses(200, okSchema) } }, async (request) => deleteRoutingRule(ctxOf(request), request.params.id));
}
