// The whole data model. Every table carries workspace_id (the unit of isolation and of sharding).
// Record tables (companies, contacts, leads, deals, activities, tasks, orders) share the
// ownership columns from `ownership()` so that access rights are enforced by one function
// (see core/access.ts). Search vectors, trigram indexes and partial indexes that Drizzle
// cannot express live in the hand-written migration 0001_search.sql.
import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Time-ordered ids (UUID version 7, migration 0019): new rows go to the right-hand end of every index
// keyed by id or record id instead of a random page of it, which at a million rows made bulk inserts
// touch (and after each checkpoint write whole to the WAL) a different index page per row.
const id = () => uuid('id').primaryKey().default(sql`svyaz_uuid_v7()`);
const workspaceId = () => uuid('workspace_id').notNull();
// Millisecond precision: the API speaks ISO 8601 with milliseconds, so a value it returns (in a list
// cursor or a client's filter) compares exactly with what is stored.
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string', precision: 3 }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'string', precision: 3 }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string', precision: 3 });
const money = (name: string) => numeric(name, { precision: 18, scale: 2 });

/** Columns every owned record has: who owns it, which team, who else shares it, soft delete. */
const ownership = () => ({
  ownerId: uuid('owner_id'),
  teamId: uuid('team_id'),
  collaboratorIds: uuid('collaborator_ids').array().notNull().default(sql`'{}'::uuid[]`),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: ts('deleted_at'),
});

export const workspaces = pgTable('workspaces', {
  id: id(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
});

export const teams = pgTable(
  'teams',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    headUserId: uuid('head_user_id'),
    parentTeamId: uuid('parent_team_id'),
    createdAt: createdAt(),
  },
  (t) => [index('teams_ws_idx').on(t.workspaceId)],
);

export const roles = pgTable(
  'roles',
  {
    id: id(),
    workspaceId: workspaceId(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    /** { [object]: { read|create|update|delete|export: 'none'|'own'|'team'|'all' } } */
    permissions: jsonb('permissions').$type<Record<string, Record<string, string>>>().notNull(),
    isSystem: boolean('is_system').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('roles_ws_key_uq').on(t.workspaceId, t.key)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    workspaceId: workspaceId(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    roleId: uuid('role_id').notNull(),
    teamId: uuid('team_id'),
    managerId: uuid('manager_id'),
    locale: text('locale').notNull().default('ru'),
    isActive: boolean('is_active').notNull().default(true),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_uq').on(sql`lower(${t.email})`), index('users_ws_idx').on(t.workspaceId)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(), // sha256 of the cookie value
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

export const customFieldDefs = pgTable(
  'custom_field_defs',
  {
    id: id(),
    workspaceId: workspaceId(),
    object: text('object').notNull(),
    key: text('key').notNull(),
    label: jsonb('label').$type<{ ru: string; en: string }>().notNull(),
    type: text('type').notNull(),
    options: jsonb('options').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    /** The card section the field is shown in ({ ru, en }); null: the section without a heading. */
    section: jsonb('section').$type<{ ru: string; en: string }>(),
    isHidden: boolean('is_hidden').notNull().default(false),
    isArchived: boolean('is_archived').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('custom_field_defs_uq').on(t.workspaceId, t.object, t.key)],
);

export const companies = pgTable(
  'companies',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    legalForm: text('legal_form'),
    inn: text('inn'),
    kpp: text('kpp'),
    ogrn: text('ogrn'),
    industry: text('industry'),
    size: text('size'),
    region: text('region'),
    city: text('city'),
    address: text('address'),
    website: text('website'),
    phones: text('phones').array().notNull().default(sql`'{}'::text[]`),
    emails: text('emails').array().notNull().default(sql`'{}'::text[]`),
    source: text('source'),
    ...ownership(),
  },
  (t) => [
    index('companies_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('companies_ws_owner_idx').on(t.workspaceId, t.ownerId),
    index('companies_ws_inn_idx').on(t.workspaceId, t.inn),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    workspaceId: workspaceId(),
    firstName: text('first_name'),
    lastName: text('last_name').notNull(),
    middleName: text('middle_name'),
    position: text('position'),
    phones: text('phones').array().notNull().default(sql`'{}'::text[]`),
    emails: text('emails').array().notNull().default(sql`'{}'::text[]`),
    birthday: date('birthday', { mode: 'string' }),
    city: text('city'),
    source: text('source'),
    companyId: uuid('company_id'),
    // Issue 14 (0048_campaigns.sql): consent to marketing mail, with its date and how it was given.
    marketingConsent: boolean('marketing_consent').notNull().default(false),
    marketingConsentAt: ts('marketing_consent_at'),
    marketingConsentSource: text('marketing_consent_source'),
    ...ownership(),
  },
  (t) => [
    index('contacts_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('contacts_ws_owner_idx').on(t.workspaceId, t.ownerId),
    index('contacts_ws_company_idx').on(t.workspaceId, t.companyId),
  ],
);

/** A contact may work for several companies; contacts.company_id is the primary one. */
export const contactCompanies = pgTable(
  'contact_companies',
  {
    workspaceId: workspaceId(),
    contactId: uuid('contact_id').notNull(),
    companyId: uuid('company_id').notNull(),
    role: text('role'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.companyId] }), index('contact_companies_company_idx').on(t.companyId)],
);

export const leads = pgTable(
  'leads',
  {
    id: id(),
    workspaceId: workspaceId(),
    title: text('title').notNull(),
    source: text('source'),
    status: text('status').notNull().default('new'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    companyName: text('company_name'),
    position: text('position'),
    phones: text('phones').array().notNull().default(sql`'{}'::text[]`),
    emails: text('emails').array().notNull().default(sql`'{}'::text[]`),
    inn: text('inn'),
    city: text('city'),
    amount: money('amount'),
    currency: text('currency').notNull().default('RUB'),
    notes: text('notes'),
    convertedContactId: uuid('converted_contact_id'),
    convertedCompanyId: uuid('converted_company_id'),
    convertedDealId: uuid('converted_deal_id'),
    convertedAt: ts('converted_at'),
    ...ownership(),
  },
  (t) => [index('leads_ws_created_idx').on(t.workspaceId, t.createdAt, t.id), index('leads_ws_owner_idx').on(t.workspaceId, t.ownerId)],
);

export const pipelines = pgTable(
  'pipelines',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
    deletedAt: ts('deleted_at'),
  },
  // At most one default pipeline per workspace, even under concurrent changes.
  (t) => [uniqueIndex('pipelines_ws_default_uq').on(t.workspaceId).where(sql`is_default and deleted_at is null`)],
);

export const stages = pgTable(
  'stages',
  {
    id: id(),
    workspaceId: workspaceId(),
    pipelineId: uuid('pipeline_id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    probability: integer('probability').notNull().default(0),
    kind: text('kind').notNull().default('open'), // open | won | lost
    createdAt: createdAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('stages_pipeline_idx').on(t.pipelineId, t.position)],
);

// Lost reasons of a pipeline (issue 16): key marks a default (translated by the interface until renamed).
export const lostReasons = pgTable(
  'lost_reasons',
  {
    id: id(),
    workspaceId: workspaceId(),
    pipelineId: uuid('pipeline_id').notNull(),
    key: text('key'),
    label: text('label').notNull(),
    position: integer('position').notNull().default(0),
    isOther: boolean('is_other').notNull().default(false),
    archivedAt: ts('archived_at'),
    createdAt: createdAt(),
  },
  (t) => [index('lost_reasons_pipeline_idx').on(t.workspaceId, t.pipelineId, t.position)],
);

export const deals = pgTable(
  'deals',
  {
    id: id(),
    workspaceId: workspaceId(),
    title: text('title').notNull(),
    amount: money('amount').notNull().default('0'),
    currency: text('currency').notNull().default('RUB'),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    stageEnteredAt: ts('stage_entered_at').notNull().defaultNow(),
    companyId: uuid('company_id'),
    contactId: uuid('contact_id'),
    leadId: uuid('lead_id'),
    lostReason: text('lost_reason'),
    lostReasonId: uuid('lost_reason_id'),
    closedAt: ts('closed_at'),
    source: text('source'),
    ...ownership(),
  },
  (t) => [
    index('deals_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('deals_ws_owner_idx').on(t.workspaceId, t.ownerId),
    // Board columns: a stage's deals in the default order (newest first) without scanning other stages.
    index('deals_ws_stage_created_idx').on(t.workspaceId, t.pipelineId, t.stageId, t.createdAt, t.id),
    index('deals_ws_company_idx').on(t.workspaceId, t.companyId),
    index('deals_ws_closed_idx').on(t.workspaceId, t.closedAt).where(sql`closed_at is not null`),
    index('deals_ws_lost_reason_idx').on(t.workspaceId, t.lostReasonId).where(sql`lost_reason_id is not null`),
  ],
);

export const dealContacts = pgTable(
  'deal_contacts',
  {
    workspaceId: workspaceId(),
    dealId: uuid('deal_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    role: text('role'),
  },
  (t) => [primaryKey({ columns: [t.dealId, t.contactId] }), index('deal_contacts_contact_idx').on(t.contactId)],
);

export const dealProducts = pgTable(
  'deal_products',
  {
    id: id(),
    workspaceId: workspaceId(),
    dealId: uuid('deal_id').notNull(),
    productId: uuid('product_id').notNull(),
    quantity: numeric('quantity', { precision: 18, scale: 3 }).notNull(),
    price: money('price').notNull(),
    discountPercent: numeric('discount_percent', { precision: 5, scale: 2 }).notNull().default('0'),
    amount: money('amount').notNull(),
  },
  (t) => [index('deal_products_deal_idx').on(t.dealId)],
);

export const dealStageHistory = pgTable(
  'deal_stage_history',
  {
    id: id(),
    workspaceId: workspaceId(),
    dealId: uuid('deal_id').notNull(),
    fromStageId: uuid('from_stage_id'),
    toStageId: uuid('to_stage_id').notNull(),
    enteredAt: ts('entered_at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
  },
  (t) => [index('deal_stage_history_deal_idx').on(t.dealId, t.enteredAt), index('deal_stage_history_to_stage_idx').on(t.toStageId, t.dealId)],
);

export const activities = pgTable(
  'activities',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text('kind').notNull(), // call | meeting | note | email
    subject: text('subject'),
    body: text('body'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
    endsAt: ts('ends_at'),
    direction: text('direction'), // inbound | outbound
    durationSec: integer('duration_sec'),
    outcome: text('outcome'),
    phone: text('phone'),
    recordType: text('record_type'),
    recordId: uuid('record_id'),
    ...ownership(),
  },
  (t) => [
    index('activities_record_idx').on(t.workspaceId, t.recordId, t.occurredAt),
    index('activities_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('activities_ws_owner_idx').on(t.workspaceId, t.ownerId, t.occurredAt),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    workspaceId: workspaceId(),
    title: text('title').notNull(),
    description: text('description'),
    dueAt: ts('due_at'),
    remindAt: ts('remind_at'),
    remindedAt: ts('reminded_at'),
    overdueNotifiedAt: ts('overdue_notified_at'),
    escalatedAt: ts('escalated_at'),
    priority: text('priority').notNull().default('normal'), // low | normal | high
    status: text('status').notNull().default('open'), // open | done | cancelled
    completedAt: ts('completed_at'),
    recordType: text('record_type'),
    recordId: uuid('record_id'),
    ...ownership(),
  },
  (t) => [
    index('tasks_record_idx').on(t.workspaceId, t.recordId),
    index('tasks_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('tasks_ws_owner_due_idx').on(t.workspaceId, t.ownerId, t.dueAt),
    index('tasks_remind_idx').on(t.remindAt).where(sql`reminded_at is null and status = 'open' and deleted_at is null`),
    index('tasks_due_open_idx').on(t.dueAt).where(sql`status = 'open' and deleted_at is null`),
  ],
);

export const products = pgTable(
  'products',
  {
    id: id(),
    workspaceId: workspaceId(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    category: text('category'),
    unit: text('unit').notNull().default('pcs'),
    price: money('price').notNull().default('0'),
    currency: text('currency').notNull().default('RUB'),
    stockQuantity: numeric('stock_quantity', { precision: 18, scale: 3 }).notNull().default('0'),
    isActive: boolean('is_active').notNull().default(true),
    isRepeatPurchase: boolean('is_repeat_purchase').notNull().default(false),
    externalId: text('external_id'),
    ...ownership(),
  },
  (t) => [
    uniqueIndex('products_ws_sku_uq').on(t.workspaceId, t.sku).where(sql`deleted_at is null`),
    uniqueIndex('products_ws_external_id_uq').on(t.workspaceId, t.externalId).where(sql`deleted_at is null and external_id is not null and external_id <> ''`),
    index('products_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('products_ws_category_idx').on(t.workspaceId, t.category).where(sql`deleted_at is null`),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: id(),
    workspaceId: workspaceId(),
    number: text('number').notNull(),
    companyId: uuid('company_id'),
    contactId: uuid('contact_id'),
    dealId: uuid('deal_id'),
    status: text('status').notNull().default('new'), // new | in_progress | done | problem | cancelled
    paymentStatus: text('payment_status').notNull().default('unpaid'), // unpaid | partial | paid
    shipmentStatus: text('shipment_status').notNull().default('not_shipped'), // not_shipped | partial | shipped
    orderedAt: ts('ordered_at').notNull().defaultNow(),
    dueAt: ts('due_at'),
    total: money('total').notNull().default('0'),
    paidTotal: money('paid_total').notNull().default('0'),
    currency: text('currency').notNull().default('RUB'),
    notes: text('notes'),
    ...ownership(),
  },
  (t) => [
    uniqueIndex('orders_ws_number_uq').on(t.workspaceId, t.number),
    index('orders_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('orders_ws_company_idx').on(t.workspaceId, t.companyId, t.orderedAt),
    index('orders_ws_contact_idx').on(t.workspaceId, t.contactId, t.orderedAt),
    index('orders_ws_ordered_idx').on(t.workspaceId, t.orderedAt),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: id(),
    workspaceId: workspaceId(),
    orderId: uuid('order_id').notNull(),
    productId: uuid('product_id').notNull(),
    quantity: numeric('quantity', { precision: 18, scale: 3 }).notNull(),
    price: money('price').notNull(),
    discountPercent: numeric('discount_percent', { precision: 5, scale: 2 }).notNull().default('0'),
    amount: money('amount').notNull(),
  },
  (t) => [index('order_lines_order_idx').on(t.orderId), index('order_lines_product_idx').on(t.workspaceId, t.productId), index('order_lines_product_order_idx').on(t.productId, t.orderId)],
);

export const payments = pgTable(
  'payments',
  {
    id: id(),
    workspaceId: workspaceId(),
    orderId: uuid('order_id').notNull(),
    amount: money('amount').notNull(),
    paidAt: ts('paid_at').notNull().defaultNow(),
    method: text('method'),
    reference: text('reference'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('payments_order_idx').on(t.orderId)],
);

export const shipments = pgTable(
  'shipments',
  {
    id: id(),
    workspaceId: workspaceId(),
    orderId: uuid('order_id').notNull(),
    shippedAt: ts('shipped_at'),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    status: text('status').notNull().default('planned'), // planned | shipped | delivered
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('shipments_order_idx').on(t.orderId)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: workspaceId(),
    actorId: uuid('actor_id'),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    action: text('action').notNull(), // create | update | delete | restore | purge | merge | stage_change | convert
    changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>().notNull().default(sql`'{}'::jsonb`),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('audit_events_record_idx').on(t.workspaceId, t.recordId, t.occurredAt)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(), // reminder | overdue | escalation | assignment | system
    title: text('title').notNull(),
    body: text('body'),
    recordType: text('record_type'),
    recordId: uuid('record_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    readAt: ts('read_at'),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    workspaceId: workspaceId(),
    object: text('object').notNull(),
    name: text('name').notNull(),
    ownerId: uuid('owner_id').notNull(),
    teamId: uuid('team_id'),
    visibility: text('visibility').notNull().default('private'), // private | team
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('saved_views_owner_idx').on(t.workspaceId, t.object, t.ownerId)],
);

/** Saved reports of the report builder (modules/reports): private or shared with the owner's team. */
export const savedReports = pgTable(
  'saved_reports',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    ownerId: uuid('owner_id').notNull(),
    teamId: uuid('team_id'),
    visibility: text('visibility').notNull().default('private'), // private | team
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('saved_reports_owner_idx').on(t.workspaceId, t.ownerId)],
);

/** Segments (issue 14, modules/segments): a live definition over contacts or companies, private or shared with the owner's team. */
export const segments = pgTable(
  'segments',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    object: text('object').notNull(), // contacts | companies
    kind: text('kind').notNull().default('dynamic'), // dynamic | static
    conditions: jsonb('conditions').$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
    ownerId: uuid('owner_id').notNull(),
    teamId: uuid('team_id'),
    visibility: text('visibility').notNull().default('private'), // private | team
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('segments_owner_idx').on(t.workspaceId, t.ownerId).where(sql`deleted_at is null`)],
);

/** Members of a static segment. */
export const segmentMembers = pgTable(
  'segment_members',
  {
    workspaceId: workspaceId(),
    segmentId: uuid('segment_id').notNull(),
    recordId: uuid('record_id').notNull(),
    addedBy: uuid('added_by'),
    addedAt: timestamp('added_at', { withTimezone: true, precision: 3, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.recordId] }), index('segment_members_record_idx').on(t.workspaceId, t.recordId)],
);

// ---------------------------------------------------------------- import, export, data quality (issue 5)

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** One uploaded file and its import: mapping, options, progress checkpoint and result counts. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    workspaceId: workspaceId(),
    createdBy: uuid('created_by').notNull(),
    status: text('status').notNull().default('uploaded'), // uploaded | queued | running | done | failed | undone
    object: text('object').notNull(), // primary object: contacts | companies | deals
    fileName: text('file_name').notNull(),
    fileFormat: text('file_format').notNull(), // csv | xlsx
    fileSize: integer('file_size').notNull(),
    sheet: text('sheet'),
    headers: jsonb('headers').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull().default(sql`'{}'::jsonb`),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    totalRows: integer('total_rows'),
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    error: text('error'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('import_jobs_ws_created_idx').on(t.workspaceId, t.createdAt)],
);

/** The uploaded file in 4 MB pieces, so a 200 MB upload and its reading stream through bounded memory. */
export const importFileChunks = pgTable(
  'import_file_chunks',
  {
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);

/** Rows of an import that failed, with their raw values and the problem per field. */
export const importFailedRows = pgTable(
  'import_failed_rows',
  {
    importId: uuid('import_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    raw: jsonb('raw').$type<string[]>().notNull(),
    errors: jsonb('errors').$type<{ field: string; problem: string }[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNumber] })],
);

/** Every record an import created or updated, for undo. */
export const importRecords = pgTable(
  'import_records',
  {
    importId: uuid('import_id').notNull(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    action: text('action').notNull(), // created | updated
    rowNumber: integer('row_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.recordType, t.recordId] })],
);

/** Saved column mappings (user presets; amoCRM and Bitrix24 presets are built in). */
export const importPresets = pgTable(
  'import_presets',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    object: text('object').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('import_presets_ws_name_uq').on(t.workspaceId, t.object, t.name)],
);

/** Results of data-quality jobs (duplicate finder), one row per run. */
export const dataQualityRuns = pgTable(
  'data_quality_runs',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text('kind').notNull(), // duplicates
    status: text('status').notNull().default('running'), // running | done | failed
    result: jsonb('result').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('data_quality_runs_ws_idx').on(t.workspaceId, t.kind, t.createdAt)],
);

/** Trained analytics models (issue 4), versioned per workspace; the newest ready one serves. */
export const analyticsModels = pgTable(
  'analytics_models',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text('kind').notNull().default('hybrid'),
    version: integer('version').notNull(),
    status: text('status').notNull().default('queued'), // queued | training | ready | failed
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    model: jsonb('model').$type<unknown>(),
    progress: jsonb('progress').$type<{ step: string; done: number; total: number }>().notNull().default(sql`'{"step":"queued","done":0,"total":4}'::jsonb`),
    error: text('error'),
    startedAt: createdAt(),
    finishedAt: ts('finished_at'),
    createdBy: uuid('created_by'),
  },
  (t) => [uniqueIndex('analytics_models_ws_version_uq').on(t.workspaceId, t.kind, t.version)],
);

/** Each company's segment in a trained model, so lists filter by segment in SQL (filter[segment][eq]=N). */
export const analyticsSegmentMembers = pgTable(
  'analytics_segment_members',
  {
    modelId: uuid('model_id').notNull().references(() => analyticsModels.id, { onDelete: 'cascade' }),
    workspaceId: workspaceId(),
    companyId: uuid('company_id').notNull(),
    segment: integer('segment').notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.companyId] }), index('analytics_segment_members_segment_idx').on(t.modelId, t.segment, t.companyId)],
);

// ── Issue 11: stored files and documents (migration 0021_files_documents) ──
export const storedFiles = pgTable(
  'stored_files',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    recordType: text('record_type'),
    recordId: uuid('record_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('stored_files_ws_record_idx').on(t.workspaceId, t.recordId)],
);

export const workspaceRequisites = pgTable('workspace_requisites', {
  workspaceId: uuid('workspace_id').primaryKey(),
  name: text('name').notNull().default(''),
  inn: text('inn'),
  kpp: text('kpp'),
  ogrn: text('ogrn'),
  address: text('address'),
  phone: text('phone'),
  bankName: text('bank_name'),
  bik: text('bik'),
  account: text('account'),
  corrAccount: text('corr_account'),
  director: text('director'),
  accountant: text('accountant'),
  vatRate: numeric('vat_rate', { precision: 5, scale: 2 }).notNull().default('22'),
  vatMode: text('vat_mode').notNull().default('on_top'), // on_top | included | none
  updatedBy: uuid('updated_by'),
  updatedAt: updatedAt(),
});

export const documentTemplates = pgTable(
  'document_templates',
  {
    workspaceId: workspaceId(),
    kind: text('kind').notNull(), // offer | invoice | contract | act
    fileId: uuid('file_id').notNull(),
    placeholders: text('placeholders').array().notNull().default(sql`'{}'::text[]`),
    uploadedBy: uuid('uploaded_by'),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind] })],
);

export const documentSequences = pgTable(
  'document_sequences',
  {
    workspaceId: workspaceId(),
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.year] })],
);

export const documents = pgTable(
  'documents',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    sequenceYear: integer('sequence_year').notNull(),
    sequenceNumber: integer('sequence_number').notNull(),
    version: integer('version').notNull().default(1),
    documentDate: date('document_date', { mode: 'string' }).notNull(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    pdfFileId: uuid('pdf_file_id'),
    docxFileId: uuid('docx_file_id'),
    subtotal: money('subtotal').notNull().default('0'),
    vat: money('vat').notNull().default('0'),
    total: money('total').notNull().default('0'),
    currency: text('currency').notNull().default('RUB'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('documents_ws_record_idx').on(t.workspaceId, t.recordId, t.createdAt),
    uniqueIndex('documents_ws_number_version_uq').on(t.workspaceId, t.kind, t.sequenceYear, t.sequenceNumber, t.version),
  ],
);

// ── Issue 11: email (migration 0022_email) ──
export const mailboxes = pgTable('mailboxes', {
  id: id(),
  workspaceId: workspaceId(),
  ownerUserId: uuid('owner_user_id'), // null: a shared mailbox
  name: text('name').notNull(),
  emailAddress: text('email_address').notNull(),
  displayName: text('display_name'),
  smtpHost: text('smtp_host').notNull(),
  smtpPort: integer('smtp_port').notNull(),
  smtpSecurity: text('smtp_security').notNull().default('starttls'), // tls | starttls | none
  smtpLogin: text('smtp_login').notNull(),
  smtpPasswordEnc: text('smtp_password_enc').notNull(), // AES-256-GCM, modules/email/mail-secrets.ts
  imapHost: text('imap_host'),
  imapPort: integer('imap_port'),
  imapSecurity: text('imap_security'),
  imapLogin: text('imap_login'),
  imapPasswordEnc: text('imap_password_enc'),
  imapFolders: text('imap_folders').array().notNull().default(sql`'{INBOX}'::text[]`),
  unknownSendersToLeads: boolean('unknown_senders_to_leads').notNull().default(false),
  // Migration 0030: mail to a support mailbox opens cases (or joins the open case of its thread).
  isSupport: boolean('is_support').notNull().default(false),
  supportQueueId: uuid('support_queue_id'),
  leadOwnerId: uuid('lead_owner_id'),
  sharedUserIds: uuid('shared_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
  sharedTeamIds: uuid('shared_team_ids').array().notNull().default(sql`'{}'::uuid[]`),
  lastSyncAt: ts('last_sync_at'),
  lastSyncError: text('last_sync_error'),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: ts('deleted_at'),
});

export const mailboxFolders = pgTable(
  'mailbox_folders',
  {
    workspaceId: workspaceId(),
    mailboxId: uuid('mailbox_id').notNull(),
    folder: text('folder').notNull(),
    uidValidity: bigint('uid_validity', { mode: 'number' }).notNull(),
    lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
    syncedAt: ts('synced_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.mailboxId, t.folder] })],
);

export const emailMessages = pgTable('email_messages', {
  id: id(),
  workspaceId: workspaceId(),
  mailboxId: uuid('mailbox_id').notNull(),
  direction: text('direction').notNull(), // out | in
  status: text('status').notNull(), // queued | sent | failed | received
  failureReason: text('failure_reason'),
  attempts: integer('attempts').notNull().default(0),
  messageId: text('message_id'),
  inReplyTo: text('in_reply_to'),
  references: text('references').array().notNull().default(sql`'{}'::text[]`),
  threadId: uuid('thread_id'),
  fromAddress: text('from_address').notNull(),
  fromName: text('from_name'),
  toAddresses: jsonb('to_addresses').notNull().default(sql`'[]'::jsonb`),
  ccAddresses: jsonb('cc_addresses').notNull().default(sql`'[]'::jsonb`),
  bccAddresses: jsonb('bcc_addresses').notNull().default(sql`'[]'::jsonb`),
  subject: text('subject').notNull().default(''),
  bodyHtml: text('body_html').notNull().default(''),
  bodyText: text('body_text').notNull().default(''),
  attachments: jsonb('attachments').notNull().default(sql`'[]'::jsonb`),
  folder: text('folder'),
  uidValidity: bigint('uid_validity', { mode: 'number' }),
  uid: bigint('uid', { mode: 'number' }),
  templateId: uuid('template_id'),
  extraHeaders: jsonb('extra_headers').$type<Record<string, string>>(),
  occurredAt: ts('occurred_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
// Unique (mailbox_id, folder, uid_validity, uid) and (mailbox_id, message_id): partial indexes in 0022_email.sql.

export const emailMessageLinks = pgTable(
  'email_message_links',
  {
    workspaceId: workspaceId(),
    messageId: uuid('message_id').notNull(),
    recordType: text('record_type').notNull(), // companies | contacts | leads | deals | orders
    recordId: uuid('record_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.recordType, t.recordId] }), index('email_message_links_record_idx').on(t.workspaceId, t.recordId, t.messageId)],
);

export const emailTemplates = pgTable('email_templates', {
  id: id(),
  workspaceId: workspaceId(),
  name: text('name').notNull(),
  language: text('language').notNull().default('ru'), // ru | en: how money and dates are written
  subject: text('subject').notNull().default(''),
  bodyHtml: text('body_html').notNull().default(''),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  deletedAt: ts('deleted_at'),
});


// ── Issue 11: web forms (migration 0023_web_forms) ──
export const webForms = pgTable(
  'web_forms',
  {
    id: id(),
    workspaceId: workspaceId(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    language: text('language').notNull().default('ru'),
    fields: jsonb('fields').notNull().default(sql`'[]'::jsonb`),
    consent: jsonb('consent').notNull().default(sql`'{}'::jsonb`),
    allowedOrigins: text('allowed_origins').array().notNull().default(sql`'{}'::text[]`),
    successMessage: jsonb('success_message').notNull().default(sql`'{}'::jsonb`),
    redirectUrl: text('redirect_url'),
    leadSource: text('lead_source'),
    // Migration 0030: what a submission creates, 'lead' or 'case'.
    target: text('target').notNull().default('lead'),
    assignment: jsonb('assignment').notNull().default(sql`'{}'::jsonb`),
    task: jsonb('task').notNull().default(sql`'{}'::jsonb`),
    submissionCount: integer('submission_count').notNull().default(0),
    spamCount: integer('spam_count').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [uniqueIndex('web_forms_key_uq').on(t.key), index('web_forms_ws_idx').on(t.workspaceId, t.createdAt)],
);

export const webFormSubmissions = pgTable(
  'web_form_submissions',
  {
    id: id(),
    workspaceId: workspaceId(),
    formId: uuid('form_id').notNull(),
    status: text('status').notNull().default('created'),
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    consentGiven: boolean('consent_given').notNull().default(false),
    consentText: text('consent_text'),
    utm: jsonb('utm').notNull().default(sql`'{}'::jsonb`),
    referrer: text('referrer'),
    pageUrl: text('page_url'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    leadId: uuid('lead_id'),
    ownerId: uuid('owner_id'),
    taskId: uuid('task_id'),
    assignmentRule: text('assignment_rule'),
    matches: jsonb('matches').notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [index('web_form_submissions_form_idx').on(t.formId, t.createdAt, t.id), index('web_form_submissions_lead_idx').on(t.workspaceId, t.leadId)],
);

export const webFormRoundRobin = pgTable(
  'web_form_round_robin',
  {
    workspaceId: workspaceId(),
    formId: uuid('form_id').notNull(),
    teamId: uuid('team_id').notNull(),
    lastUserId: uuid('last_user_id'),
    assignedCount: bigint('assigned_count', { mode: 'number' }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.teamId] })],
);

// ── Issue 11: telephony (migration 0024_telephony) ──
export const telephonyIntegrations = pgTable(
  'telephony_integrations',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    provider: text('provider').notNull().default('generic'),
    secretHash: text('secret_hash').notNull(),
    secretHint: text('secret_hint').notNull(),
    originateUrl: text('originate_url'),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    secretRotatedAt: ts('secret_rotated_at'),
  },
  (t) => [index('telephony_integrations_ws_idx').on(t.workspaceId)],
);

export const telephonyExtensions = pgTable(
  'telephony_extensions',
  {
    workspaceId: workspaceId(),
    integrationId: uuid('integration_id').notNull(),
    extension: text('extension').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.extension] }), index('telephony_extensions_user_idx').on(t.workspaceId, t.userId)],
);

export const calls = pgTable(
  'calls',
  {
    id: id(),
    workspaceId: workspaceId(),
    integrationId: uuid('integration_id').notNull(),
    externalId: text('external_id').notNull(),
    direction: text('direction').notNull(), // in | out
    fromNumber: text('from_number'),
    toNumber: text('to_number'),
    clientPhone: text('client_phone'),
    extension: text('extension'),
    userId: uuid('user_id'),
    state: text('state').notNull().default('ringing'), // ringing | answered | ended
    startedAt: ts('started_at'),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at'),
    durationSec: integer('duration_sec'),
    outcome: text('outcome'), // answered | missed
    recordingUrl: text('recording_url'),
    recordingFileId: uuid('recording_file_id'),
    recordType: text('record_type'),
    recordId: uuid('record_id'),
    // Migration 0030: the case made from this call.
    caseId: uuid('case_id'),
    activityId: uuid('activity_id'),
    poppedAt: ts('popped_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('calls_integration_external_uq').on(t.integrationId, t.externalId),
    index('calls_activity_idx').on(t.activityId),
    index('calls_ws_user_idx').on(t.workspaceId, t.userId, t.createdAt),
  ],
);

export const callEvents = pgTable(
  'call_events',
  {
    workspaceId: workspaceId(),
    integrationId: uuid('integration_id').notNull(),
    eventKey: text('event_key').notNull(),
    callId: uuid('call_id').notNull(),
    type: text('type').notNull(),
    occurredAt: ts('occurred_at'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.eventKey] }), index('call_events_call_idx').on(t.callId)],
);

export const callLists = pgTable(
  'call_lists',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    object: text('object').notNull(),
    source: jsonb('source').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    callerIds: uuid('caller_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    archivedAt: ts('archived_at'),
    // Migration 0033_call_lists: active | paused | archived.
    status: text('status').notNull().default('active'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('call_lists_ws_idx').on(t.workspaceId, t.createdAt)],
);

export const callListItems = pgTable(
  'call_list_items',
  {
    id: id(),
    workspaceId: workspaceId(),
    callListId: uuid('call_list_id').notNull(),
    position: integer('position').notNull(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    assigneeId: uuid('assignee_id'),
    status: text('status').notNull().default('pending'), // pending | in_progress | done
    outcome: text('outcome'),
    note: text('note'),
    taskId: uuid('task_id'),
    claimedAt: ts('claimed_at'),
    doneAt: ts('done_at'),
    doneBy: uuid('done_by'),
    // Migration 0033_call_lists: status also 'skipped' (record deleted); a requeued item waits for available_at.
    attempts: integer('attempts').notNull().default(0),
    availableAt: ts('available_at'),
    claimedBy: uuid('claimed_by'),
    callId: uuid('call_id'),
    activityId: uuid('activity_id'),
  },
  (t) => [
    uniqueIndex('call_list_items_list_position_uq').on(t.callListId, t.position),
    index('call_list_items_assignee_idx').on(t.callListId, t.assigneeId, t.status, t.position),
  ],
);

// ── Issue 11: webhooks and domain events (migration 0025_webhooks) ──
export const domainEvents = pgTable(
  'domain_events',
  {
    id: id(),
    workspaceId: workspaceId(),
    type: text('type').notNull(),
    object: text('object'),
    recordId: uuid('record_id'),
    actorId: uuid('actor_id'),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    dispatchedAt: ts('dispatched_at'),
  },
  (t) => [index('domain_events_pending_idx').on(t.id).where(sql`dispatched_at is null`), index('domain_events_record_idx').on(t.workspaceId, t.recordId)],
);

export const webhooks = pgTable(
  'webhooks',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    events: text('events').array().notNull().default(sql`'{}'::text[]`),
    // Migration 0029: the objects whose events are sent (empty: every object).
    objects: text('objects').array().notNull().default(sql`'{}'::text[]`),
    secretEncrypted: text('secret_encrypted').notNull(),
    secretHint: text('secret_hint').notNull(),
    ownerId: uuid('owner_id').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    disabledAt: ts('disabled_at'),
    disabledReason: text('disabled_reason'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhooks_ws_idx').on(t.workspaceId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    workspaceId: workspaceId(),
    webhookId: uuid('webhook_id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    object: text('object'),
    recordId: uuid('record_id'),
    status: text('status').notNull().default('pending'), // pending | retrying | succeeded | failed | skipped
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    responseStatus: integer('response_status'),
    error: text('error'),
    lastAttemptAt: ts('last_attempt_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_uq').on(t.webhookId, t.eventId),
    index('webhook_deliveries_log_idx').on(t.workspaceId, t.webhookId, t.id),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status in ('pending', 'retrying')`),
  ],
);

export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: id(),
    workspaceId: workspaceId(),
    deliveryId: uuid('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    manual: boolean('manual').notNull().default(false),
    outcome: text('outcome').notNull(), // succeeded | failed | skipped
    requestBody: text('request_body'),
    responseStatus: integer('response_status'),
    responseExcerpt: text('response_excerpt'),
    durationMs: integer('duration_ms'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_delivery_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);

// ---------------------------------------------------------------- service desk (issue 12, migration 0030)

export const caseQueues = pgTable(
  'case_queues',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    description: text('description'),
    teamId: uuid('team_id'),
    headUserId: uuid('head_user_id'),
    escalationMinutes: integer('escalation_minutes').notNull().default(60),
    overflowQueueId: uuid('overflow_queue_id'),
    lastAssignedUserId: uuid('last_assigned_user_id'),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [uniqueIndex('case_queues_ws_name_uq').on(t.workspaceId, sql`lower(${t.name})`).where(sql`deleted_at is null`)],
);

export const caseQueueMembers = pgTable(
  'case_queue_members',
  {
    workspaceId: workspaceId(),
    queueId: uuid('queue_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.userId] }), index('case_queue_members_user_idx').on(t.workspaceId, t.userId)],
);

export const caseRoutingRules = pgTable(
  'case_routing_rules',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    conditions: jsonb('conditions').notNull().default(sql`'{}'::jsonb`),
    queueId: uuid('queue_id').notNull(),
    assignment: text('assignment').notNull().default('none'), // none | round_robin | least_loaded | fixed
    userId: uuid('user_id'),
    setPriority: text('set_priority'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('case_routing_rules_ws_position_idx').on(t.workspaceId, t.position)],
);

export const caseNumberSequences = pgTable('case_number_sequences', {
  workspaceId: uuid('workspace_id').primaryKey(),
  lastNumber: bigint('last_number', { mode: 'number' }).notNull().default(0),
});

export const cases = pgTable(
  'cases',
  {
    id: id(),
    workspaceId: workspaceId(),
    number: text('number').notNull(),
    subject: text('subject').notNull(),
    description: text('description'),
    companyId: uuid('company_id'),
    contactId: uuid('contact_id'),
    requesterEmail: text('requester_email'),
    channel: text('channel').notNull().default('manual'),
    category: text('category').notNull().default('question'),
    priority: text('priority').notNull().default('normal'),
    status: text('status').notNull().default('new'),
    isOpen: boolean('is_open').notNull().default(true),
    language: text('language'),
    queueId: uuid('queue_id'),
    orderId: uuid('order_id'),
    productId: uuid('product_id'),
    contractId: uuid('contract_id'),
    serialNumber: text('serial_number'),
    sourceCallId: uuid('source_call_id'),
    sourceWebFormId: uuid('source_web_form_id'),
    statusChangedAt: ts('status_changed_at').notNull().defaultNow(),
    firstResponseAt: ts('first_response_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    reopenedCount: integer('reopened_count').notNull().default(0),
    lastCustomerMessageAt: ts('last_customer_message_at'),
    escalatedAt: ts('escalated_at'),
    slaPolicyId: uuid('sla_policy_id'),
    firstResponseDueAt: ts('first_response_due_at'),
    resolutionDueAt: ts('resolution_due_at'),
    slaPausedAt: ts('sla_paused_at'),
    slaPausedSeconds: integer('sla_paused_seconds').notNull().default(0),
    firstResponseWarnAt: ts('first_response_warn_at'),
    resolutionWarnAt: ts('resolution_warn_at'),
    firstResponseBreachedAt: ts('first_response_breached_at'),
    resolutionBreachedAt: ts('resolution_breached_at'),
    ...ownership(),
  },
  (t) => [
    uniqueIndex('cases_ws_number_uq').on(t.workspaceId, t.number),
    index('cases_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('cases_desk_owner_idx').on(t.workspaceId, t.ownerId, t.isOpen, t.createdAt, t.id),
    index('cases_desk_queue_idx').on(t.workspaceId, t.queueId, t.isOpen, t.createdAt, t.id),
    index('cases_desk_status_idx').on(t.workspaceId, t.status, t.createdAt, t.id),
    index('cases_desk_due_idx').on(t.workspaceId, t.isOpen, t.resolutionDueAt, t.id),
  ],
);

export const caseSlaPauses = pgTable(
  'case_sla_pauses',
  {
    id: id(),
    workspaceId: workspaceId(),
    caseId: uuid('case_id').notNull(),
    pausedAt: ts('paused_at').notNull(),
    resumedAt: ts('resumed_at'),
  },
  (t) => [index('case_sla_pauses_case_idx').on(t.caseId, t.pausedAt)],
);

/** Each SLA warning and breach of a case, once (migration 0036_sla_events.sql). */
export const caseSlaEvents = pgTable(
  'case_sla_events',
  {
    id: id(),
    workspaceId: workspaceId(),
    caseId: uuid('case_id').notNull(),
    kind: text('kind').notNull(),
    target: text('target').notNull(),
    dueAt: ts('due_at').notNull(),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
    ownerId: uuid('owner_id'),
    escalatedTo: uuid('escalated_to').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [uniqueIndex('case_sla_events_once_uq').on(t.caseId, t.kind, t.target), index('case_sla_events_ws_idx').on(t.workspaceId, t.kind, t.occurredAt)],
);

// ---- Issue 12: service hours and SLA policies (migration 0031_sla.sql) ----

export const businessCalendars = pgTable('business_calendars', {
  workspaceId: uuid('workspace_id').primaryKey(),
  timeZone: text('time_zone').notNull(),
  weeklyHours: jsonb('weekly_hours').notNull(),
  years: jsonb('years').notNull().default(sql`'[]'::jsonb`),
  updatedBy: uuid('updated_by'),
  updatedAt: updatedAt(),
});

export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    priorities: text('priorities').array().notNull().default(sql`'{}'`),
    tiers: text('tiers').array().notNull().default(sql`'{}'`),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    warningPercent: integer('warning_percent').notNull().default(80),
    escalateToTeamHead: boolean('escalate_to_team_head').notNull().default(true),
    isActive: boolean('is_active').notNull().default(true),
    position: integer('position').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('sla_policies_order_idx').on(t.workspaceId, t.position, t.id).where(sql`deleted_at is null`)],
);

// ---------------------------------------------------------------------------------------------
// Surveys (issue 12, feedback; migration 0035). case_id has no foreign key: cases land separately.

export const surveys = pgTable(
  'surveys',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text('kind').notNull(), // csat | nps | custom
    name: text('name').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    language: text('language').notNull().default('ru'),
    texts: jsonb('texts').notNull().default({}),
    questions: jsonb('questions').notNull().default([]),
    lowScoreThreshold: integer('low_score_threshold'),
    mailboxId: uuid('mailbox_id'),
    expiresDays: integer('expires_days').notNull().default(30),
    resurveyDays: integer('resurvey_days').notNull().default(90),
    schedule: jsonb('schedule'),
    lastScheduledAt: timestamp('last_scheduled_at', { withTimezone: true, mode: 'string', precision: 3 }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string', precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'string', precision: 3 }),
  },
  (t) => [index('surveys_ws_idx').on(t.workspaceId, t.createdAt)],
);

export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: id(),
    workspaceId: workspaceId(),
    surveyId: uuid('survey_id').notNull().references(() => surveys.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').notNull(),
    caseId: uuid('case_id'),
    dealId: uuid('deal_id'),
    tokenHash: text('token_hash').notNull(),
    email: text('email').notNull(),
    emailMessageId: uuid('email_message_id'),
    status: text('status').notNull().default('sent'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string', precision: 3 }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'string', precision: 3 }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'string', precision: 3 }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('survey_invitations_token_uq').on(t.tokenHash),
    index('survey_invitations_contact_idx').on(t.workspaceId, t.contactId, t.createdAt),
    index('survey_invitations_survey_idx').on(t.workspaceId, t.surveyId, t.createdAt),
  ],
);

export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: id(),
    workspaceId: workspaceId(),
    surveyId: uuid('survey_id').notNull().references(() => surveys.id, { onDelete: 'cascade' }),
    invitationId: uuid('invitation_id').notNull().references(() => surveyInvitations.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').notNull(),
    caseId: uuid('case_id'),
    dealId: uuid('deal_id'),
    score: integer('score'),
    comment: text('comment'),
    answers: jsonb('answers').notNull().default({}),
    isLow: boolean('is_low').notNull().default(false),
    completed: boolean('completed').notNull().default(false),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'string', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string', precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_responses_invitation_uq').on(t.invitationId), index('survey_responses_contact_idx').on(t.workspaceId, t.contactId, t.answeredAt), index('survey_responses_survey_idx').on(t.workspaceId, t.surveyId, t.answeredAt)],
);

// ---- Issue 12: warranty and service contracts, field visits (migration 0038_service_contracts.sql) ----

export const serviceContracts = pgTable(
  'service_contracts',
  {
    id: id(),
    workspaceId: workspaceId(),
    number: text('number').notNull(),
    kind: text('kind').notNull().default('service'),
    companyId: uuid('company_id'),
    contactId: uuid('contact_id'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('active'),
    serviceLevel: text('service_level'),
    visitsIncluded: integer('visits_included'),
    notes: text('notes'),
    itemsRevision: integer('items_revision').notNull().default(0),
    ...ownership(),
  },
  (t) => [index('service_contracts_ws_created_idx').on(t.workspaceId, t.createdAt, t.id)],
);

export const serviceContractItems = pgTable(
  'service_contract_items',
  {
    id: id(),
    workspaceId: workspaceId(),
    contractId: uuid('contract_id').notNull().references(() => serviceContracts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    productId: uuid('product_id'),
    serialNumber: text('serial_number'),
    quantity: numeric('quantity', { precision: 15, scale: 3 }).notNull().default('1'),
    orderLineId: uuid('order_line_id'),
  },
  (t) => [index('service_contract_items_contract_idx').on(t.contractId, t.position)],
);

export const caseVisits = pgTable(
  'case_visits',
  {
    id: id(),
    workspaceId: workspaceId(),
    caseId: uuid('case_id').notNull(),
    contractId: uuid('contract_id'),
    includedInContract: boolean('included_in_contract').notNull().default(false),
    technicianId: uuid('technician_id').notNull(),
    scheduledStart: ts('scheduled_start').notNull(),
    scheduledEnd: ts('scheduled_end').notNull(),
    address: text('address'),
    notes: text('notes'),
    status: text('status').notNull().default('planned'),
    timeSpentMinutes: integer('time_spent_minutes'),
    completedAt: ts('completed_at'),
    activityId: uuid('activity_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('case_visits_case_idx').on(t.caseId, t.scheduledStart)],
);

export const caseVisitMaterials = pgTable(
  'case_visit_materials',
  {
    id: id(),
    workspaceId: workspaceId(),
    visitId: uuid('visit_id').notNull().references(() => caseVisits.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    quantity: numeric('quantity', { precision: 15, scale: 3 }).notNull(),
  },
  (t) => [index('case_visit_materials_visit_idx').on(t.visitId)],
);

// ---------------------------------------------------------------- plans, KPIs and gamification (issue 13, migration 0042)

/** A target for one person or one team on one measure over [periodStart, periodEnd) (modules/plans). */
export const salesPlans = pgTable(
  'sales_plans',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id'),
    teamId: uuid('team_id'),
    measure: text('measure').notNull(), // won_amount | won_count | calls | meetings | new_clients
    periodKind: text('period_kind').notNull(), // month | quarter | year
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    target: money('target'),
    teamMode: text('team_mode').notNull().default('fixed'), // fixed | sum
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('sales_plans_period_idx').on(t.workspaceId, t.periodStart, t.periodEnd)],
);

/** One claim per (rule, record, user): points are awarded once (modules/gamification). */
export const gamificationPoints = pgTable(
  'gamification_points',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    teamId: uuid('team_id'),
    rule: text('rule').notNull(), // deal_won | call_logged | task_done_on_time
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    points: integer('points').notNull(),
    awardedAt: ts('awarded_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('gamification_points_claim_uq').on(t.workspaceId, t.rule, t.recordId, t.userId), index('gamification_points_ws_time_idx').on(t.workspaceId, t.awardedAt, t.userId)],
);

export const gamificationTeamOptOuts = pgTable(
  'gamification_team_opt_outs',
  {
    workspaceId: workspaceId(),
    teamId: uuid('team_id').notNull(),
    optedOutBy: uuid('opted_out_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.teamId] })],
);

export const competitions = pgTable(
  'competitions',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    teamId: uuid('team_id'),
    measure: text('measure').notNull(), // points | won_amount | won_count | calls | meetings | new_clients
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    target: money('target'),
    prize: text('prize'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('competitions_ws_idx').on(t.workspaceId, t.endsOn)],
);

// ---- Issue 14: email campaigns, recipients, tracking events, suppressions (migration 0048_campaigns.sql) ----

export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    mailboxId: uuid('mailbox_id').notNull(),
    language: text('language').notNull().default('ru'),
    subject: text('subject').notNull(),
    subjectB: text('subject_b'),
    abTestPercent: integer('ab_test_percent').notNull().default(20),
    abTestHours: integer('ab_test_hours').notNull().default(4),
    abWinner: text('ab_winner'),
    preheader: text('preheader'),
    blocks: jsonb('blocks').notNull().default(sql`'[]'::jsonb`),
    audience: jsonb('audience').notNull(),
    status: text('status').notNull().default('draft'),
    startAt: ts('start_at'),
    startedAt: ts('started_at'),
    startedBy: uuid('started_by'),
    testEndsAt: ts('test_ends_at'),
    finishedAt: ts('finished_at'),
    audienceCount: integer('audience_count'),
    expanded: boolean('expanded').notNull().default(false),
    expandCursor: uuid('expand_cursor'),
    leaseUntil: ts('lease_until'),
    lastError: text('last_error'),
    cost: numeric('cost', { precision: 15, scale: 2 }).notNull().default('0'),
    attributionDays: integer('attribution_days').notNull().default(30),
    ...ownership(),
  },
  (t) => [index('campaigns_ws_created_idx').on(t.workspaceId, t.createdAt, t.id)],
);

export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    id: id(),
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    email: text('email'),
    variant: text('variant'),
    status: text('status').notNull().default('pending'),
    skipReason: text('skip_reason'),
    messageId: text('message_id'),
    sentAt: ts('sent_at'),
    failureReason: text('failure_reason'),
    openedAt: ts('opened_at'),
    openCount: integer('open_count').notNull().default(0),
    clickedAt: ts('clicked_at'),
    clickCount: integer('click_count').notNull().default(0),
    unsubscribedAt: ts('unsubscribed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('campaign_recipients_contact_uq').on(t.campaignId, t.contactId), index('campaign_recipients_status_idx').on(t.campaignId, t.status, t.id)],
);

export const campaignEvents = pgTable(
  'campaign_events',
  {
    id: id(),
    workspaceId: workspaceId(),
    campaignId: uuid('campaign_id').notNull(),
    recipientId: uuid('recipient_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    kind: text('kind').notNull(),
    url: text('url'),
    detail: text('detail'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('campaign_events_contact_idx').on(t.workspaceId, t.contactId, t.occurredAt), index('campaign_events_campaign_idx').on(t.campaignId, t.kind)],
);

export const emailSuppressions = pgTable(
  'email_suppressions',
  {
    workspaceId: workspaceId(),
    address: text('address').notNull(),
    reason: text('reason').notNull(),
    campaignId: uuid('campaign_id'),
    contactId: uuid('contact_id'),
    detail: text('detail'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.address] })],
);

export const campaignSendingDomains = pgTable(
  'campaign_sending_domains',
  {
    workspaceId: workspaceId(),
    domain: text('domain').notNull(),
    perMinute: integer('per_minute').notNull(),
    nextSlotAt: ts('next_slot_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.domain] })],
);

// ---------------------------------------------------------------- exchange with 1C, calendar feeds (issue 15)

export const commercemlSessions = pgTable(
  'commerceml_sessions',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    cookieHash: text('cookie_hash').notNull(),
    pendingOrders: jsonb('pending_orders').notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [uniqueIndex('commerceml_sessions_cookie_uq').on(t.cookieHash)],
);

export const commercemlFiles = pgTable(
  'commerceml_files',
  {
    id: id(),
    workspaceId: workspaceId(),
    sessionId: uuid('session_id').notNull().references(() => commercemlSessions.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('commerceml_files_chunk_uq').on(t.sessionId, t.fileName, t.seq)],
);

export const commercemlExchanges = pgTable(
  'commerceml_exchanges',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id'),
    sessionId: uuid('session_id'),
    type: text('type').notNull(),
    mode: text('mode').notNull(),
    fileName: text('file_name'),
    status: text('status').notNull(),
    counts: jsonb('counts').notNull().default(sql`'{}'::jsonb`),
    error: jsonb('error'),
    durationMs: integer('duration_ms').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('commerceml_exchanges_ws_created_idx').on(t.workspaceId, t.createdAt.desc(), t.id.desc())],
);

export const commercemlOrderExports = pgTable('commerceml_order_exports', {
  orderId: uuid('order_id').primaryKey(),
  workspaceId: workspaceId(),
  orderUpdatedAt: ts('order_updated_at').notNull(),
  exportedAt: ts('exported_at').notNull().defaultNow(),
});

export const icalFeeds = pgTable(
  'ical_feeds',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('ical_feeds_user_uq').on(t.userId), uniqueIndex('ical_feeds_token_uq').on(t.tokenHash)],
);

// Micro-campaigns (issue 14, migration 0051, modules/sequences): trigger sequences, their enrolments and history.
export const sequences = pgTable(
  'sequences',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    ownerId: uuid('owner_id'),
    mailboxId: uuid('mailbox_id'),
    triggerKind: text('trigger_kind').notNull(), // purchase | days_since_order | deal_stage | birthday | new_product | manual
    trigger: jsonb('trigger').notNull(),
    steps: jsonb('steps').notNull(),
    reenrolment: text('reenrolment').notNull().default('never'), // never | after_finish
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('sequences_trigger_idx').on(t.workspaceId, t.triggerKind).where(sql`is_active and deleted_at is null`)],
);

export const sequenceEnrolments = pgTable(
  'sequence_enrolments',
  {
    id: id(),
    workspaceId: workspaceId(),
    sequenceId: uuid('sequence_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    status: text('status').notNull().default('running'), // running | finished | stopped
    stepIndex: integer('step_index').notNull().default(0),
    nextRunAt: ts('next_run_at'),
    reason: jsonb('reason').notNull().default({}),
    lastEmailId: uuid('last_email_id'),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    stoppedBy: uuid('stopped_by'),
    stopReason: text('stop_reason'),
  },
  (t) => [
    uniqueIndex('sequence_enrolments_running_uq').on(t.sequenceId, t.contactId).where(sql`status = 'running'`),
    index('sequence_enrolments_contact_idx').on(t.workspaceId, t.contactId, t.enrolledAt),
    index('sequence_enrolments_sequence_idx').on(t.sequenceId, t.contactId),
    index('sequence_enrolments_due_idx').on(t.nextRunAt).where(sql`status = 'running'`),
  ],
);

export const sequenceEvents = pgTable(
  'sequence_events',
  {
    id: id(),
    workspaceId: workspaceId(),
    enrolmentId: uuid('enrolment_id').notNull(),
    sequenceId: uuid('sequence_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    kind: text('kind').notNull(), // enrolled | step | finished | stopped
    stepIndex: integer('step_index'),
    stepKind: text('step_kind'),
    outcome: text('outcome'),
    detail: jsonb('detail').notNull().default({}),
    actorId: uuid('actor_id'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sequence_events_step_uq').on(t.enrolmentId, t.stepIndex).where(sql`kind = 'step'`),
    index('sequence_events_contact_idx').on(t.workspaceId, t.contactId, t.occurredAt),
  ],
);
