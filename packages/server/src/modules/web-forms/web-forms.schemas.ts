// What the web-form endpoints return, for the OpenAPI document (http/openapi.ts).
import { z } from 'zod';
import { webFormInputSchema } from '@svyaz/shared';
import { listOf, timestamp, uuid } from '../../http/openapi.js';

export const webFormSchema = webFormInputSchema.extend({
  id: uuid,
  key: z.string().describe('The public, unguessable part of the form\'s URLs'),
  submissionCount: z.number().int(),
  spamCount: z.number().int().describe('Submissions refused by the honeypot'),
  createdBy: uuid.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const webFormListSchema = listOf(webFormSchema);

export const snippetSchema = z.object({
  key: z.string(),
  endpoint: z.string().describe('POST JSON or application/x-www-form-urlencoded here'),
  scriptUrl: z.string(),
  script: z.string().describe('<script> tag that renders the form and posts it'),
  html: z.string().describe('A plain HTML form that works without JavaScript'),
});

export const submissionSchema = z.object({
  id: uuid,
  status: z.string(),
  payload: z.record(z.string(), z.unknown()),
  consentGiven: z.boolean(),
  consentText: z.string().nullable().describe('The consent text as the visitor saw it (152-FZ)'),
  utm: z.record(z.string(), z.string()),
  referrer: z.string().nullable(),
  pageUrl: z.string().nullable(),
  leadId: uuid.nullable().describe('null when the reader may not open the lead'),
  leadTitle: z.string().nullable(),
  leadVisible: z.boolean(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  taskId: uuid.nullable(),
  assignmentRule: z.string().nullable(),
  matches: z.array(z.object({ type: z.string(), id: uuid, name: z.string(), reasons: z.array(z.string()) })),
  createdAt: timestamp,
});
export const submissionListSchema = listOf(submissionSchema).extend({ nextCursor: z.string().nullable() });
