// What the report builder may read: the sources (the record engine's object definitions, plus order
// lines, whose rights are their order's), the to-one links a report may join through (deal → company),
// and how an id field is shown as a name (owner → user, stage → stage name in pipeline order).
// Only to-one links are offered, so a join never multiplies the rows a measure counts.
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { accessCondition, type OwnedObject } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import type { FieldSpec, ObjectDefinition } from '../../core/records/definition.js';
import { activityDefinition } from '../activities/activities.definition.js';
import { caseDefinition } from '../cases/cases.definition.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { dealDefinition } from '../deals/deals.definition.js';
import { leadDefinition } from '../leads/leads.definition.js';
import { orderDefinition } from '../orders/orders.definition.js';
import { productDefinition } from '../products/products.definition.js';
import { taskDefinition } from '../tasks/tasks.definition.js';

export const reportSources = ['companies', 'contacts', 'leads', 'deals', 'activities', 'tasks', 'orders', 'orderLines', 'cases'] as const;
export type ReportSource = (typeof reportSources)[number];
/** Objects a link may lead to (every source, and products). */
export type ReportObjectKey = ReportSource | 'products';

export interface ReportLink {
  target: ReportObjectKey;
  /** The join condition between the object (alias `from`) and the target (alias `to`). */
  on: (from: string, to: string) => SQL;
  /** The id field of the object this link follows, when it is one (its group labels are the target's names). */
  field?: string;
  /** Always joined with an inner join (order lines exist only through their order). */
  required?: boolean;
}

export interface ReportObject {
  key: ReportObjectKey;
  /** Whose rights apply: the object's own, or (order lines) the parent's. */
  permission: OwnedObject;
  definition: ObjectDefinition;
  links: Record<string, ReportLink>;
  /** Rows of this object the actor may read (order lines: the workspace only; the required order join carries the rights). */
  access: (actor: Actor, alias: string) => SQL;
  /** The date field a new report on this source buckets by. */
  defaultDate: string;
}

const col = (alias: string, name: string) => sql.raw(`"${alias}"."${name}"`);
const fk = (column: string) => (from: string, to: string) => sql`${col(to, 'id')} = ${col(from, column)}`;
const polymorphic = (type: string) => (from: string, to: string) => sql`${col(from, 'record_type')} = ${type} and ${col(to, 'id')} = ${col(from, 'record_id')}`;
const owned = (object: OwnedObject) => (actor: Actor, alias: string) => accessCondition(actor, object, 'read', alias);

const orderLineDefinition: ObjectDefinition = {
  object: 'orders',
  recordType: 'order_line',
  table: 'order_lines',
  defaultSort: 'id',
  createSchema: z.never(),
  updateSchema: z.never(),
  displayName: (alias) => sql`(select p.name from products p where p.id = ${col(alias, 'product_id')})`,
  fields: {
    id: { column: 'id', type: 'uuid', readOnly: true, sortable: true },
    orderId: { column: 'order_id', type: 'uuid' },
    productId: { column: 'product_id', type: 'uuid' },
    quantity: { column: 'quantity', type: 'decimal' },
    price: { column: 'price', type: 'decimal' },
    discountPercent: { column: 'discount_percent', type: 'decimal' },
    amount: { column: 'amount', type: 'decimal' },
  },
};

const recordLinks = {
  deal: { target: 'deals', on: polymorphic('deal') },
  company: { target: 'companies', on: polymorphic('company') },
  contact: { target: 'contacts', on: polymorphic('contact') },
  lead: { target: 'leads', on: polymorphic('lead') },
  case: { target: 'cases', on: polymorphic('case') },
} satisfies Record<string, ReportLink>;

export const reportObjects: Record<ReportObjectKey, ReportObject> = {
  companies: { key: 'companies', permission: 'companies', definition: companyDefinition, links: {}, access: owned('companies'), defaultDate: 'createdAt' },
  contacts: {
    key: 'contacts',
    permission: 'contacts',
    definition: contactDefinition,
    links: { company: { target: 'companies', on: fk('company_id'), field: 'companyId' } },
    access: owned('contacts'),
    defaultDate: 'createdAt',
  },
  leads: {
    key: 'leads',
    permission: 'leads',
    definition: leadDefinition,
    links: {
      convertedCompany: { target: 'companies', on: fk('converted_company_id'), field: 'convertedCompanyId' },
      convertedContact: { target: 'contacts', on: fk('converted_contact_id'), field: 'convertedContactId' },
      convertedDeal: { target: 'deals', on: fk('converted_deal_id'), field: 'convertedDealId' },
    },
    access: owned('leads'),
    defaultDate: 'createdAt',
  },
  deals: {
    key: 'deals',
    permission: 'deals',
    definition: dealDefinition,
    links: {
      company: { target: 'companies', on: fk('company_id'), field: 'companyId' },
      contact: { target: 'contacts', on: fk('contact_id'), field: 'contactId' },
      lead: { target: 'leads', on: fk('lead_id'), field: 'leadId' },
    },
    access: owned('deals'),
    defaultDate: 'createdAt',
  },
  activities: { key: 'activities', permission: 'activities', definition: activityDefinition, links: recordLinks, access: owned('activities'), defaultDate: 'occurredAt' },
  tasks: { key: 'tasks', permission: 'tasks', definition: taskDefinition, links: recordLinks, access: owned('tasks'), defaultDate: 'dueAt' },
  orders: {
    key: 'orders',
    permission: 'orders',
    definition: orderDefinition,
    links: {
      company: { target: 'companies', on: fk('company_id'), field: 'companyId' },
      contact: { target: 'contacts', on: fk('contact_id'), field: 'contactId' },
      deal: { target: 'deals', on: fk('deal_id'), field: 'dealId' },
    },
    access: owned('orders'),
    defaultDate: 'orderedAt',
  },
  orderLines: {
    key: 'orderLines',
    permission: 'orders',
    definition: orderLineDefinition,
    links: {
      order: { target: 'orders', on: fk('order_id'), field: 'orderId', required: true },
      product: { target: 'products', on: fk('product_id'), field: 'productId' },
    },
    access: (actor, alias) => sql`${col(alias, 'workspace_id')} = ${actor.workspaceId}`,
    defaultDate: 'order.orderedAt',
  },
  cases: {
    key: 'cases',
    permission: 'cases',
    definition: caseDefinition,
    links: {
      company: { target: 'companies', on: fk('company_id'), field: 'companyId' },
      contact: { target: 'contacts', on: fk('contact_id'), field: 'contactId' },
      order: { target: 'orders', on: fk('order_id'), field: 'orderId' },
      product: { target: 'products', on: fk('product_id'), field: 'productId' },
    },
    access: owned('cases'),
    defaultDate: 'createdAt',
  },
  products: { key: 'products', permission: 'products', definition: productDefinition, links: {}, access: owned('products'), defaultDate: 'createdAt' },
};

/** How an id field that is not a report link is shown: its name, and the order its groups come in. */
export interface Lookup {
  label: (id: SQL) => SQL;
  order: (id: SQL) => SQL;
}
const named = (table: string): Lookup => ({
  label: (id) => sql`(select x.name from ${sql.raw(table)} x where x.id = ${id})`,
  order: (id) => sql`(select x.name from ${sql.raw(table)} x where x.id = ${id}) collate "und-x-icu"`,
});
export const fieldLookups: Record<string, Lookup> = {
  ownerId: named('users'),
  createdBy: named('users'),
  teamId: named('teams'),
  pipelineId: named('pipelines'),
  stageId: {
    label: (id) => sql`(select x.name from stages x where x.id = ${id})`,
    order: (id) => sql`(select x.position from stages x where x.id = ${id})`,
  },
  queueId: named('case_queues'),
};

/** Field types a report may group by, and those each measure accepts. */
export const groupableTypes: FieldSpec['type'][] = ['text', 'integer', 'decimal', 'date', 'timestamp', 'boolean', 'uuid'];
export const numericTypes: FieldSpec['type'][] = ['integer', 'decimal'];
export const orderedTypes: FieldSpec['type'][] = ['integer', 'decimal', 'date', 'timestamp'];
