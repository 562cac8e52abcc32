// Telephony: request bodies of the PBX call-events API, integrations, click-to-call and call lists.
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });
const httpUrl = z
  .string()
  .trim()
  .max(2000, { message: 'must be at most 2000 characters' })
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, { message: 'must be an http:// or https:// URL' });
const uuid = z.uuid({ message: 'must be a UUID' });
/** A number as a PBX sends it: digits with +, spaces, brackets or dashes, or an internal extension. */
const dialled = z.string().trim().min(1, { message: 'must not be empty' }).max(40, { message: 'must be at most 40 characters' }).regex(/^[+\d\s()\-.*#]+$/, { message: 'must be a phone number or an extension (digits, +, spaces, brackets, dashes)' });
const extension = z.string().trim().regex(/^[0-9*#]{1,20}$/, { message: 'must be 1 to 20 digits' });

export const callEventTypes = ['ringing', 'answered', 'ended'] as const;
export const callDirections = ['in', 'out'] as const;
export const callOutcomes = ['answered', 'missed'] as const;

/** One event of a call as the PBX posts it to /api/telephony/:integrationId/events. */
export const callEventSchema = z.strictObject({
  eventId: text(200).optional(),
  type: z.enum(callEventTypes, { message: 'must be ringing, answered or ended' }),
  callId: text(200),
  direction: z.enum(callDirections, { message: 'must be in or out' }),
  from: dialled,
  to: dialled,
  extension: extension.optional(),
  occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  durationSec: z.coerce.number({ message: 'must be a number of seconds' }).int({ message: 'must be a whole number of seconds' }).min(0, { message: 'must not be negative' }).max(86400, { message: 'must be at most 86400' }).optional(),
  outcome: z.enum(callOutcomes, { message: 'must be answered or missed' }).optional(),
  recordingUrl: httpUrl.optional(),
});
export type CallEventInput = z.infer<typeof callEventSchema>;

const extensionMapping = z.strictObject({ extension, userId: uuid });
export const telephonyIntegrationCreateSchema = z.strictObject({
  name: text(100),
  provider: z.enum(['generic', 'asterisk', 'freepbx', 'mango', 'zadarma', 'uis', 'other']).optional(),
  originateUrl: httpUrl.nullable().optional(),
  isActive: z.boolean().optional(),
  extensions: z.array(extensionMapping).max(1000).optional(),
});
export const telephonyIntegrationUpdateSchema = telephonyIntegrationCreateSchema.partial();

export const originateSchema = z.strictObject({
  phone: dialled,
  integrationId: uuid.optional(),
  recordType: z.enum(['company', 'contact', 'lead', 'deal']).optional(),
  recordId: uuid.optional(),
});

export const callListObjects = ['contacts', 'companies', 'leads'] as const;
export type CallListObject = (typeof callListObjects)[number];
/** One condition of a list filter, as the web's list keeps it and a saved view stores it: filter[field][op]=value. */
export const listFilterSchema = z.strictObject({ field: text(100), op: text(20), value: z.string().max(1000, { message: 'must be at most 1000 characters' }) });
export const callListCreateSchema = z
  .strictObject({
    name: text(200),
    object: z.enum(callListObjects, { message: 'must be contacts, companies or leads' }),
    filters: z.array(listFilterSchema).max(50, { message: 'must have at most 50 conditions' }).optional(),
    savedViewId: uuid.optional(),
    callerIds: z.array(uuid).min(1, { message: 'must name at least one caller' }).max(100, { message: 'must name at most 100 callers' }),
  })
  .refine((body) => !(body.filters?.length && body.savedViewId), { message: 'give filters or a saved view, not both', path: ['savedViewId'] });
export type CallListCreateInput = z.infer<typeof callListCreateSchema>;

export const callListStatuses = ['active', 'paused', 'archived'] as const;
export const callListUpdateSchema = z.strictObject({
  name: text(200).optional(),
  status: z.enum(callListStatuses, { message: 'must be active, paused or archived' }).optional(),
});

/**
 * What a caller records after a call. interested: reached and interested; not_interested and wrong_number
 * finish the item; no_answer and busy put it back for a later attempt, callback at the follow-up's time.
 */
export const callListOutcomes = ['interested', 'not_interested', 'no_answer', 'busy', 'callback', 'wrong_number'] as const;
export type CallListOutcome = (typeof callListOutcomes)[number];
export const callListRequeueOutcomes: readonly CallListOutcome[] = ['no_answer', 'busy', 'callback'];
export const callListOutcomeSchema = z.strictObject({
  outcome: z.enum(callListOutcomes, { message: `must be one of ${callListOutcomes.join(', ')}` }),
  note: z.string().trim().max(5000, { message: 'must be at most 5000 characters' }).optional(),
  callId: uuid.optional(),
  followUp: z
    .strictObject({
      title: text(300).optional(),
      dueAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
    })
    .optional(),
});
export type CallListOutcomeInput = z.infer<typeof callListOutcomeSchema>;
