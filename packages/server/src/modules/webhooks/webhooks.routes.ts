// Webhooks over HTTP: CRUD, secret rotation, the delivery log, redelivery by hand and the test ping.
import type { FastifyInstance } from 'fastify';
import { webhookCreateSchema, webhookDeliveryQuerySchema, webhookUpdateSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { okSchema, responses } from '../../http/openapi.js';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, rotateWebhookSecret, updateWebhook } from './webhooks.service.js';
import { getDelivery, listDeliveries, redeliver, testWebhook } from './webhook-deliveries.service.js';
import { deliveryDetailSchema, deliveryListSchema, webhookListSchema, webhookSchema, webhookWithSecretSchema } from './webhooks.schemas.js';
import { WEBHOOK_JOB } from './webhooks.jobs.js';

type WithId = { Params: { id: string } };
type WithDelivery = { Params: { id: string; deliveryId: string } };

export function registerWebhookRoutes(app: FastifyInstance, jobs: JobQueue): void {
  const tags = ['webhooks'];
  // The dispatcher polls only while some webhook is active; a webhook switched on starts it at once.
  const wake = (webhook: { isActive: boolean }) => {
    if (webhook.isActive) void jobs.enqueue(WEBHOOK_JOB, {}).catch(() => undefined);
    return webhook;
  };
  app.get('/api/v1/webhooks', { schema: { tags, response: responses(200, webhookListSchema), summary: 'Webhooks I manage: all of the workspace for administrators, else my own' } }, async (request) => listWebhooks(ctxOf(request)));
  app.post('/api/v1/webhooks', { schema: { tags, body: webhookCreateSchema, response: responses(201, webhookWithSecretSchema), summary: 'Add a webhook (https only; the host must resolve to public addresses); the signing secret is returned this once' } }, async (request, reply) => {
    reply.status(201);
    return wake(await createWebhook(ctxOf(request), request.body));
  });
  app.get<WithId>('/api/v1/webhooks/:id', { schema: { tags, response: responses(200, webhookSchema) } }, async (request) => getWebhook(ctxOf(request), request.params.id));
  app.patch<WithId>('/api/v1/webhooks/:id', { schema: { tags, body: webhookUpdateSchema, response: responses(200, webhookSchema), summary: 'Change a webhook; isActive: true switches a disabled one on again and resets its failure count' } }, async (request) =>
    wake(await updateWebhook(ctxOf(request), request.params.id, request.body)),
  );
  app.delete<WithId>('/api/v1/webhooks/:id', { schema: { tags, response: responses(200, okSchema), summary: 'Delete a webhook with its delivery log' } }, async (request) => deleteWebhook(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/webhooks/:id/rotate-secret', { schema: { tags, response: responses(200, webhookWithSecretSchema), summary: 'A new signing secret, returned this once; the old one stops at once' } }, async (request) =>
    rotateWebhookSecret(ctxOf(request), request.params.id),
  );
  app.post<WithId>('/api/v1/webhooks/:id/test', { schema: { tags, response: responses(200, deliveryDetailSchema), summary: 'Send a signed "ping" now and return its delivery with the receiver\'s answer' } }, async (request) =>
    testWebhook(ctxOf(request), request.params.id),
  );
  app.get<WithId>('/api/v1/webhooks/:id/deliveries', { schema: { tags, querystring: webhookDeliveryQuerySchema, response: responses(200, deliveryListSchema), summary: 'The delivery log, newest first: status, response code, attempts, time and the answer\'s first characters' } }, async (request) =>
    listDeliveries(ctxOf(request), request.params.id, request.query),
  );
  app.get<WithDelivery>('/api/v1/webhooks/:id/deliveries/:deliveryId', { schema: { tags, response: responses(200, deliveryDetailSchema), summary: 'One delivery with every attempt (request body, answer, time)' } }, async (request) =>
    getDelivery(ctxOf(request), request.params.id, request.params.deliveryId),
  );
  app.post<WithDelivery>('/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver', { schema: { tags, response: responses(200, deliveryDetailSchema), summary: 'Send the delivery again now, whatever its state; logged as a manual attempt' } }, async (request) =>
    redeliver(ctxOf(request), request.params.id, request.params.deliveryId),
  );
}
