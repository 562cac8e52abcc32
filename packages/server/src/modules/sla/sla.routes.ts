// Service hours (business calendar) and SLA policies over HTTP: everyone reads, settings rights write; the SLA
// compliance report and breach list (what the viewer may read); the sweep run now (administrators).
import type { FastifyInstance } from 'fastify';
import type { JobQueue } from '../../jobs/job-runner.js';
import { businessCalendarInputSchema, slaPolicyInputSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses } from '../../http/openapi.js';
import { createSlaPolicy, deleteSlaPolicy, getBusinessCalendar, getSlaPolicy, listSlaPolicies, saveBusinessCalendar, updateSlaPolicy } from './sla.service.js';
import { businessCalendarSchema, slaBreachListSchema, slaPolicyListSchema, slaPolicySchema, slaReportSchema, slaSweepSchema } from './sla.schemas.js';
import { getSlaReport, listSlaBreaches } from './sla-report.service.js';
import { requestSlaSweep } from './sla.service.js';

type WithId = { Params: { id: string } };

export function registerSlaRoutes(app: FastifyInstance, jobs: JobQueue, options: { testClock?: boolean } = {}): void {
  const tags = ['SLA'];
  app.get('/api/v1/business-calendar', { schema: { tags, response: responses(200, businessCalendarSchema), summary: 'Service hours: time zone, weekly hours, holidays, transferred and shortened days per year' } }, async (request) => getBusinessCalendar(ctxOf(request)));
  app.put('/api/v1/business-calendar', { schema: { tags, response: responses(200, businessCalendarSchema), summary: 'Replace the service hours (settings update right)', body: businessCalendarInputSchema } }, async (request) => saveBusinessCalendar(ctxOf(request), request.body));
  app.get('/api/v1/sla-policies', { schema: { tags, response: responses(200, slaPolicyListSchema), summary: 'SLA policies in order; the first active matching one applies' } }, async (request) => listSlaPolicies(ctxOf(request)));
  app.get<WithId>('/api/v1/sla-policies/:id', { schema: { tags, response: responses(200, slaPolicySchema) } }, async (request) => getSlaPolicy(ctxOf(request), request.params.id));
  app.post('/api/v1/sla-policies', { schema: { tags, response: responses(201, slaPolicySchema), summary: 'Create a policy (settings create right)', body: slaPolicyInputSchema } }, async (request, reply) => {
    reply.status(201);
    return createSlaPolicy(ctxOf(request), request.body);
  });
  app.patch<WithId>('/api/v1/sla-policies/:id', { schema: { tags, response: responses(200, slaPolicySchema), summary: 'Change a policy; the whole policy is validated again', body: slaPolicyInputSchema.partial() } }, async (request) => updateSlaPolicy(ctxOf(request), request.params.id, request.body));
  app.delete<WithId>('/api/v1/sla-policies/:id', { schema: { tags, response: responses(200, okSchema), summary: 'Delete a policy' } }, async (request) => deleteSlaPolicy(ctxOf(request), request.params.id));
  app.get('/api/v1/sla/report', { schema: { tags, response: responses(200, slaReportSchema), summary: 'SLA compliance per team and person over a period (days from–to in the calendar zone), of the cases the viewer may read' } }, async (request) => getSlaReport(ctxOf(request), request.query));
  app.get('/api/v1/sla/breaches', { schema: { tags, response: responses(200, slaBreachListSchema), summary: 'The breaches behind the report, newest first (team, person, target; keyset cursor)' } }, async (request) => listSlaBreaches(ctxOf(request), request.query));
  app.post('/api/v1/sla/sweep', { schema: { tags, response: responses(202, slaSweepSchema), summary: 'Run the SLA warning and breach sweep now (settings update right); `at` only with SLA_TEST_CLOCK=true' } }, async (request, reply) => {
    reply.status(202);
    return requestSlaSweep(ctxOf(request), jobs, request.body ?? {}, options.testClock ?? false);
  });
}
