// Response schemas of plans and KPI cards for the OpenAPI document (they document; they do not serialise).
import { z } from 'zod';
import { planMeasures, periodKinds } from '@svyaz/shared';
import { uuid, timestamp } from '../../http/openapi.js';

export const periodSchema = z.object({ kind: z.enum(periodKinds), start: z.string().describe('YYYY-MM-DD, first day'), end: z.string().describe('YYYY-MM-DD, the day after the last') });

export const planProgressSchema = z.object({
  id: uuid,
  userId: uuid.nullable(),
  userName: z.string().nullable(),
  teamId: uuid.nullable(),
  teamName: z.string().nullable(),
  measure: z.enum(planMeasures),
  periodKind: z.enum(periodKinds),
  periodStart: z.string(),
  periodEnd: z.string(),
  mode: z.enum(['fixed', 'sum']),
  target: z.number().nullable(),
  actual: z.number().describe('Counted from the records the viewer may read'),
  percent: z.number().nullable(),
  canEdit: z.boolean(),
});

export const planListSchema = z.object({ period: periodSchema, tz: z.string(), canManage: z.boolean(), data: z.array(planProgressSchema) });

export const planPeopleSchema = z.object({ data: z.array(z.object({ id: uuid, name: z.string(), teamId: uuid.nullable(), teamName: z.string().nullable() })) });

export const kpiWeightsResponseSchema = z.object({ planAttainment: z.number(), conversion: z.number(), averageDeal: z.number(), activity: z.number() });

export const kpiListSchema = z.object({
  period: periodSchema,
  tz: z.string(),
  weights: kpiWeightsResponseSchema,
  data: z.array(
    z.object({
      userId: uuid,
      name: z.string(),
      teamId: uuid.nullable(),
      wonAmount: z.number(),
      wonCount: z.number(),
      lostCount: z.number(),
      activityCount: z.number(),
      planAttainment: z.number().nullable(),
      conversion: z.number().nullable(),
      averageDeal: z.number().nullable(),
      score: z.number().describe('0–100, weighted with the workspace KPI weights'),
    }),
  ),
});

export const auditedAt = timestamp;
