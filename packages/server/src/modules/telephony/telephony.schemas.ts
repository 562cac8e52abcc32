// What the telephony endpoints return, for the OpenAPI document (http/openapi.ts).
import { z } from 'zod';
import { listOf, timestamp, uuid } from '../../http/openapi.js';

const extension = z.object({ extension: z.string(), userId: uuid, userName: z.string().nullable() });
export const integrationSchema = z.object({
  id: uuid,
  name: z.string(),
  provider: z.string(),
  secretHint: z.string().describe('The last characters of the secret; the secret itself is shown once'),
  originateUrl: z.string().nullable(),
  isActive: z.boolean(),
  eventsUrl: z.string().describe('Where the PBX posts its call events, with Authorization: Bearer <secret>'),
  extensions: z.array(extension),
  createdAt: timestamp,
  updatedAt: timestamp,
  secretRotatedAt: timestamp.nullable(),
});
export const integrationWithSecretSchema = integrationSchema.extend({ secret: z.string().describe('Shown only in this response') });
export const integrationListSchema = listOf(integrationSchema);
export const myTelephonySchema = z.object({
  extensions: z.array(z.object({ integrationId: uuid, name: z.string(), extension: z.string(), canOriginate: z.boolean() })),
  clickToCall: z.boolean(),
});
export const eventResultSchema = z.object({ callId: uuid, state: z.enum(['ringing', 'answered', 'ended']), duplicate: z.boolean(), activityId: uuid.nullable() });
export const callSchema = z.object({
  id: uuid,
  state: z.enum(['ringing', 'answered', 'ended']),
  direction: z.enum(['in', 'out']),
  phone: z.string().nullable(),
  extension: z.string().nullable(),
  startedAt: timestamp.nullable(),
  answeredAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
  durationSec: z.number().int().nullable(),
  outcome: z.string().nullable(),
  recordingUrl: z.string().nullable(),
  activityId: uuid.nullable(),
  caller: z.object({
    status: z.enum(['found', 'hidden', 'unknown']).describe('hidden: the number belongs to a record you may not read'),
    object: z.string().optional(),
    recordType: z.string().optional(),
    id: uuid.optional(),
    name: z.string().optional(),
    companyName: z.string().nullable().optional(),
  }),
});
export const callListSchema = listOf(callSchema);
export const leadFromCallSchema = z.object({ leadId: uuid });
export const caseFromCallSchema = z.object({ caseId: uuid, number: z.string() });
export const originateResultSchema = z.object({ ok: z.literal(true), extension: z.string(), phone: z.string(), integrationId: uuid });
