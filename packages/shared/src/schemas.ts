// Request and record schemas shared by the server (validation, OpenAPI) and the web app (forms).
// Create schemas are strict: an unknown field is an error naming that field.
import { z } from 'zod';
import { isValidInn, isValidKpp, isValidOgrn } from './identifiers.js';
import { normaliseEmail, normalisePhone } from './contact-points.js';

export const uuidSchema = z.uuid({ message: 'must be a UUID' });
const shortText = (max = 200) => z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });
const optionalText = (max = 500) => z.string().trim().max(max, { message: `must be at most ${max} characters` }).nullable().optional();
const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
// Stored and compared in one form (UTC, milliseconds), whatever offset the client sent.
const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).transform((value) => new Date(value).toISOString());
const decimal = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, { message: 'must be a decimal number' })])
  .transform((value) => String(value))
  .refine((value) => Math.abs(Number(value)) < 1e15, { message: 'is too large' });
const nonNegativeDecimal = decimal.refine((value) => Number(value) >= 0, { message: 'must not be negative' });
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as RUB' });

export const phoneSchema = z.string().max(40).transform((value, ctx) => {
  const phone = normalisePhone(value);
  if (!phone) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid phone number` });
    return z.NEVER;
  }
  return phone;
});
export const emailSchema = z.string().max(254).transform((value, ctx) => {
  const email = normaliseEmail(value);
  if (!email) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid email address` });
    return z.NEVER;
  }
  return email;
});
const unique = <T>(items: T[]) => Array.from(new Set(items));
const phones = z.array(phoneSchema).max(20).transform(unique);
const emails = z.array(emailSchema).max(20).transform(unique);
const tags = z.array(z.string().trim().min(1).max(50)).max(50).transform(unique);
const custom = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'custom field keys are snake_case' }), z.unknown());
const ownershipFields = {
  ownerId: uuidSchema.nullable().optional(),
  collaboratorIds: z.array(uuidSchema).max(50).optional(),
  tags: tags.optional(),
  custom: custom.optional(),
};

export const innSchema = z.string().trim().refine(isValidInn, { message: 'is not a valid INN (10 or 12 digits with a correct checksum)' });
export const kppSchema = z.string().trim().refine(isValidKpp, { message: 'is not a valid KPP (9 characters)' });
export const ogrnSchema = z.string().trim().refine(isValidOgrn, { message: 'is not a valid OGRN/OGRNIP (13 or 15 digits with a correct checksum)' });

export const companyCreateSchema = z.strictObject({
  name: shortText(300),
  legalForm: optionalText(50),
  inn: innSchema.nullable().optional(),
  kpp: kppSchema.nullable().optional(),
  ogrn: ogrnSchema.nullable().optional(),
  industry: optionalText(100),
  size: optionalText(50),
  region: optionalText(100),
  city: optionalText(100),
  address: optionalText(500),
  website: optionalText(300),
  phones: phones.optional(),
  emails: emails.optional(),
  source: optionalText(100),
  ...ownershipFields,
});

export const contactCreateSchema = z.strictObject({
  firstName: optionalText(100),
  lastName: shortText(100),
  middleName: optionalText(100),
  position: optionalText(200),
  phones: phones.optional(),
  emails: emails.optional(),
  birthday: isoDate.nullable().optional(),
  city: optionalText(100),
  source: optionalText(100),
  companyId: uuidSchema.nullable().optional(),
  /** Consent to marketing mail (152-FZ, the law on advertising): its date is set when it changes; the source says how it was given. */
  marketingConsent: z.boolean().optional(),
  marketingConsentSource: optionalText(200),
  ...ownershipFields,
});

export const leadStatuses = ['new', 'in_progress', 'qualified', 'converted', 'disqualified'] as const;
export const leadCreateSchema = z.strictObject({
  title: shortText(300),
  source: optionalText(100),
  status: z.enum(leadStatuses).optional(),
  firstName: optionalText(100),
  lastName: optionalText(100),
  companyName: optionalText(300),
  position: optionalText(200),
  phones: phones.optional(),
  emails: emails.optional(),
  inn: innSchema.nullable().optional(),
  city: optionalText(100),
  amount: nonNegativeDecimal.nullable().optional(),
  currency: currencySchema.optional(),
  notes: optionalText(10000),
  ...ownershipFields,
});

export const dealCreateSchema = z.strictObject({
  title: shortText(300),
  amount: nonNegativeDecimal.optional(),
  currency: currencySchema.optional(),
  expectedCloseDate: isoDate.nullable().optional(),
  pipelineId: uuidSchema.optional(),
  stageId: uuidSchema.optional(),
  companyId: uuidSchema.nullable().optional(),
  contactId: uuidSchema.nullable().optional(),
  lostReasonId: uuidSchema.nullable().optional(),
  lostReason: optionalText(500),
  source: optionalText(100),
  ...ownershipFields,
});

export const activityKinds = ['call', 'meeting', 'note', 'email'] as const;
export const recordTypes = ['company', 'contact', 'lead', 'deal', 'order', 'task', 'activity', 'product', 'case', 'service_contract'] as const;
export const activityCreateSchema = z.strictObject({
  kind: z.enum(activityKinds),
  subject: optionalText(300),
  body: optionalText(100000),
  occurredAt: isoDateTime.optional(),
  endsAt: isoDateTime.nullable().optional(),
  direction: z.enum(['inbound', 'outbound']).nullable().optional(),
  durationSec: z.number().int().min(0).max(86400 * 7).nullable().optional(),
  outcome: optionalText(100),
  phone: phoneSchema.nullable().optional(),
  recordType: z.enum(recordTypes).nullable().optional(),
  recordId: uuidSchema.nullable().optional(),
  ...ownershipFields,
});

export const taskPriorities = ['low', 'normal', 'high'] as const;
export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export const taskCreateSchema = z.strictObject({
  title: shortText(300),
  description: optionalText(10000),
  dueAt: isoDateTime.nullable().optional(),
  remindAt: isoDateTime.nullable().optional(),
  priority: z.enum(taskPriorities).optional(),
  status: z.enum(taskStatuses).optional(),
  recordType: z.enum(recordTypes).nullable().optional(),
  recordId: uuidSchema.nullable().optional(),
  ...ownershipFields,
});

export const productCreateSchema = z.strictObject({
  sku: shortText(100),
  name: shortText(300),
  description: optionalText(5000),
  category: optionalText(100),
  unit: z.string().trim().min(1).max(20).optional(),
  price: nonNegativeDecimal.optional(),
  currency: currencySchema.optional(),
  stockQuantity: decimal.optional(),
  isActive: z.boolean().optional(),
  isRepeatPurchase: z.boolean().optional(),
  /** The product's id in another system (1C's Ид in CommerceML); unique among non-deleted products. */
  externalId: optionalText(100),
  ...ownershipFields,
});

export const orderStatuses = ['new', 'in_progress', 'done', 'problem', 'cancelled'] as const;
export const orderLineSchema = z.strictObject({
  productId: uuidSchema,
  quantity: decimal.refine((value) => Number(value) > 0, { message: 'must be greater than zero' }),
  price: nonNegativeDecimal.optional(),
  discountPercent: decimal.refine((value) => Number(value) >= 0 && Number(value) <= 100, { message: 'must be between 0 and 100' }).optional(),
});
export const orderCreateSchema = z.strictObject({
  number: shortText(50).optional(),
  companyId: uuidSchema.nullable().optional(),
  contactId: uuidSchema.nullable().optional(),
  dealId: uuidSchema.nullable().optional(),
  status: z.enum(orderStatuses).optional(),
  orderedAt: isoDateTime.optional(),
  dueAt: isoDateTime.nullable().optional(),
  currency: currencySchema.optional(),
  notes: optionalText(10000),
  lines: z.array(orderLineSchema).max(1000).optional(),
  ...ownershipFields,
});

export const paymentCreateSchema = z.strictObject({
  amount: decimal.refine((value) => Number(value) > 0, { message: 'must be greater than zero' }),
  paidAt: isoDateTime.optional(),
  method: optionalText(50),
  reference: optionalText(200),
});
export const shipmentCreateSchema = z.strictObject({
  shippedAt: isoDateTime.nullable().optional(),
  carrier: optionalText(100),
  trackingNumber: optionalText(100),
  status: z.enum(['planned', 'shipped', 'delivered']).optional(),
});

export const customFieldTypes = ['text', 'number', 'money', 'date', 'select', 'multi_select', 'boolean', 'user', 'link'] as const;
export const customFieldObjects = ['companies', 'contacts', 'leads', 'deals', 'activities', 'tasks', 'products', 'orders', 'cases'] as const;
/** The card section a custom field is shown in, named in both languages; null puts it in the unnamed section. */
const customFieldSection = z.strictObject({ ru: shortText(100), en: shortText(100) });
export const customFieldCreateSchema = z.strictObject({
  object: z.enum(customFieldObjects),
  key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'must be snake_case, starting with a letter' }),
  label: z.strictObject({ ru: shortText(100), en: shortText(100) }),
  type: z.enum(customFieldTypes),
  options: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10000).optional(),
  section: customFieldSection.nullable().optional(),
  isHidden: z.boolean().optional(),
});
export const customFieldUpdateSchema = z.strictObject({
  label: z.strictObject({ ru: shortText(100), en: shortText(100) }).optional(),
  options: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10000).optional(),
  section: customFieldSection.nullable().optional(),
  isHidden: z.boolean().optional(),
  isArchived: z.boolean().optional(),
});
/** A new display order for all custom fields of one object, applied at once. */
export const customFieldReorderSchema = z.strictObject({
  object: z.enum(customFieldObjects),
  ids: z.array(uuidSchema).min(1).max(500),
});

export const loginSchema = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(500),
});

export const permissionLevels = ['none', 'own', 'team', 'all'] as const;
export const permissionActions = ['read', 'create', 'update', 'delete', 'export'] as const;
export type PermissionLevel = (typeof permissionLevels)[number];
export type PermissionAction = (typeof permissionActions)[number];

export type CompanyInput = z.infer<typeof companyCreateSchema>;
export type ContactInput = z.infer<typeof contactCreateSchema>;
export type LeadInput = z.infer<typeof leadCreateSchema>;
export type DealInput = z.infer<typeof dealCreateSchema>;
export type ActivityInput = z.infer<typeof activityCreateSchema>;
export type TaskInput = z.infer<typeof taskCreateSchema>;
export type ProductInput = z.infer<typeof productCreateSchema>;
export type OrderInput = z.infer<typeof orderCreateSchema>;
