// Service contracts over HTTP: the record engine's surface (list, get, create, bulk, update, delete, restore,
// purge; export, timeline and related lists are registered with the other objects), a contract's coverage check,
// a case's coverage, and the field visits of a case.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { visitCreateSchema, visitUpdateSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { listOf, responses, timestamp, uuid } from '../../http/openapi.js';
import { registerRecordRoutes } from '../../core/records/record-routes.js';
import { serviceContractDefinition } from './service-contracts.definition.js';
import { checkContractCoverage, getCaseCoverage } from './coverage.service.js';
import { createVisit, listVisits, updateVisit } from './field-visits.service.js';

type WithId = { Params: { id: string } };

const coverageSchema = z.object({
  status: z.enum(['covered', 'not_covered', 'expired']),
  at: z.string(),
  matchedBy: z.enum(['serial', 'product', 'customer']).nullable(),
  contract: z.object({ id: uuid, number: z.string(), kind: z.string(), state: z.string(), startDate: z.string(), endDate: z.string(), serviceLevel: z.string().nullable(), visitsIncluded: z.number().int().nullable(), visitsUsed: z.number().int() }).nullable(),
  hidden: z.boolean(),
});

const visitSchema = z
  .object({ id: uuid, caseId: uuid, contractId: uuid.nullable(), includedInContract: z.boolean(), technicianId: uuid, technicianName: z.string().nullable(), scheduledStart: timestamp, scheduledEnd: timestamp, status: z.string(), timeSpentMinutes: z.number().int().nullable(), activityId: uuid.nullable() })
  .passthrough();

export function registerServiceContractRoutes(app: FastifyInstance): void {
  registerRecordRoutes(app, serviceContractDefinition);
  app.get<WithId>('/api/v1/service_contracts/:id/coverage', { schema: { tags: ['service_contracts'], response: responses(200, coverageSchema), summary: 'Does this contract cover serialNumber or productId on date (YYYY-MM-DD, default today)?' } }, async (request) =>
    checkContractCoverage(ctxOf(request), request.params.id, request.query as Record<string, unknown>),
  );
  const tags = ['cases'];
  app.get<WithId>('/api/v1/cases/:id/coverage', { schema: { tags, response: responses(200, coverageSchema), summary: 'The service contract of the case’s customer covering its serial number or product on the day the case was opened' } }, async (request) =>
    getCaseCoverage(ctxOf(request), request.params.id),
  );
  app.get<WithId>('/api/v1/cases/:id/visits', { schema: { tags, response: responses(200, listOf(visitSchema)), summary: 'Field visits of a case, by scheduled start' } }, async (request) => listVisits(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/cases/:id/visits', { schema: { tags, response: responses(201, visitSchema), summary: 'Schedule a field visit: a meeting in the technician’s calendar, counted against the covering contract', body: visitCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createVisit(ctxOf(request), request.params.id, request.body);
  });
  app.patch<{ Params: { id: string; visitId: string } }>('/api/v1/cases/:id/visits/:visitId', { schema: { tags, response: responses(200, visitSchema), summary: 'Reschedule, reassign, mark done (time spent, materials) or cancel a visit', body: visitUpdateSchema } }, async (request) =>
    updateVisit(ctxOf(request), request.params.id, request.params.visitId, request.body),
  );
}
