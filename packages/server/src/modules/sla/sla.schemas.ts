// What the service-hours and SLA-policy endpoints return, for the OpenAPI document (http/openapi.ts).
import { z } from 'zod';
import { businessCalendarInputSchema, slaPolicyInputSchema } from '@svyaz/shared';
import { listOf, timestamp, uuid } from '../../http/openapi.js';

export const businessCalendarSchema = businessCalendarInputSchema.extend({
  isDefault: z.boolean().describe('true: nothing saved yet, the built-in Russian production calendar is in force'),
  updatedAt: timestamp.nullable(),
});
export const slaPolicySchema = slaPolicyInputSchema.extend({ id: uuid, position: z.number().int(), createdAt: timestamp, updatedAt: timestamp });
export const slaPolicyListSchema = listOf(slaPolicySchema);

const targetStats = z.object({
  met: z.number().int(),
  breached: z.number().int(),
  pending: z.number().int(),
  metPercent: z.number().nullable(),
  breachedPercent: z.number().nullable(),
  averageMinutes: z.number().nullable().describe('business minutes'),
  medianMinutes: z.number().nullable().describe('business minutes'),
});
const reportRow = z.object({ id: uuid.nullable(), name: z.string().nullable(), cases: z.number().int(), firstResponse: targetStats, resolution: targetStats, breachingNow: z.number().int() });
export const slaReportSchema = z.object({ from: z.string(), to: z.string(), timeZone: z.string(), total: reportRow, teams: z.array(reportRow), people: z.array(reportRow) });
export const slaBreachListSchema = z.object({
  data: z.array(
    z.object({
      id: uuid,
      caseId: uuid,
      number: z.string(),
      subject: z.string(),
      target: z.enum(['first_response', 'resolution']),
      dueAt: timestamp,
      breachedAt: timestamp,
      status: z.string(),
      ownerId: uuid.nullable(),
      teamId: uuid.nullable(),
      escalatedTo: z.array(uuid),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export const slaSweepSchema = z.object({ jobId: z.string().nullable(), at: timestamp });
