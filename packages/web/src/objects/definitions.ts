// What the web app knows about each object: its API path, the fields it shows in lists and forms,
// and how each field is displayed and edited. Labels come from i18n (fields.<object>.<name>).

export type FieldKind =
  | 'text'
  | 'longtext'
  | 'number'
  | 'money'
  | 'date'
  | 'datetime'
  | 'phones'
  | 'emails'
  | 'tags'
  | 'user'
  | 'enum'
  | 'boolean'
  | 'ref'
  | 'currency'
  /** A timestamp shown as the whole days elapsed since it (days in stage). */
  | 'daysSince';

export interface FieldDef {
  name: string;
  kind: FieldKind;
  /** Server may sort on it. */
  sortable?: boolean;
  /** Sort key when it differs from the field (fullName sorts by lastName). */
  sortField?: string;
  /** Editable in forms and inline in lists (simple fields only). */
  editable?: boolean;
  required?: boolean;
  /** Enum values (i18n: enums.<enumKey>.<value>). */
  options?: readonly string[];
  enumKey?: string;
  /** For ref fields: the object referenced. */
  ref?: ObjectKey;
  /** For money fields: the field holding the currency. */
  currencyField?: string;
  /** Shown in the list by default. */
  defaultColumn?: boolean;
  /** Not offered as a list column. */
  formOnly?: boolean;
  /** Not offered in forms. */
  listOnly?: boolean;
  width?: number;
}

export type ObjectKey = 'companies' | 'contacts' | 'deals' | 'leads' | 'tasks' | 'products' | 'orders' | 'activities' | 'cases' | 'service_contracts';

export interface ObjectDef {
  key: ObjectKey;
  recordType: string;
  /** Field whose value names a record. */
  titleField: string;
  fields: FieldDef[];
  defaultSort: string;
  /** Has a timeline and quick actions on its card. */
  hasTimeline: boolean;
  /** List filters that are not fields (a company's analytics segment: filter[segment][eq]=N). */
  extraFilters?: FieldDef[];
}

const owner: FieldDef = { name: 'ownerId', kind: 'user', defaultColumn: true, listOnly: true, width: 160 };
const createdAt: FieldDef = { name: 'createdAt', kind: 'datetime', sortable: true, defaultColumn: true, listOnly: true, width: 200 };
const updatedAt: FieldDef = { name: 'updatedAt', kind: 'datetime', sortable: true, listOnly: true, width: 200 };
const tags: FieldDef = { name: 'tags', kind: 'tags', listOnly: true, width: 160 };

export const leadStatuses = ['new', 'in_progress', 'qualified', 'converted', 'disqualified'] as const;
export const taskPriorities = ['low', 'normal', 'high'] as const;
export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export const orderStatuses = ['new', 'in_progress', 'done', 'problem', 'cancelled'] as const;
export const paymentStatuses = ['unpaid', 'partial', 'paid'] as const;
export const stageKinds = ['open', 'won', 'lost'] as const;
export const activityKinds = ['call', 'meeting', 'note', 'email'] as const;
export const caseStatuses = ['new', 'in_progress', 'waiting_customer', 'resolved', 'closed', 'reopened'] as const;
export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const caseCategories = ['question', 'incident', 'request', 'complaint', 'claim', 'refusal', 'other'] as const;
export const caseChannels = ['email', 'web_form', 'phone', 'portal', 'manual'] as const;
export const contractKinds = ['warranty', 'service'] as const;
export const contractStatuses = ['draft', 'active', 'terminated'] as const;
export const contractStates = ['draft', 'pending', 'active', 'expired', 'terminated'] as const;

export const objects: Record<ObjectKey, ObjectDef> = {
  companies: {
    key: 'companies',
    recordType: 'company',
    titleField: 'name',
    defaultSort: '-createdAt',
    hasTimeline: true,
    fields: [
      { name: 'name', kind: 'text', sortable: true, editable: true, required: true, defaultColumn: true, width: 260 },
      { name: 'legalForm', kind: 'text', editable: true, width: 100 },
      { name: 'inn', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 130 },
      { name: 'kpp', kind: 'text', editable: true, width: 110 },
      { name: 'ogrn', kind: 'text', editable: true, width: 150 },
      { name: 'industry', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 160 },
      { name: 'size', kind: 'text', editable: true, width: 100 },
      { name: 'region', kind: 'text', sortable: true, editable: true, width: 150 },
      { name: 'city', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 140 },
      { name: 'address', kind: 'text', editable: true, width: 220 },
      { name: 'website', kind: 'text', editable: true, width: 160 },
      { name: 'phones', kind: 'phones', editable: true, defaultColumn: true, width: 170 },
      { name: 'emails', kind: 'emails', editable: true, width: 200 },
      { name: 'source', kind: 'text', sortable: true, editable: true, width: 120 },
      owner,
      tags,
      createdAt,
      updatedAt,
    ],
    extraFilters: [{ name: 'segment', kind: 'number' }, { name: 'teamId', kind: 'text' }],
  },
  contacts: {
    key: 'contacts',
    recordType: 'contact',
    titleField: 'fullName',
    defaultSort: '-createdAt',
    hasTimeline: true,
    fields: [
      { name: 'fullName', kind: 'text', sortable: true, sortField: 'lastName', defaultColumn: true, listOnly: true, width: 240 },
      { name: 'lastName', kind: 'text', sortable: true, editable: true, required: true, formOnly: true },
      { name: 'firstName', kind: 'text', sortable: true, editable: true, formOnly: true },
      { name: 'middleName', kind: 'text', editable: true, formOnly: true },
      { name: 'position', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 170 },
      { name: 'companyId', kind: 'ref', ref: 'companies', defaultColumn: true, editable: true, width: 220 },
      { name: 'phones', kind: 'phones', editable: true, defaultColumn: true, width: 170 },
      { name: 'emails', kind: 'emails', editable: true, defaultColumn: true, width: 210 },
      { name: 'birthday', kind: 'date', sortable: true, editable: true, width: 120 },
      { name: 'city', kind: 'text', sortable: true, editable: true, width: 140 },
      { name: 'source', kind: 'text', editable: true, width: 120 },
      // Issue 14: consent to marketing mail (campaigns mail only those with it); its date is set by the server.
      { name: 'marketingConsent', kind: 'boolean', sortable: true, editable: true, width: 120 },
      { name: 'marketingConsentAt', kind: 'datetime', sortable: true, width: 180 },
      { name: 'marketingConsentSource', kind: 'text', editable: true, width: 160 },
      owner,
      tags,
      createdAt,
      updatedAt,
    ],
  },
  deals: {
    key: 'deals',
    recordType: 'deal',
    titleField: 'title',
    defaultSort: '-createdAt',
    hasTimeline: true,
    fields: [
      { name: 'title', kind: 'text', sortable: true, editable: true, required: true, defaultColumn: true, width: 260 },
      { name: 'amount', kind: 'money', currencyField: 'currency', sortable: true, editable: true, defaultColumn: true, width: 140 },
      { name: 'currency', kind: 'currency', editable: true, formOnly: true },
      { name: 'stageName', kind: 'text', listOnly: true, defaultColumn: true, width: 150 },
      { name: 'stageEnteredAt', kind: 'daysSince', listOnly: true, defaultColumn: true, width: 120 },
      { name: 'companyId', kind: 'ref', ref: 'companies', editable: true, defaultColumn: true, width: 200 },
      { name: 'contactId', kind: 'ref', ref: 'contacts', editable: true, width: 200 },
      { name: 'expectedCloseDate', kind: 'date', sortable: true, editable: true, defaultColumn: true, width: 130 },
      { name: 'source', kind: 'text', editable: true, width: 120 },
      owner,
      tags,
      createdAt,
    ],
    // Filters the dashboard's charts open the list with.
    extraFilters: [
      { name: 'pipelineId', kind: 'text' },
      { name: 'stageId', kind: 'text' },
      { name: 'stageKind', kind: 'enum', options: stageKinds, enumKey: 'stageKind' },
      { name: 'closedAt', kind: 'datetime' },
      { name: 'teamId', kind: 'text' },
      // The "why deals are lost" report's drill-down.
      { name: 'lostReasonId', kind: 'text' },
      { name: 'lostReasonLegacy', kind: 'text' },
    ],
  },
  leads: {
    key: 'leads',
    recordType: 'lead',
    titleField: 'title',
    defaultSort: '-createdAt',
    hasTimeline: true,
    fields: [
      { name: 'title', kind: 'text', sortable: true, editable: true, required: true, defaultColumn: true, width: 240 },
      { name: 'status', kind: 'enum', options: leadStatuses, enumKey: 'leadStatus', sortable: true, editable: true, defaultColumn: true, width: 130 },
      { name: 'companyName', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 200 },
      { name: 'lastName', kind: 'text', sortable: true, editable: true, width: 140 },
      { name: 'firstName', kind: 'text', sortable: true, editable: true, width: 130 },
      { name: 'position', kind: 'text', editable: true, width: 150 },
      { name: 'phones', kind: 'phones', editable: true, defaultColumn: true, width: 170 },
      { name: 'emails', kind: 'emails', editable: true, width: 200 },
      { name: 'inn', kind: 'text', editable: true, width: 130 },
      { name: 'city', kind: 'text', sortable: true, editable: true, width: 130 },
      { name: 'amount', kind: 'money', currencyField: 'currency', sortable: true, editable: true, width: 130 },
      { name: 'currency', kind: 'currency', editable: true, formOnly: true },
      { name: 'source', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 120 },
      { name: 'notes', kind: 'longtext', editable: true, formOnly: true },
      owner,
      createdAt,
    ],
  },
  tasks: {
    key: 'tasks',
    recordType: 'task',
    titleField: 'title',
    defaultSort: '-createdAt',
    hasTimeline: false,
    // The team's overdue tasks on the dashboard link here by team.
    extraFilters: [{ name: 'teamId', kind: 'text' }],
    fields: [
      { name: 'title', kind: 'text', sortable: true, editable: true, required: true, defaultColumn: true, width: 280 },
      { name: 'dueAt', kind: 'datetime', sortable: true, editable: true, defaultColumn: true, width: 200 },
      { name: 'remindAt', kind: 'datetime', editable: true, width: 200 },
      { name: 'priority', kind: 'enum', options: taskPriorities, enumKey: 'taskPriority', editable: true, defaultColumn: true, width: 110 },
      { name: 'status', kind: 'enum', options: taskStatuses, enumKey: 'taskStatus', editable: true, defaultColumn: true, width: 110 },
      { name: 'description', kind: 'longtext', editable: true, formOnly: true },
      owner,
      createdAt,
    ],
  },
  products: {
    key: 'products',
    recordType: 'product',
    titleField: 'name',
    defaultSort: 'name',
    hasTimeline: false,
    fields: [
      { name: 'sku', kind: 'text', sortable: true, editable: true, required: true, defaultColumn: true, width: 120 },
      { name: 'name', kind: 'text', sortable: true, editable: true, required: true, defaultColumn: true, width: 260 },
      { name: 'category', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 160 },
      { name: 'unit', kind: 'text', editable: true, width: 80 },
      { name: 'price', kind: 'money', currencyField: 'currency', sortable: true, editable: true, defaultColumn: true, width: 130 },
      { name: 'currency', kind: 'currency', editable: true, formOnly: true },
      { name: 'stockQuantity', kind: 'number', editable: true, defaultColumn: true, width: 110 },
      { name: 'isActive', kind: 'boolean', editable: true, width: 90 },
      { name: 'description', kind: 'longtext', editable: true, formOnly: true },
      createdAt,
    ],
  },
  cases: {
    key: 'cases',
    recordType: 'case',
    titleField: 'subject',
    defaultSort: '-createdAt',
    hasTimeline: true,
    fields: [
      { name: 'number', kind: 'text', sortable: true, listOnly: true, defaultColumn: true, width: 120 },
      { name: 'subject', kind: 'text', sortable: true, editable: true, required: true, defaultColumn: true, width: 280 },
      { name: 'status', kind: 'enum', options: caseStatuses, enumKey: 'caseStatus', sortable: true, listOnly: true, defaultColumn: true, width: 150 },
      { name: 'priority', kind: 'enum', options: casePriorities, enumKey: 'casePriority', sortable: true, editable: true, defaultColumn: true, width: 120 },
      { name: 'category', kind: 'enum', options: caseCategories, enumKey: 'caseCategory', sortable: true, editable: true, defaultColumn: true, width: 130 },
      { name: 'channel', kind: 'enum', options: caseChannels, enumKey: 'caseChannel', sortable: true, editable: true, width: 120 },
      { name: 'companyId', kind: 'ref', ref: 'companies', editable: true, defaultColumn: true, width: 200 },
      { name: 'contactId', kind: 'ref', ref: 'contacts', editable: true, width: 200 },
      { name: 'requesterEmail', kind: 'text', editable: true, width: 200 },
      { name: 'orderId', kind: 'ref', ref: 'orders', editable: true, formOnly: true },
      { name: 'productId', kind: 'ref', ref: 'products', editable: true, formOnly: true },
      { name: 'serialNumber', kind: 'text', sortable: false, editable: true, width: 150 },
      { name: 'contractId', kind: 'ref', ref: 'service_contracts', editable: true, formOnly: true },
      { name: 'description', kind: 'longtext', editable: true, formOnly: true },
      { name: 'firstResponseAt', kind: 'datetime', sortable: true, listOnly: true, width: 180 },
      { name: 'resolutionDueAt', kind: 'datetime', sortable: true, listOnly: true, width: 180 },
      owner,
      tags,
      createdAt,
      updatedAt,
    ],
  },
  orders: {
    key: 'orders',
    recordType: 'order',
    titleField: 'number',
    defaultSort: '-createdAt',
    hasTimeline: true,
    fields: [
      { name: 'number', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 130 },
      { name: 'status', kind: 'enum', options: orderStatuses, enumKey: 'orderStatus', editable: true, defaultColumn: true, width: 130 },
      { name: 'companyId', kind: 'ref', ref: 'companies', editable: true, defaultColumn: true, width: 220 },
      { name: 'contactId', kind: 'ref', ref: 'contacts', editable: true, width: 200 },
      { name: 'total', kind: 'money', currencyField: 'currency', sortable: true, listOnly: true, defaultColumn: true, width: 140 },
      { name: 'paidTotal', kind: 'money', currencyField: 'currency', sortable: true, listOnly: true, width: 140 },
      { name: 'paymentStatus', kind: 'enum', options: paymentStatuses, enumKey: 'paymentStatus', sortable: true, listOnly: true, defaultColumn: true, width: 130 },
      { name: 'currency', kind: 'currency', editable: true, formOnly: true },
      { name: 'orderedAt', kind: 'datetime', sortable: true, editable: true, defaultColumn: true, width: 200 },
      { name: 'dueAt', kind: 'datetime', editable: true, width: 200 },
      { name: 'notes', kind: 'longtext', editable: true, formOnly: true },
      owner,
      createdAt,
    ],
  },
  // Warranty and service contracts: the covered items are edited on the card (components/service-contracts).
  service_contracts: {
    key: 'service_contracts',
    recordType: 'service_contract',
    titleField: 'number',
    defaultSort: '-createdAt',
    hasTimeline: true,
    fields: [
      { name: 'number', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 130 },
      { name: 'kind', kind: 'enum', options: contractKinds, enumKey: 'contractKind', sortable: true, editable: true, defaultColumn: true, width: 120 },
      { name: 'companyId', kind: 'ref', ref: 'companies', editable: true, defaultColumn: true, width: 220 },
      { name: 'contactId', kind: 'ref', ref: 'contacts', editable: true, width: 200 },
      { name: 'startDate', kind: 'date', sortable: true, editable: true, required: true, defaultColumn: true, width: 120 },
      { name: 'endDate', kind: 'date', sortable: true, editable: true, required: true, defaultColumn: true, width: 120 },
      { name: 'status', kind: 'enum', options: contractStatuses, enumKey: 'contractStatus', sortable: true, editable: true, formOnly: true },
      { name: 'state', kind: 'enum', options: contractStates, enumKey: 'contractState', listOnly: true, defaultColumn: true, width: 130 },
      { name: 'serviceLevel', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 130 },
      { name: 'visitsIncluded', kind: 'number', sortable: true, editable: true, width: 110 },
      { name: 'visitsUsed', kind: 'number', listOnly: true, width: 110 },
      { name: 'notes', kind: 'longtext', editable: true, formOnly: true },
      owner,
      tags,
      createdAt,
      updatedAt,
    ],
  },
  // Calls, meetings, notes and emails: listed for the dashboard's "activities per manager" (not in the menu).
  activities: {
    key: 'activities',
    recordType: 'activity',
    titleField: 'subject',
    defaultSort: '-occurredAt',
    hasTimeline: false,
    fields: [
      { name: 'subject', kind: 'text', sortable: true, editable: true, defaultColumn: true, width: 260 },
      { name: 'kind', kind: 'enum', options: activityKinds, enumKey: 'activityKind', editable: true, required: true, defaultColumn: true, width: 120 },
      { name: 'occurredAt', kind: 'datetime', sortable: true, editable: true, defaultColumn: true, width: 200 },
      { name: 'outcome', kind: 'text', editable: true, defaultColumn: true, width: 160 },
      { name: 'durationSec', kind: 'number', sortable: true, editable: true, width: 110 },
      { name: 'body', kind: 'longtext', editable: true, formOnly: true },
      owner,
      createdAt,
    ],
    extraFilters: [{ name: 'teamId', kind: 'text' }],
  },
};

export const objectKeys = Object.keys(objects) as ObjectKey[];

export function isObjectKey(value: string | undefined): value is ObjectKey {
  return value !== undefined && value in objects;
}

export function listColumns(object: ObjectDef): FieldDef[] {
  return object.fields.filter((field) => !field.formOnly);
}

export function formFields(object: ObjectDef): FieldDef[] {
  return object.fields.filter((field) => !field.listOnly && field.editable);
}

/** Fields that can be edited inline in a list cell. */
export function isInlineEditable(field: FieldDef): boolean {
  return Boolean(field.editable) && ['text', 'number', 'money', 'date', 'enum'].includes(field.kind);
}

/** The record's display name. */
export function recordTitle(object: ObjectDef, record: Record<string, unknown>): string {
  const value = record[object.titleField];
  if (typeof value === 'string' && value.trim()) return value;
  if (object.key === 'contacts') return [record.lastName, record.firstName].filter(Boolean).join(' ');
  return String(record.id ?? '');
}

/** Operators offered for a kind of field (the server's filter operators). */
export function operatorsFor(field: FieldDef): string[] {
  if (field.name === 'segment') return ['eq'];
  switch (field.kind) {
    case 'text':
    case 'longtext':
      return ['contains', 'eq', 'ne', 'isEmpty'];
    case 'phones':
    case 'emails':
    case 'tags':
      return ['contains', 'eq', 'isEmpty'];
    case 'number':
    case 'money':
    case 'date':
    case 'datetime':
      return ['eq', 'gt', 'gte', 'lt', 'lte', 'isEmpty'];
    case 'enum':
    case 'currency':
      return ['eq', 'ne', 'in'];
    case 'boolean':
      return ['eq'];
    default:
      return ['eq', 'isEmpty'];
  }
}
