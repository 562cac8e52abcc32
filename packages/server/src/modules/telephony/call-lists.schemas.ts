// What the call-list endpoints return, for the OpenAPI document (http/openapi.ts).
import { z } from 'zod';
import { listOf, timestamp, uuid } from '../../http/openapi.js';

const count = z.number().int();
const callerProgress = z.object({ userId: uuid, name: z.string().nullable(), done: count, pending: count, inProgress: count });
export const callListSchema = z.object({
  id: uuid,
  name: z.string(),
  object: z.enum(['contacts', 'companies', 'leads']),
  status: z.enum(['active', 'paused', 'archived']),
  source: z.object({ savedViewId: uuid.nullable().optional(), filters: z.unknown() }).describe('The filter the list was built from'),
  callerIds: z.array(uuid),
  createdBy: uuid,
  createdByName: z.string().nullable(),
  isCaller: z.boolean().describe('Whether you are one of its callers'),
  createdAt: timestamp,
  updatedAt: timestamp,
  progress: z.object({
    total: count,
    done: count,
    pending: count.describe('Free to take now'),
    waiting: count.describe('Put back for later (no answer, call back)'),
    inProgress: count,
    skipped: count.describe('Records deleted since the list was made'),
    percent: count,
    byOutcome: z.record(z.string(), count),
    byCaller: z.array(callerProgress),
  }),
});
export const callListListSchema = listOf(callListSchema);

export const callListItemSchema = z.object({
  id: uuid,
  callListId: uuid,
  position: count,
  recordType: z.string(),
  recordId: uuid,
  name: z.string(),
  phone: z.string(),
  assigneeId: uuid.nullable(),
  status: z.enum(['pending', 'in_progress', 'done', 'skipped']),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  attempts: count,
  claimedBy: uuid.nullable(),
  claimedAt: timestamp.nullable(),
  availableAt: timestamp.nullable(),
  taskId: uuid.nullable(),
  activityId: uuid.nullable(),
  callId: uuid.nullable(),
});
export const callListItemListSchema = listOf(callListItemSchema);
export const nextItemSchema = z.object({
  item: callListItemSchema
    .extend({ claimExpiresAt: timestamp.nullable(), record: z.record(z.string(), z.unknown()).nullable().describe('The record as you may read it') })
    .nullable()
    .describe('null when nothing is left for you now'),
  waiting: count,
  nextAvailableAt: timestamp.nullable(),
});
export const outcomeResultSchema = z.object({ item: callListItemSchema, requeued: z.boolean(), activityId: uuid.nullable(), taskId: uuid.nullable() });
