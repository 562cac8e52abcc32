// What the webhook endpoints answer (packages/server/src/modules/webhooks/webhooks.schemas.ts).
import type { WebhookDeliveryStatus, WebhookEventType, WebhookObject } from '@svyaz/shared';

export interface Webhook {
  id: string;
  name: string;
  url: string;
  events: WebhookEventType[];
  objects: WebhookObject[];
  ownerId: string;
  ownerName: string | null;
  isActive: boolean;
  consecutiveFailures: number;
  disabledAt: string | null;
  disabledReason: string | null;
  secretHint: string;
  createdAt: string;
}

export interface WebhookDelivery {
  id: string;
  eventType: string;
  object: string | null;
  recordId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  responseStatus: number | null;
  error: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
  responseExcerpt: string | null;
  durationMs: number | null;
}
