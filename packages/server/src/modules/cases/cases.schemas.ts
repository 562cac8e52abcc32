// OpenAPI response schemas of the service desk's settings and extra endpoints (documentation only).
import { z } from 'zod';
import { timestamp, uuid } from '../../http/openapi.js';

export const caseQueueSchema = z.object({
  id: uuid,
  name: z.string(),
  description: z.string().nullable(),
  teamId: uuid.nullable(),
  headUserId: uuid.nullable(),
  escalationMinutes: z.number().int(),
  overflowQueueId: uuid.nullable(),
  isActive: z.boolean(),
  memberIds: z.array(uuid),
  openCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const caseRoutingRuleSchema = z.object({
  id: uuid,
  name: z.string(),
  position: z.number().int(),
  isActive: z.boolean(),
  conditions: z.record(z.string(), z.unknown()),
  queueId: uuid,
  assignment: z.enum(['none', 'round_robin', 'least_loaded', 'fixed']),
  userId: uuid.nullable(),
  setPriority: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const caseRecordSchema = z.object({ id: uuid, number: z.string(), subject: z.string(), status: z.string() }).passthrough();
export const deskSchema = z.object({ view: z.string(), data: z.array(caseRecordSchema), nextCursor: z.string().nullable(), total: z.number().int().optional() });
export const inboundResultSchema = z.object({ caseId: uuid, created: z.boolean(), duplicate: z.boolean(), emailId: uuid.nullable() });
