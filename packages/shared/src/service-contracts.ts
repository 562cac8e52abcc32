// Warranty and service contracts (договоры гарантии и сервиса) and field visits (выезды) on cases:
// kinds, statuses, the bodies of the contracts API (with their covered items) and of the visits API.
import { z } from 'zod';

const uuid = z.uuid({ message: 'must be a UUID' });
const shortText = (max = 200) => z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });
const tags = z.array(z.string().trim().min(1).max(50)).max(50).transform((items) => Array.from(new Set(items)));
const custom = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, { message: 'custom field keys are snake_case' }), z.unknown());
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { message: 'is not a calendar date' });
const instant = z.string().refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)), { message: 'must be an ISO 8601 date-time with a time zone' });
const quantity = z.union([z.number(), z.string()]).transform((value) => String(value).trim()).refine((value) => /^\d{1,12}(\.\d{1,3})?$/.test(value) && Number(value) > 0, { message: 'must be a positive number with at most 3 decimals' });

export const serviceContractKinds = ['warranty', 'service'] as const;
export type ServiceContractKind = (typeof serviceContractKinds)[number];
/** Kept by people: a draft is not in force yet, a terminated contract was ended early. */
export const serviceContractStatuses = ['draft', 'active', 'terminated'] as const;
/** What the contract is today: the kept status, with an active one past its end shown as expired and one before its start as pending. */
export const serviceContractStates = ['draft', 'pending', 'active', 'expired', 'terminated'] as const;
export type ServiceContractState = (typeof serviceContractStates)[number];

/** One covered item: a product (any unit of it), a serial number (that unit), or both. */
export const serviceContractItemSchema = z
  .strictObject({
    productId: uuid.nullable().optional(),
    serialNumber: z.string().trim().max(100, { message: 'must be at most 100 characters' }).nullable().optional().transform((value) => (value === '' ? null : value)),
    quantity: quantity.optional(),
    orderLineId: uuid.nullable().optional(),
  })
  .refine((item) => item.productId || item.serialNumber, { message: 'needs a product or a serial number', path: ['productId'] });
export type ServiceContractItemInput = z.infer<typeof serviceContractItemSchema>;

const contractFields = {
  number: shortText(50).optional(),
  kind: z.enum(serviceContractKinds, { message: `must be one of ${serviceContractKinds.join(', ')}` }).optional(),
  companyId: uuid.nullable().optional(),
  contactId: uuid.nullable().optional(),
  startDate: isoDate,
  endDate: isoDate,
  status: z.enum(serviceContractStatuses, { message: `must be one of ${serviceContractStatuses.join(', ')}` }).optional(),
  /** The SLA tier this contract gives its customer's cases (matched against the SLA policies' tiers, like a company tag). */
  serviceLevel: z.string().trim().max(50, { message: 'must be at most 50 characters' }).nullable().optional().transform((value) => (value === '' ? null : value)),
  /** Field visits included (null: no limit). */
  visitsIncluded: z.number().int({ message: 'must be a whole number' }).min(0, { message: 'must not be negative' }).max(100_000).nullable().optional(),
  notes: z.string().max(20_000, { message: 'must be at most 20,000 characters' }).nullable().optional(),
  items: z.array(serviceContractItemSchema).max(1000, { message: 'at most 1,000 items' }).optional(),
  ownerId: uuid.nullable().optional(),
  collaboratorIds: z.array(uuid).max(50).optional(),
  tags: tags.optional(),
  custom: custom.optional(),
};

export const serviceContractCreateSchema = z.strictObject(contractFields);
export const serviceContractUpdateSchema = z.strictObject(contractFields).partial();
export type ServiceContractInput = z.infer<typeof serviceContractCreateSchema>;

// ---------------------------------------------------------------- coverage

export const coverageStatuses = ['covered', 'not_covered', 'expired'] as const;
export type CoverageStatus = (typeof coverageStatuses)[number];

export interface CoverageContract {
  id: string;
  number: string;
  kind: ServiceContractKind;
  state: ServiceContractState;
  startDate: string;
  endDate: string;
  serviceLevel: string | null;
  visitsIncluded: number | null;
  visitsUsed: number;
}

export interface Coverage {
  status: CoverageStatus;
  /** The date coverage was checked at (the case's creation, YYYY-MM-DD). */
  at: string;
  /** How the case matched the contract: its serial number, its product, or the customer (a contract without items covers everything of the customer). */
  matchedBy: 'serial' | 'product' | 'customer' | null;
  /** The contract, or null when none matches or the actor may not open it (then `hidden` is true). */
  contract: CoverageContract | null;
  hidden: boolean;
}

// ---------------------------------------------------------------- field visits

export const visitStatuses = ['planned', 'done', 'cancelled'] as const;
export type VisitStatus = (typeof visitStatuses)[number];

const materialSchema = z.strictObject({ productId: uuid, quantity });

export const visitCreateSchema = z.strictObject({
  technicianId: uuid,
  scheduledStart: instant,
  scheduledEnd: instant,
  address: z.string().trim().max(500, { message: 'must be at most 500 characters' }).nullable().optional(),
  notes: z.string().trim().max(5000, { message: 'must be at most 5,000 characters' }).nullable().optional(),
});
export const visitUpdateSchema = z.strictObject({
  technicianId: uuid.optional(),
  scheduledStart: instant.optional(),
  scheduledEnd: instant.optional(),
  address: z.string().trim().max(500).nullable().optional(),
  notes: z.string().trim().max(5000).nullable().optional(),
  status: z.enum(visitStatuses, { message: `must be one of ${visitStatuses.join(', ')}` }).optional(),
  /** Minutes the technician worked (required to mark a visit done). */
  timeSpentMinutes: z.number().int({ message: 'must be a whole number of minutes' }).min(1, { message: 'must be at least 1 minute' }).max(60 * 24 * 7, { message: 'must be at most a week' }).optional(),
  materials: z.array(materialSchema).max(200, { message: 'at most 200 materials' }).optional(),
});
export type VisitCreateInput = z.infer<typeof visitCreateSchema>;
export type VisitUpdateInput = z.infer<typeof visitUpdateSchema>;

export interface VisitMaterial {
  productId: string;
  productName: string;
  sku: string;
  unit: string;
  quantity: string;
}

export interface FieldVisit {
  id: string;
  caseId: string;
  contractId: string | null;
  /** Counted against the contract's included visits (false: over the limit or not under a contract, so billable). */
  includedInContract: boolean;
  technicianId: string;
  technicianName: string;
  scheduledStart: string;
  scheduledEnd: string;
  address: string | null;
  notes: string | null;
  status: VisitStatus;
  timeSpentMinutes: number | null;
  completedAt: string | null;
  /** The technician's calendar entry (a meeting activity linked to the case). */
  activityId: string | null;
  materials: VisitMaterial[];
  createdAt: string;
}
