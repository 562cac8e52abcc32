// Telephony over HTTP: integrations (administrators), the PBX's call events (authenticated by the
// integration's secret, not a user), my calls and their live stream (the pop-up), a lead from a call,
// click-to-call.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import { okSchema, responses } from '../../http/openapi.js';
import { NotificationBus } from '../notifications/notification-bus.js';
import { registerUserStream } from '../notifications/user-stream.js';
import { applyCallEvent, authenticateIntegration, CALLS_CHANNEL } from './call-events.service.js';
import { leadFromCall, caseFromCall, myActiveCalls, myCall, originateCall } from './calls.service.js';
import { createIntegration, deleteIntegration, getIntegration, listIntegrations, myTelephony, rotateSecret, updateIntegration } from './integrations.service.js';
import { callEventSchema, originateSchema, telephonyIntegrationCreateSchema, telephonyIntegrationUpdateSchema } from '@svyaz/shared';
import { callListSchema, callSchema, eventResultSchema, integrationListSchema, integrationSchema, integrationWithSecretSchema, leadFromCallSchema, caseFromCallSchema, myTelephonySchema, originateResultSchema } from './telephony.schemas.js';

type WithId = { Params: { id: string } };

export function registerTelephonyRoutes(app: FastifyInstance, database: Database): void {
  const tags = ['telephony'];
  app.get('/api/v1/telephony/integrations', { schema: { tags, response: responses(200, integrationListSchema), summary: 'Telephony integrations (administrators)' } }, async (request) => listIntegrations(ctxOf(request)));
  app.get<WithId>('/api/v1/telephony/integrations/:id', { schema: { tags, response: responses(200, integrationSchema) } }, async (request) => getIntegration(ctxOf(request), request.params.id));
  app.post('/api/v1/telephony/integrations', { schema: { tags, body: telephonyIntegrationCreateSchema, response: responses(201, integrationWithSecretSchema), summary: 'Add a PBX; the answer carries its secret, shown only this once' } }, async (request, reply) => {
    reply.status(201);
    return createIntegration(ctxOf(request), request.body);
  });
  app.patch<WithId>('/api/v1/telephony/integrations/:id', { schema: { tags, body: telephonyIntegrationUpdateSchema, response: responses(200, integrationSchema), summary: 'Change a PBX; extensions, when given, replace the whole mapping' } }, async (request) =>
    updateIntegration(ctxOf(request), request.params.id, request.body),
  );
  app.post<WithId>('/api/v1/telephony/integrations/:id/rotate-secret', { schema: { tags, response: responses(200, integrationWithSecretSchema), summary: 'A new secret (the old one stops working at once)' } }, async (request) => rotateSecret(ctxOf(request), request.params.id));
  app.delete<WithId>('/api/v1/telephony/integrations/:id', { schema: { tags, response: responses(200, okSchema) } }, async (request) => deleteIntegration(ctxOf(request), request.params.id));

  app.get('/api/v1/telephony/me', { schema: { tags, response: responses(200, myTelephonySchema), summary: 'My extensions, and whether click-to-call can dial for me' } }, async (request) => myTelephony(ctxOf(request)));
  app.get('/api/v1/telephony/calls/active', { schema: { tags, response: responses(200, callListSchema), summary: 'My calls ringing or in progress' } }, async (request) => myActiveCalls(ctxOf(request)));
  app.get<WithId>('/api/v1/telephony/calls/:id', { schema: { tags, response: responses(200, callSchema), summary: 'One of my calls, the caller named only if I may read their record' } }, async (request) => myCall(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/telephony/calls/:id/lead', { schema: { tags, response: responses(201, leadFromCallSchema), summary: 'A new lead with the number of an unknown caller' } }, async (request, reply) => {
    reply.status(201);
    return leadFromCall(ctxOf(request), request.params.id);
  });
  app.post<WithId>('/api/v1/telephony/calls/:id/case', { schema: { tags, response: responses(201, caseFromCallSchema), summary: 'A service desk case from this call, owned by me, for the caller when I may read them' } }, async (request, reply) => {
    reply.status(201);
    return caseFromCall(ctxOf(request), request.params.id);
  });
  app.post('/api/v1/telephony/originate', { schema: { tags, body: originateSchema, response: responses(202, originateResultSchema), summary: 'Click-to-call: the PBX rings my extension, then dials the number' } }, async (request, reply) => {
    reply.status(202);
    return originateCall(ctxOf(request), request.body);
  });

  // The PBX's side: no session and no CSRF (authenticate.ts lets the path through); the integration's
  // signature or secret authenticates it, so the body is kept as received to check the signature.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      (request as unknown as { rawBody: string }).rawBody = body as string;
      try {
        done(null, body === '' ? {} : JSON.parse(body as string));
      } catch {
        done(new AppError('VALIDATION_FAILED', { message: 'The body is not JSON', details: [{ field: 'body', problem: 'is not valid JSON' }] }), undefined);
      }
    });
    scope.post(
      '/api/v1/telephony/events',
      {
        schema: {
          tags,
          body: callEventSchema,
          response: responses(200, eventResultSchema),
          summary: 'A call event from the PBX (ringing, answered, ended), signed with X-Telephony-Signature or sent with Authorization: Bearer <integration secret>; a repeated event changes nothing',
        },
      },
      async (request) => {
        const integration = await authenticateIntegration(database.db, request.headers, (request as unknown as { rawBody?: string }).rawBody ?? '');
        return applyCallEvent(database, integration, request.body);
      },
    );
  });

  // The pop-up's stream: event "call" with the call as this user may see it, on ringing, answered and ended.
  registerUserStream(app, {
    path: '/api/v1/telephony/stream',
    bus: new NotificationBus(database, CALLS_CHANNEL),
    event: 'call',
    tags,
    summary: 'Server-Sent Events: event "call" with one of my calls whenever it rings, is answered or ends',
    load: myCall,
    response: responses(200, callSchema.describe('text/event-stream: each event "call" carries one call as this JSON')),
  });
}
