// Response schemas for the OpenAPI document. Fastify does not serialise with them (app.ts sets a plain
// JSON serializer, as it sets a pass-through validator: the services validate with zod); they exist so
// that /api/openapi.json tells an integrator what each endpoint returns, errors included.
import { z } from 'zod';

/** The one shape of every error: { error: { code, message, details } }, details naming the field. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('A stable code such as VALIDATION_FAILED, NOT_FOUND, FORBIDDEN'),
    message: z.string(),
    details: z.unknown().describe('For validation errors: [{ field, problem }]'),
  }),
});

/** The success response plus the errors any authenticated endpoint may answer. */
export function responses(status: number, schema: z.ZodType): Record<number, z.ZodType> {
  return { [status]: schema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema };
}

export const okSchema = z.object({ ok: z.literal(true) });
export const listOf = (item: z.ZodType) => z.object({ data: z.array(item) });
export const uuid = z.string().uuid();
export const timestamp = z.string().describe('ISO 8601 date-time');

/** Path prefixes whose every operation must document its success response (checked by auth.test.ts). */
export const documentedPrefixes = ['/api/v1/mailboxes', '/api/v1/email-templates', '/api/v1/emails', '/api/v1/webhooks', '/api/v1/documents', '/api/v1/document-templates', '/api/v1/document-settings', '/api/v1/web-forms', '/api/v1/telephony', '/api/v1/call-lists', '/api/v1/case-queues', '/api/v1/case-routing-rules', '/api/v1/business-calendar', '/api/v1/sla-policies', '/api/v1/sla/', '/api/v1/kb', '/api/public/kb', '/api/v1/surveys', '/api/v1/cases/{id}/coverage', '/api/v1/cases/{id}/visits', '/api/v1/plans', '/api/v1/kpi', '/api/v1/gamification', '/api/v1/competitions', '/api/v1/campaigns', '/api/v1/campaign-sending-domains', '/api/v1/email-suppressions', '/api/v1/segments', '/api/v1/sequences'];
