// Web forms: what an admin defines in Settings (fields mapped to lead fields, consent under 152-FZ,
// allowed origins, the assignment rules, the first task) and what a submission may carry.
import { z } from 'zod';

/** Lead fields a form field can fill; 'custom.<key>' fills a lead custom field; 'none' only goes into the notes. */
export const webFormLeadTargets = ['firstName', 'lastName', 'companyName', 'position', 'phone', 'email', 'inn', 'city', 'amount', 'notes', 'none'] as const;
export type WebFormLeadTarget = (typeof webFormLeadTargets)[number];
export const webFormFieldTypes = ['text', 'textarea', 'email', 'phone', 'number', 'select', 'checkbox'] as const;
export type WebFormFieldType = (typeof webFormFieldTypes)[number];

/** Names the public endpoint reads besides the form's own fields. */
export const WEB_FORM_HONEYPOT = 'website_url';
export const WEB_FORM_CONSENT = 'consent';
export const utmKeys = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
export const webFormReservedKeys = [WEB_FORM_HONEYPOT, WEB_FORM_CONSENT, ...utmKeys, 'page_url', 'referrer', 'form_language'] as const;

const localized = (max: number) =>
  z.strictObject({
    ru: z.string().trim().max(max, { message: `must be at most ${max} characters` }).default(''),
    en: z.string().trim().max(max, { message: `must be at most ${max} characters` }).default(''),
  });

export const webFormFieldSchema = z
  .strictObject({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, { message: 'must be snake_case latin letters and digits, up to 40 characters' })
      .refine((key) => !(webFormReservedKeys as readonly string[]).includes(key), { message: 'is reserved by the form itself' }),
    target: z.union([z.enum(webFormLeadTargets), z.string().regex(/^custom\.[a-z][a-z0-9_]{0,62}$/, { message: 'must be a lead field or custom.<key>' })]),
    type: z.enum(webFormFieldTypes),
    label: localized(200).refine((label) => label.ru || label.en, { message: 'needs a label in Russian or English' }),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  })
  .refine((field) => field.type !== 'select' || field.options.length > 0, { message: 'a select needs at least one option', path: ['options'] });
export type WebFormField = z.infer<typeof webFormFieldSchema>;

export const webFormAssigneeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('user'), userId: z.uuid({ message: 'must be a UUID' }) }),
  z.strictObject({ type: z.literal('team'), teamId: z.uuid({ message: 'must be a UUID' }) }),
]);
export type WebFormAssignee = z.infer<typeof webFormAssigneeSchema>;

/** Rules are tried in order: 'region' compares the lead's city, 'source' the utm_source (else the referrer's host). */
export const webFormRuleSchema = z.strictObject({
  match: z.enum(['region', 'source']),
  values: z.array(z.string().trim().min(1).max(200)).min(1, { message: 'needs at least one value' }).max(200),
  assignee: webFormAssigneeSchema,
});
export type WebFormRule = z.infer<typeof webFormRuleSchema>;

export const webFormAssignmentSchema = z.strictObject({
  rules: z.array(webFormRuleSchema).max(50).default([]),
  fallback: webFormAssigneeSchema,
});
export type WebFormAssignment = z.infer<typeof webFormAssignmentSchema>;

const originSchema = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  },
  { message: 'must be an origin such as https://example.ru (scheme, host and port only)' },
);

const httpUrl = z.string().trim().max(2000).refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), { message: 'must be an http(s) URL' });

export const webFormInputSchema = z.strictObject({
  name: z.string().trim().min(1, { message: 'must not be empty' }).max(200),
  isActive: z.boolean().default(true),
  language: z.enum(['ru', 'en']).default('ru'),
  fields: z
    .array(webFormFieldSchema)
    .min(1, { message: 'needs at least one field' })
    .max(50)
    .refine((fields) => new Set(fields.map((field) => field.key)).size === fields.length, { message: 'field keys must be unique' }),
  consent: z
    .strictObject({ enabled: z.boolean().default(true), text: localized(5000) })
    .refine((consent) => !consent.enabled || consent.text.ru || consent.text.en, { message: 'the consent text is required', path: ['text'] }),
  allowedOrigins: z.array(originSchema).max(50).default([]),
  successMessage: localized(1000).default({ ru: '', en: '' }),
  redirectUrl: httpUrl.nullable().default(null),
  leadSource: z.string().trim().max(100).nullable().default(null),
  /** What a submission creates: a lead (default) or a service desk case (issue 12, routed by the case rules). */
  target: z.enum(['lead', 'case']).default('lead'),
  assignment: webFormAssignmentSchema,
  task: z
    .strictObject({
      enabled: z.boolean().default(true),
      title: localized(300).default({ ru: '', en: '' }),
      dueMinutes: z.number().int().min(1).max(60 * 24 * 30).default(60),
    })
    .default({ enabled: true, title: { ru: '', en: '' }, dueMinutes: 60 }),
});
export type WebFormInput = z.infer<typeof webFormInputSchema>;

export interface WebFormView extends WebFormInput {
  id: string;
  key: string;
  submissionCount: number;
  spamCount: number;
  createdAt: string;
  updatedAt: string;
}
