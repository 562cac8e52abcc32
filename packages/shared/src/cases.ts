// Service desk cases (обращения): statuses and their allowed transitions, channels, categories,
// priorities, the bodies of the cases API, queues, routing rules and the inbound (email-like) channel.
import { z } from 'zod';

const uuid = z.uuid({ message: 'must be a UUID' });
const shortText = (max = 200) => z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });
const optionalText = (max = 500) => z.string().trim().max(max, { message: `must be at most ${max} characters` }).nullable().optional();
const tags = z.array(z.string().trim().min(1).max(50)).max(50).transform((items) => Array.from(new Set(items)));
const custom = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'custom field keys are snake_case' }), z.unknown());

export const caseStatuses = ['new', 'in_progress', 'waiting_customer', 'resolved', 'closed', 'reopened'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
/** Statuses of a case somebody still has to work on (the desk's queues). */
export const openCaseStatuses = ['new', 'in_progress', 'waiting_customer', 'reopened'] as const satisfies readonly CaseStatus[];
export const caseChannels = ['email', 'web_form', 'phone', 'portal', 'manual'] as const;
/** The built-in categories every workspace starts with; an administrator adds more (case_categories), so a category is a key. */
export const caseCategories = ['question', 'incident', 'request', 'complaint', 'claim', 'refusal', 'other'] as const;
/** The built-in categories the complaints report counts (Жалоба, Претензия, Отказ); configurable per workspace. */
export const complaintCategories = ['complaint', 'claim', 'refusal'] as const;
export const caseCategoryKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: 'must be a category key (snake_case latin letters and digits, up to 40)' });
export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;

/** Where a case may go from each status. Closed is final except for reopening. */
export const caseTransitions: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['in_progress', 'waiting_customer', 'resolved', 'closed'],
  in_progress: ['waiting_customer', 'resolved', 'closed'],
  waiting_customer: ['in_progress', 'resolved', 'closed'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['in_progress', 'waiting_customer', 'resolved', 'closed'],
};

export function canMoveCase(from: CaseStatus, to: CaseStatus): boolean {
  return from === to || caseTransitions[from].includes(to);
}

const caseFields = {
  subject: shortText(300),
  description: z.string().max(100_000, { message: 'must be at most 100,000 characters' }).nullable().optional(),
  companyId: uuid.nullable().optional(),
  contactId: uuid.nullable().optional(),
  channel: z.enum(caseChannels, { message: `must be one of ${caseChannels.join(', ')}` }).optional(),
  category: caseCategoryKey.optional(),
  priority: z.enum(casePriorities, { message: `must be one of ${casePriorities.join(', ')}` }).optional(),
  status: z.enum(caseStatuses, { message: `must be one of ${caseStatuses.join(', ')}` }).optional(),
  queueId: uuid.nullable().optional(),
  orderId: uuid.nullable().optional(),
  productId: uuid.nullable().optional(),
  contractId: uuid.nullable().optional(),
  /** The unit the customer writes about (checked against service contracts' covered serial numbers). */
  serialNumber: z.string().trim().max(100, { message: 'must be at most 100 characters' }).nullable().optional().transform((value) => (value === '' ? null : value)),
  requesterEmail: z.string().trim().toLowerCase().email({ message: 'must be an email address' }).max(254).nullable().optional(),
  ownerId: uuid.nullable().optional(),
  collaboratorIds: z.array(uuid).max(50).optional(),
  tags: tags.optional(),
  custom: custom.optional(),
};

export const caseCreateSchema = z.strictObject(caseFields);
export const caseUpdateSchema = z.strictObject(caseFields).partial();
export type CaseInput = z.infer<typeof caseCreateSchema>;

/** POST /cases/:id/status: a move along caseTransitions. */
export const caseStatusChangeSchema = z.strictObject({ status: z.enum(caseStatuses, { message: `must be one of ${caseStatuses.join(', ')}` }) });

export const caseDeskViews = ['mine', 'team', 'unassigned', 'waiting', 'breaching'] as const;
export type CaseDeskView = (typeof caseDeskViews)[number];

// ---------------------------------------------------------------- queues

export const caseQueueCreateSchema = z.strictObject({
  name: shortText(100),
  description: optionalText(1000),
  teamId: uuid.nullable().optional(),
  headUserId: uuid.nullable().optional(),
  memberIds: z.array(uuid).max(500).optional(),
  /** Minutes a new unassigned or untouched case may wait before the head is told (0 = never). */
  escalationMinutes: z.number().int().min(0).max(60 * 24 * 30).optional(),
  /** Where cases go when this queue has no active member (a chain that loops is refused). */
  overflowQueueId: uuid.nullable().optional(),
  isActive: z.boolean().optional(),
});
export const caseQueueUpdateSchema = caseQueueCreateSchema.partial();

// ---------------------------------------------------------------- routing rules

export const caseAssignmentModes = ['none', 'round_robin', 'least_loaded', 'fixed'] as const;
export const caseLanguages = ['ru', 'en'] as const;

export const caseRuleConditionsSchema = z.strictObject({
  channels: z.array(z.enum(caseChannels)).max(10).optional(),
  categories: z.array(caseCategoryKey).max(10).optional(),
  priorities: z.array(z.enum(casePriorities)).max(10).optional(),
  /** Customer segment: the case's company carries one of these tags. */
  companyTags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  /** Customer segment: a custom field of the case's company equals a value. */
  companyField: z.strictObject({ key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'custom field keys are snake_case' }), value: z.string().max(200) }).optional(),
  /** Any of these words or phrases in the subject or description (case-insensitive). */
  keywords: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  /** Cyrillic (ru) or Latin (en) text. */
  language: z.enum(caseLanguages).optional(),
});

export const caseRoutingRuleCreateSchema = z.strictObject({
  name: shortText(100),
  isActive: z.boolean().optional(),
  conditions: caseRuleConditionsSchema.optional(),
  queueId: uuid,
  assignment: z.enum(caseAssignmentModes, { message: `must be one of ${caseAssignmentModes.join(', ')}` }).optional(),
  /** With assignment "fixed". */
  userId: uuid.nullable().optional(),
  /** Sets the case's priority when given. */
  setPriority: z.enum(casePriorities).nullable().optional(),
});
export const caseRoutingRuleUpdateSchema = caseRoutingRuleCreateSchema.partial();
export const caseRoutingReorderSchema = z.strictObject({ ids: z.array(uuid).min(1).max(500) });
export type CaseRuleConditions = z.infer<typeof caseRuleConditionsSchema>;

// ---------------------------------------------------------------- inbound channel

/** POST /cases/inbound: an email-like message that opens a case or joins the open case of its thread. */
export const caseInboundSchema = z.strictObject({
  /** A mailbox marked as support (default: the workspace's first). */
  mailboxId: z.string().optional(),
  from: z.string().trim().toLowerCase().email({ message: 'must be an email address' }).max(254),
  fromName: optionalText(200),
  subject: z.string().trim().max(300).optional(),
  html: z.string().max(500_000).optional(),
  text: z.string().max(500_000).optional(),
  messageId: z.string().trim().min(3).max(500).optional(),
  inReplyTo: z.string().trim().max(500).nullable().optional(),
  references: z.array(z.string().trim().max(500)).max(100).optional(),
  channel: z.enum(['email', 'portal', 'web_form'] as const).optional(),
  category: caseCategoryKey.optional(),
  priority: z.enum(casePriorities).optional(),
});
export type CaseInbound = z.infer<typeof caseInboundSchema>;

/** Which script the text is mostly written in: Cyrillic means ru, Latin en, neither null. */
export function detectLanguage(text: string): 'ru' | 'en' | null {
  let cyrillic = 0;
  let latin = 0;
  for (const char of text) {
    if (/[\u0400-\u04FF]/.test(char)) cyrillic++;
    else if (/[A-Za-z]/.test(char)) latin++;
  }
  if (cyrillic === 0 && latin === 0) return null;
  return cyrillic >= latin ? 'ru' : 'en';
}
