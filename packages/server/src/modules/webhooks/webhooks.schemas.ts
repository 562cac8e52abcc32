// What the webhook endpoints return, for the OpenAPI document (http/openapi.ts).
import { z } from 'zod';
import { webhookDeliveryStatuses, webhookEventTypes, webhookObjects } from '@svyaz/shared';
import { listOf, timestamp, uuid } from '../../http/openapi.js';

export const webhookSchema = z.object({
  id: uuid,
  name: z.string(),
  url: z.string(),
  events: z.array(z.enum(webhookEventTypes)),
  objects: z.array(z.enum(webhookObjects)).describe('Only events about these objects; empty: every object'),
  ownerId: uuid.describe('Payloads are read with this user\'s rights'),
  ownerName: z.string().nullable(),
  isActive: z.boolean(),
  consecutiveFailures: z.number().int(),
  disabledAt: timestamp.nullable(),
  disabledReason: z.string().nullable(),
  secretHint: z.string().describe('The secret\'s last four characters; the secret itself is returned only on create and rotate'),
  createdBy: uuid.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const webhookWithSecretSchema = webhookSchema.extend({ secret: z.string().describe('Shown this once: keep it to verify X-Svyaz-Signature') });
export const webhookListSchema = listOf(webhookSchema);

const deliveryStatus = z.enum(webhookDeliveryStatuses);
export const deliverySchema = z.object({
  id: uuid.describe('Also sent as X-Svyaz-Delivery'),
  webhookId: uuid,
  eventId: uuid,
  eventType: z.string().describe('A domain event type, or ping'),
  object: z.string().nullable(),
  recordId: uuid.nullable(),
  status: deliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: timestamp.nullable(),
  responseStatus: z.number().int().nullable().describe('HTTP status of the last attempt'),
  error: z.string().nullable(),
  lastAttemptAt: timestamp.nullable(),
  createdAt: timestamp,
  responseExcerpt: z.string().nullable().describe('The first 1,000 characters of the last answer'),
  durationMs: z.number().int().nullable(),
});
export const deliveryListSchema = listOf(deliverySchema).extend({ nextCursor: z.string().nullable() });
export const deliveryDetailSchema = deliverySchema.extend({
  attemptLog: z.array(
    z.object({
      id: uuid,
      attempt: z.number().int(),
      manual: z.boolean(),
      outcome: z.enum(['succeeded', 'failed', 'skipped']),
      requestBody: z.string().nullable(),
      responseStatus: z.number().int().nullable(),
      responseExcerpt: z.string().nullable(),
      durationMs: z.number().int().nullable(),
      error: z.string().nullable(),
      createdAt: timestamp,
    }),
  ),
});
