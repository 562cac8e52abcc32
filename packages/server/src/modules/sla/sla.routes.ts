// Service hours (business calendar) and SLA policies over HTTP: everyone reads, settings rights write.
import type { FastifyInstance } from 'fastify';
import { businessCalendarInputSchema, slaPolicyInputSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses } from '../../http/openapi.js';
import { createSlaPolicy, deleteSlaPolicy, getBusinessCalendar, getSlaPolicy, listSlaPolicies, saveBusinessCalendar, updateSlaPolicy } from './sla.service.js';
import { businessCalendarSchema, slaPolicyListSchema, slaPolicySchema } from './sla.schemas.js';

type WithId = { Params: { id: string } };

export function registerSlaRoutes(app: FastifyInstance): void {
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
}
