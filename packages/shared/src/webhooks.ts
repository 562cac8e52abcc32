// Outgoing webhooks: request bodies of /api/v1/webhooks and the names an integrator subscribes to.
import { z } from 'zod';

/** Domain event types a webhook can subscribe to (core/domain-events.ts on the server writes them). */
export const webhookEventTypes = ['record.created', 'record.updated', 'record.deleted', 'deal.stage_changed', 'email.received', 'form.submitted', 'call.ended', 'survey.answered'] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Objects a webhook may be limited to (no filter: every object). */
export const webhookObjects = ['companies', 'contacts', 'leads', 'deals', 'activities', 'tasks', 'products', 'orders'] as const;
export type WebhookObject = (typeof webhookObjects)[number];

export const webhookDeliveryStatuses = ['pending', 'retrying', 'succeeded', 'failed', 'skipped'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

const name = z.string().trim().min(1, { message: 'must not be empty' }).max(200, { message: 'must be at most 200 characters' });
/** Syntax only; the scheme, the host and the addresses it resolves to are checked by the server. */
const url = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(2000, { message: 'must be at most 2000 characters' })
  .refine((value) => URL.canParse(value), { message: 'must be an absolute URL such as https://example.com/hooks/svyaz' });
const events = z
  .array(z.enum(webhookEventTypes, { message: `must be one of ${webhookEventTypes.join(', ')}` }), { message: 'must be a list of event types' })
  .min(1, { message: 'must name at least one event type' })
  .max(webhookEventTypes.length, { message: 'names an event type twice' })
  .refine((list) => new Set(list).size === list.length, { message: 'names an event type twice' });
const objects = z
  .array(z.enum(webhookObjects, { message: `must be one of ${webhookObjects.join(', ')}` }), { message: 'must be a list of objects' })
  .max(webhookObjects.length, { message: 'names an object twice' })
  .refine((list) => new Set(list).size === list.length, { message: 'names an object twice' });

export const webhookCreateSchema = z.strictObject({
  name,
  url,
  events,
  /** Only events about these objects; empty or omitted: every object. */
  objects: objects.optional(),
  isActive: z.boolean({ message: 'must be true or false' }).optional(),
  /** Whose rights the payloads are read with; only administrators name another user (default: the creator). */
  ownerId: z.uuid({ message: 'must be a UUID' }).optional(),
});
export type WebhookCreateInput = z.infer<typeof webhookCreateSchema>;

export const webhookUpdateSchema = webhookCreateSchema.partial();
export type WebhookUpdateInput = z.infer<typeof webhookUpdateSchema>;

export const webhookDeliveryQuerySchema = z.strictObject({
  status: z.enum(webhookDeliveryStatuses, { message: `must be one of ${webhookDeliveryStatuses.join(', ')}` }).optional(),
  limit: z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).max(200, { message: 'must be at most 200' }).optional(),
  cursor: z.string().max(200, { message: 'is malformed' }).optional(),
});
