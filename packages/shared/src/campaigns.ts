// Email campaigns (issue 14): the template's blocks, the audience, the campaign's bodies (create, update, start,
// test send, preview) and the placeholders a campaign may use. Shared by the server (validation, OpenAPI) and
// the web editor.
import { z } from 'zod';

const uuid = z.uuid({ message: 'must be a UUID' });
const shortText = (max = 200) => z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });
const tags = z.array(z.string().trim().min(1).max(50)).max(50).transform((items) => Array.from(new Set(items)));
const custom = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'custom field keys are snake_case' }), z.unknown());
const instant = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)), { message: 'must be an ISO 8601 date-time with a time zone' })
  .transform((value) => new Date(value).toISOString());
const webUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, { message: 'must be an http or https address' });
const money = z
  .union([z.number(), z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, { message: 'must be an amount such as 15000.00' })])
  .transform((value) => String(value))
  .refine((value) => Number(value) >= 0 && Number(value) < 1e13, { message: 'must be a non-negative amount' });

/** What `{{…}}` may name in a campaign's subject and blocks. */
export const campaignPlaceholders = [
  'contact.firstName', 'contact.lastName', 'contact.middleName', 'contact.fullName', 'contact.position', 'contact.city', 'contact.email',
  'company.name', 'company.city',
  'owner.name', 'owner.email',
  'unsubscribeUrl', 'today',
] as const;
export type CampaignPlaceholder = (typeof campaignPlaceholders)[number];
export const PLACEHOLDER_PATTERN = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

/** The placeholders of a text that are not in the list (each once, in order). */
export function unknownCampaignPlaceholders(text: string): string[] {
  const known = new Set<string>(campaignPlaceholders);
  const found: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) if (!known.has(match[1]) && !found.includes(match[1])) found.push(match[1]);
  return found;
}

export const campaignBlockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('heading'), text: shortText(300) }),
  /** Plain text; blank lines make paragraphs. */
  z.strictObject({ type: z.literal('text'), text: z.string().max(20_000) }),
  z.strictObject({ type: z.literal('image'), url: webUrl, alt: z.string().max(300).optional(), link: webUrl.optional() }),
  z.strictObject({ type: z.literal('button'), text: shortText(100), url: webUrl }),
  z.strictObject({ type: z.literal('divider') }),
]);
export type CampaignBlock = z.infer<typeof campaignBlockSchema>;

/** Who receives it: a static pick of contacts, a segment (computed with the starter's rights), or every contact the starter reads. */
export const campaignAudienceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('contacts'), contactIds: z.array(uuid).min(1, { message: 'pick at least one contact' }).max(50_000).transform((ids) => Array.from(new Set(ids))) }),
  z.strictObject({ kind: z.literal('segment'), segmentId: uuid }),
  z.strictObject({ kind: z.literal('all') }),
]);
export type CampaignAudience = z.infer<typeof campaignAudienceSchema>;

export const campaignStatuses = ['draft', 'scheduled', 'sending', 'testing', 'paused', 'sent', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

const campaignFields = {
  name: shortText(200),
  mailboxId: uuid,
  language: z.enum(['ru', 'en']).optional(),
  subject: shortText(500),
  /** A/B test: the second subject, the share of the audience that tests both (split in half), and the hours before the winner by click rate goes to the rest. */
  subjectB: z.string().trim().max(500).nullable().optional().transform((value) => (value === '' ? null : value)),
  abTestPercent: z.number().int().min(2).max(100).optional(),
  abTestHours: z.number().int().min(1).max(24 * 14).optional(),
  preheader: z.string().trim().max(300).nullable().optional(),
  blocks: z.array(campaignBlockSchema).min(1, { message: 'add at least one block' }).max(100),
  audience: campaignAudienceSchema,
  /** What the campaign cost (for ROI), in the workspace currency. */
  cost: money.optional(),
  attributionDays: z.number().int().min(1).max(365).optional(),
  ownerId: uuid.nullable().optional(),
  collaboratorIds: z.array(uuid).max(50).optional(),
  tags: tags.optional(),
  custom: custom.optional(),
};

export const campaignCreateSchema = z.strictObject(campaignFields);
export const campaignUpdateSchema = z.strictObject(campaignFields).partial();
export type CampaignInput = z.infer<typeof campaignCreateSchema>;

/** Start now or at `startAt`; `confirmCount` must equal the audience's size when it is large or is everyone. */
export const campaignStartSchema = z.strictObject({
  startAt: instant.optional(),
  confirmCount: z.number().int().min(0).optional(),
});

export const campaignTestSendSchema = z.strictObject({
  address: z.string().trim().max(254).email({ message: 'must be an email address' }),
  /** Whose data fills the placeholders (default: a sample). */
  contactId: uuid.optional(),
});

/** The audience a draft would have: its size and the exclusions (consent, suppressions, no email), before saving or starting. */
export const campaignAudienceSummarySchema = z.strictObject({ audience: campaignAudienceSchema });

export const campaignPreviewSchema = z.strictObject({ contactId: uuid.optional(), variant: z.enum(['a', 'b']).optional() });

export const sendingDomainSchema = z.strictObject({ perMinute: z.number().int().min(1).max(1_000_000) });

export const contactConsentSchema = z.strictObject({
  marketingConsent: z.boolean(),
  source: z.string().trim().max(200).optional(),
});
