// The record an email is written from: its addresses (and its contacts'), the records a sent message
// is linked to, and the values a template's placeholders take.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';

export const emailObjects = ['companies', 'contacts', 'leads', 'deals', 'orders', 'cases'] as const;
export type EmailObject = (typeof emailObjects)[number];

export interface Recipient {
  address: string;
  name: string | null;
  /** Where the address comes from: 'contact', 'company', 'lead'. */
  source: string;
  recordId: string;
}

export interface RecordContext {
  object: EmailObject;
  id: string;
  record: Record<string, unknown>;
  company: Record<string, unknown> | null;
  contact: Record<string, unknown> | null;
  deal: Record<string, unknown> | null;
  lead: Record<string, unknown> | null;
  order: Record<string, unknown> | null;
  /** A service desk case (issue 12) the message is written from. */
  case: Record<string, unknown> | null;
  recipients: Recipient[];
  /** Records a message written from here is linked to (besides those its recipients match). */
  links: { recordType: EmailObject; recordId: string }[];
}

const contactColumns = sql`c.id, c.first_name as "firstName", c.last_name as "lastName", c.middle_name as "middleName", c.position, c.emails, c.company_id as "companyId",
  trim(concat_ws(' ', c.first_name, c.last_name)) as "fullName"`;

async function readable(ctx: Ctx, object: EmailObject, id: string, columns: ReturnType<typeof sql>): Promise<Record<string, unknown> | undefined> {
  const alias = object === 'contacts' ? 'c' : 't';
  return firstRow(ctx.db, sql`select ${columns} from ${sql.raw(`"${object}"`)} ${sql.raw(alias)} where ${accessCondition(ctx.actor, object, 'read', alias)} and ${sql.raw(alias)}.id = ${id}::uuid`);
}

async function contactsOf(db: Db, workspaceId: string, condition: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  return rows(db, sql`select ${contactColumns} from contacts c where c.workspace_id = ${workspaceId} and c.deleted_at is null and (${condition}) order by c.last_name limit 50`);
}

function recipientsOf(list: Record<string, unknown>[], source: string, nameOf: (row: Record<string, unknown>) => string | null): Recipient[] {
  return list.flatMap((row) => ((row.emails as string[]) ?? []).map((address) => ({ address, name: nameOf(row) || null, source, recordId: row.id as string })));
}

/** Loads the record (404 unless the actor reads it) and what an email from it needs. */
export async function loadRecordContext(ctx: Ctx, object: string, id: string): Promise<RecordContext> {
  if (!(emailObjects as readonly string[]).includes(object)) throw invalid('object', `must be one of ${emailObjects.join(', ')}`);
  const obj = object as EmailObject;
  if (!isUuid(id)) throw notFound(obj, id);
  const ws = ctx.actor.workspaceId;
  const columnsFor: Record<EmailObject, ReturnType<typeof sql>> = {
    companies: sql`t.id, t.name, t.inn, t.city, t.emails`,
    contacts: contactColumns,
    leads: sql`t.id, t.title, t.first_name as "firstName", t.last_name as "lastName", t.company_name as "companyName", t.emails, t.amount, t.currency, trim(concat_ws(' ', t.first_name, t.last_name)) as "fullName"`,
    deals: sql`t.id, t.title, t.amount, t.currency, t.expected_close_date as "expectedCloseDate", t.company_id as "companyId", t.contact_id as "contactId"`,
    orders: sql`t.id, t.number, t.total, t.currency, t.ordered_at as "orderedAt", t.company_id as "companyId", t.contact_id as "contactId", t.deal_id as "dealId"`,
    cases: sql`t.id, t.number, t.subject, t.company_id as "companyId", t.contact_id as "contactId", t.requester_email as "requesterEmail"`,
  };
  const record = await readable(ctx, obj, id, columnsFor[obj]);
  if (!record) throw notFound(obj.replace(/s$/, '').replace(/ie$/, 'y'), id);
  const context: RecordContext = { object: obj, id, record, company: null, contact: null, deal: null, lead: null, order: null, case: null, recipients: [], links: [{ recordType: obj, recordId: id }] };
  const companyById = (companyId: unknown) =>
    companyId ? firstRow(ctx.db, sql`select id, name, inn, city, emails from companies where workspace_id = ${ws} and id = ${companyId as string}::uuid and deleted_at is null`) : Promise.resolve(undefined);
  let contacts: Record<string, unknown>[] = [];
  if (obj === 'companies') {
    context.company = record;
    contacts = await contactsOf(ctx.db, ws, sql`c.company_id = ${id}::uuid or c.id in (select contact_id from contact_companies where workspace_id = ${ws} and company_id = ${id}::uuid)`);
    context.contact = contacts[0] ?? null;
  } else if (obj === 'contacts') {
    context.contact = record;
    contacts = [record];
    context.company = (await companyById(record.companyId)) ?? null;
    if (context.company) context.links.push({ recordType: 'companies', recordId: context.company.id as string });
  } else if (obj === 'leads') {
    context.lead = record;
    context.contact = { firstName: record.firstName, lastName: record.lastName, fullName: record.fullName };
    context.company = record.companyName ? { name: record.companyName } : null;
    context.recipients = recipientsOf([record], 'lead', (row) => (row.fullName as string) || (row.title as string));
  } else if (obj === 'deals' || obj === 'orders') {
    if (obj === 'deals') context.deal = record;
    else {
      context.order = record;
      if (record.dealId) context.deal = (await firstRow(ctx.db, sql`select id, title, amount, currency, expected_close_date as "expectedCloseDate" from deals where workspace_id = ${ws} and id = ${record.dealId as string}::uuid and deleted_at is null`)) ?? null;
    }
    context.company = (await companyById(record.companyId)) ?? null;
    if (context.company) context.links.push({ recordType: 'companies', recordId: context.company.id as string });
    const dealId = obj === 'deals' ? id : (record.dealId as string | null);
    contacts = await contactsOf(
      ctx.db,
      ws,
      sql`c.id = ${(record.contactId as string | null) ?? null}::uuid ${dealId ? sql`or c.id in (select contact_id from deal_contacts where deal_id = ${dealId}::uuid)` : sql``}`,
    );
    context.contact = contacts.find((row) => row.id === record.contactId) ?? contacts[0] ?? null;
  } else if (obj === 'cases') {
    // The requester's address first (the customer who wrote), then the case's contact and company.
    context.case = record;
    context.company = (await companyById(record.companyId)) ?? null;
    if (context.company) context.links.push({ recordType: 'companies', recordId: context.company.id as string });
    contacts = record.contactId ? await contactsOf(ctx.db, ws, sql`c.id = ${record.contactId as string}::uuid`) : [];
    context.contact = contacts[0] ?? null;
    if (context.contact) context.links.push({ recordType: 'contacts', recordId: context.contact.id as string });
    if (record.requesterEmail) context.recipients = [{ address: record.requesterEmail as string, name: (context.contact?.fullName as string) || null, source: 'case', recordId: id }];
  }
  const own = recipientsOf(contacts, 'contact', (row) => row.fullName as string);
  context.recipients = [...(obj === 'cases' ? [...context.recipients, ...own] : [...own, ...context.recipients]), ...(context.company?.emails ? recipientsOf([context.company], 'company', (row) => row.name as string) : [])];
  // One suggestion per address, contacts first.
  const seen = new Set<string>();
  context.recipients = context.recipients.filter((recipient) => !seen.has(recipient.address) && seen.add(recipient.address));
  return context;
}
