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
