// Micro-campaigns (issue 14): trigger sequences. Request schemas shared by server and web, the placeholders an
// email step may use, and the shapes the contact card shows.
import { z } from 'zod';

const uuid = z.uuid({ message: 'must be a UUID' });
const text = (max: number) => z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });
const days = (max: number) => z.number({ error: 'must be a number' }).int({ message: 'must be a whole number' }).min(0, { message: 'must not be negative' }).max(max, { message: `must be at most ${max}` });

export const sequenceTriggerKinds = ['purchase', 'days_since_order', 'deal_stage', 'birthday', 'new_product', 'manual'] as const;
export type SequenceTriggerKind = (typeof sequenceTriggerKinds)[number];
export const sequenceStepKinds = ['email', 'task', 'wait', 'condition'] as const;
export type SequenceStepKind = (typeof sequenceStepKinds)[number];
export const sequenceConditionTests = ['ordered_since_enrolment', 'has_open_deal'] as const;
export type SequenceConditionTest = (typeof sequenceConditionTests)[number];
export const sequenceReenrolments = ['never', 'after_finish'] as const;

/** What an email step may say about its recipient; anything else in {{…}} is refused when the sequence is saved. */
export const sequencePlaceholders = ['contact.firstName', 'contact.lastName', 'contact.fullName', 'contact.email', 'company.name', 'owner.name', 'owner.email', 'product.name'] as const;

export const sequenceTriggerSchema = z.discriminatedUnion(
  'kind',
  [
    // An order (created with lines, lines replaced, or moved on from "new") containing the product or a product of the category.
    z.strictObject({ kind: z.literal('purchase'), productId: uuid.optional(), category: text(100).optional() }),
    // The customer's last order is `days` days old (a daily job).
    z.strictObject({ kind: z.literal('days_since_order'), days: days(3650).refine((value) => value >= 1, { message: 'must be at least 1' }) }),
    z.strictObject({ kind: z.literal('deal_stage'), stageId: uuid }),
    // `daysBefore` days before the contact's birthday, in the workspace's time zone (a daily job).
    z.strictObject({ kind: z.literal('birthday'), daysBefore: days(60) }),
    // A product is created in a category (any category when absent): its buyers are enrolled.
    z.strictObject({ kind: z.literal('new_product'), category: text(100).optional() }),
    // Enrolled by hand or by a new-product announcement.
    z.strictObject({ kind: z.literal('manual') }),
  ],
  { error: 'must be one of purchase, days_since_order, deal_stage, birthday, new_product, manual' },
);
export type SequenceTrigger = z.infer<typeof sequenceTriggerSchema>;

export const sequenceStepSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('email'), subject: text(300), body: text(20000) }),
    // A task "call the customer" for the contact's owner (the sequence's owner when the contact has none), due in `dueInDays`.
    z.strictObject({ kind: z.literal('task'), title: text(300), dueInDays: days(365).optional() }),
    z.strictObject({ kind: z.literal('wait'), days: days(3650).optional(), hours: days(24 * 3650).optional() }),
    // Continue when the test's answer is `continueWhen` (default true), stop otherwise.
    z.strictObject({ kind: z.literal('condition'), test: z.enum(sequenceConditionTests, { error: `must be one of ${sequenceConditionTests.join(', ')}` }), continueWhen: z.boolean().optional() }),
  ],
  { error: 'must be one of email, task, wait, condition' },
);
export type SequenceStep = z.infer<typeof sequenceStepSchema>;

export const sequenceCreateSchema = z.strictObject({
  name: text(200),
  isActive: z.boolean().optional(),
  ownerId: uuid.nullable().optional(),
  mailboxId: uuid.nullable().optional(),
  trigger: sequenceTriggerSchema,
  steps: z.array(sequenceStepSchema).min(1, { message: 'must have at least one step' }).max(50, { message: 'must have at most 50 steps' }),
  reenrolment: z.enum(sequenceReenrolments, { error: 'must be never or after_finish' }).optional(),
});
export type SequenceInput = z.infer<typeof sequenceCreateSchema>;
export const sequenceUpdateSchema = sequenceCreateSchema.partial();

/** POST /products/:id/announcement: one email to the proposed audience (all of it, or the picked contacts). */
export const announcementSendSchema = z.strictObject({
  name: text(200).optional(),
  mailboxId: uuid,
  subject: text(300),
  body: text(20000),
  contactIds: z.array(uuid).min(1, { message: 'must name at least one contact' }).max(10000).optional(),
});

/** Placeholders used in a text: the names inside {{ }}. */
export function placeholdersIn(value: string): string[] {
  return Array.from(value.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g), (match) => match[1]);
}

/** The first problem of an email step's placeholders, as a field and problem, or null. */
export function unknownPlaceholder(steps: { kind: string; subject?: string; body?: string }[]): { field: string; problem: string } | null {
  for (const [index, step] of steps.entries()) {
    if (step.kind !== 'email') continue;
    for (const part of ['subject', 'body'] as const) {
      const unknown = placeholdersIn(step[part] ?? '').find((name) => !(sequencePlaceholders as readonly string[]).includes(name));
      if (unknown !== undefined) return { field: `steps[${index}].${part}`, problem: `uses the unknown placeholder {{${unknown}}}; known: ${sequencePlaceholders.join(', ')}` };
    }
  }
  return null;
}

export interface SequenceHistoryEntry {
  kind: 'enrolled' | 'step' | 'finished' | 'stopped';
  stepIndex: number | null;
  stepKind: SequenceStepKind | null;
  outcome: string | null;
  detail: Record<string, unknown>;
  occurredAt: string;
}

/** One enrolment on the contact's card (GET /contacts/:id/sequences). */
export interface ContactSequence {
  id: string;
  sequenceId: string;
  sequenceName: string;
  status: 'running' | 'finished' | 'stopped';
  stepIndex: number;
  stepCount: number;
  currentStep: SequenceStep | null;
  nextRunAt: string | null;
  enrolledAt: string;
  finishedAt: string | null;
  stopReason: string | null;
  canStop: boolean;
  history: SequenceHistoryEntry[];
}
