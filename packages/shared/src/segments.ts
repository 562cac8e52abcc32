// Segments (issue 14): saved, live definitions over contacts or companies. The request schemas shared by
// server and web. The shape is checked here; fields, products and rights by the server's compiler.
import { z } from 'zod';

export const segmentObjects = ['contacts', 'companies'] as const;
export type SegmentObject = (typeof segmentObjects)[number];
export const segmentKinds = ['dynamic', 'static'] as const;
export type SegmentKind = (typeof segmentKinds)[number];
/** The list filters' operators (core/records/list-query.ts filterOperators). */
export const segmentFieldOperators = ['eq', 'ne', 'lt', 'gt', 'lte', 'gte', 'in', 'contains', 'isEmpty'] as const;
/** The RFM classes of the sales analyses (modules/sales-analyses/rfm.ts). */
export const segmentRfmClasses = ['champions', 'loyal', 'promising', 'needsAttention', 'atRisk', 'hibernating', 'lost'] as const;
export const segmentConditionKinds = ['field', 'purchased', 'notPurchasedFor', 'rfm', 'cluster', 'recommended', 'tags'] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }).refine((value) => !Number.isNaN(Date.parse(value)), { message: 'is not a real date' });
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'must be a UUID' });

export const fieldConditionSchema = z.strictObject({
  kind: z.literal('field'),
  field: z.string().trim().min(1).max(200),
  op: z.string().trim().min(1).max(20).default('eq'),
  value: z.union([z.string().max(2000), z.number(), z.boolean()]).transform(String).default(''),
});

export const purchasedConditionSchema = z
  .strictObject({
    kind: z.literal('purchased'),
    productId: uuid.optional(),
    category: z.string().trim().min(1).max(200).optional(),
    /** Inclusive local days (workspace offset `tz`); either may be left open. */
    from: day.optional(),
    to: day.optional(),
    tz: z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, { message: 'must be a UTC offset such as +03:00' }).default('+03:00'),
  })
  .superRefine((value, context) => {
    if (!value.productId && !value.category) context.addIssue({ code: 'custom', path: ['productId'], message: 'give a product or a category' });
    if (value.productId && value.category) context.addIssue({ code: 'custom', path: ['category'], message: 'give a product or a category, not both' });
    if (value.from && value.to && value.to < value.from) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

export const notPurchasedForConditionSchema = z.strictObject({
  kind: z.literal('notPurchasedFor'),
  days: z.number().int({ message: 'must be a whole number of days' }).min(0, { message: 'must not be negative' }).max(36500),
});

export const rfmConditionSchema = z.strictObject({
  kind: z.literal('rfm'),
  classes: z.array(z.enum(segmentRfmClasses)).min(1, { message: 'pick at least one class' }).max(7),
});

export const clusterConditionSchema = z.strictObject({
  kind: z.literal('cluster'),
  clusters: z.array(z.number().int().min(0).max(999_999)).min(1, { message: 'pick at least one cluster' }).max(100),
});

export const recommendedConditionSchema = z.strictObject({
  kind: z.literal('recommended'),
  productId: uuid,
  /** Among the top `k` recommendations of the customer. */
  k: z.number().int().min(1).max(50).default(10),
});

export const tagsConditionSchema = z.strictObject({
  kind: z.literal('tags'),
  tags: z.array(z.string().trim().min(1).max(100)).min(1, { message: 'pick at least one tag' }).max(50),
  match: z.enum(['any', 'all', 'none']).default('any'),
});

export const segmentConditionSchema = z.discriminatedUnion('kind', [
  fieldConditionSchema,
  purchasedConditionSchema,
  notPurchasedForConditionSchema,
  rfmConditionSchema,
  clusterConditionSchema,
  recommendedConditionSchema,
  tagsConditionSchema,
]);
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

/** One entry of the AND-ed list: a condition, or a group of conditions any of which may hold. */
export const segmentEntrySchema = z.discriminatedUnion('kind', [
  ...segmentConditionSchema.options,
  z.strictObject({ kind: z.literal('any'), conditions: z.array(segmentConditionSchema).min(1, { message: 'a group needs at least one condition' }).max(20) }),
]);
export type SegmentEntry = z.infer<typeof segmentEntrySchema>;

export const segmentDefinitionSchema = z.strictObject({
  object: z.enum(segmentObjects),
  kind: z.enum(segmentKinds).default('dynamic'),
  conditions: z.array(segmentEntrySchema).max(30).default([]),
});
export type SegmentDefinition = z.infer<typeof segmentDefinitionSchema>;

const name = z.string().trim().min(1, { message: 'must not be empty' }).max(200);
const visibility = z.enum(['private', 'team']);

export const segmentCreateSchema = segmentDefinitionSchema.extend({
  name,
  visibility: visibility.default('private'),
  /** Static segments: first members (ids of records of the object). */
  memberIds: z.array(uuid).max(10_000).optional(),
});

export const segmentUpdateSchema = z.strictObject({
  name: name.optional(),
  visibility: visibility.optional(),
  conditions: z.array(segmentEntrySchema).max(30).optional(),
});

export const segmentPreviewSchema = segmentDefinitionSchema.extend({
  memberIds: z.array(uuid).max(10_000).optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/** Add or remove members of a static segment: ids, or lines of emails / INNs / ids from a pasted or uploaded file. */
export const segmentMembersChangeSchema = z
  .strictObject({
    ids: z.array(uuid).max(10_000).optional(),
    /** Emails (contacts and companies), INNs (companies) or ids, one per line or separated by commas/semicolons. */
    text: z.string().max(2_000_000).optional(),
  })
  .refine((value) => value.ids?.length || value.text?.trim(), { message: 'give ids or text', path: ['ids'] });

export interface SegmentSummary {
  id: string;
  name: string;
  object: SegmentObject;
  kind: SegmentKind;
  visibility: 'private' | 'team';
  conditions: SegmentEntry[];
  ownerId: string;
  ownerName: string | null;
  isOwner: boolean;
  createdAt: string;
  updatedAt: string;
}
