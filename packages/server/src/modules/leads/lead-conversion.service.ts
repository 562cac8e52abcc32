// Converting a lead: company, contact and deal (each created from the lead's data or an existing one
// linked) in ONE transaction through the record engine, so access rights, validation, duplicate
// warnings, hooks and audit apply as for any create; the lead is marked converted and audited
// 'convert'. Any failure (e.g. a deal stage of another pipeline) leaves nothing behind.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { dealCreateSchema } from '@svyaz/shared';
import { firstRow, type Db } from '../../db/client.js';
import { permissionLevel, requirePermission, type OwnedObject } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import type { ObjectDefinition, Values } from '../../core/records/definition.js';
import { applyUpdate, createRecordInTransaction, findRecord } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { dealDefinition } from '../deals/deals.definition.js';
import { leadDefinition } from './leads.definition.js';

const uuid = z.uuid({ message: 'must be a UUID' });

export const leadConvertSchema = z.strictObject({
  createCompany: z.boolean().optional(),
  companyId: uuid.optional(),
  createContact: z.boolean().optional(),
  contactId: uuid.optional(),
  createDeal: z.boolean().optional(),
  deal: dealCreateSchema.pick({ title: true, amount: true, pipelineId: true, stageId: true }).partial().optional(),
});

export interface Conversion {
  lead: Values;
  company: Values | null;
  contact: Values | null;
  deal: Values | null;
}

export async function convertLead(ctx: Ctx, id: string, body: unknown, options: { force?: boolean } = {}): Promise<Conversion> {
  requirePermission(ctx.actor, 'leads', 'update');
  const input = parseBody(leadConvertSchema, body ?? {});
  if (input.createCompany && input.companyId) throw invalid('companyId', 'give either companyId or createCompany, not both');
  if (input.createContact && input.contactId) throw invalid('contactId', 'give either contactId or createContact, not both');
  if (input.createDeal === false && input.deal) throw invalid('deal', 'is given but createDeal is false');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const txCtx = { ...ctx, db: tx };
    const lead = await loadLeadForConversion(txCtx, id);
    const create = { force: options.force };
    const ownerId = (object: OwnedObject) => assignableOwner(ctx, object, lead);

    let company: Values | null = null;
    if (input.companyId) company = await findLinked(txCtx, companyDefinition, input.companyId, 'companyId');
    else if (input.createCompany ?? Boolean(lead.companyName)) {
      const withContactPoints = input.createContact === false || (!input.contactId && !lead.lastName && !lead.firstName);
      company = await createRecordInTransaction(txCtx, tx, companyDefinition, compact({
        name: lead.companyName ?? lead.title,
        inn: lead.inn,
        city: lead.city,
        source: lead.source,
        phones: withContactPoints ? lead.phones : undefined,
        emails: withContactPoints ? lead.emails : undefined,
        ownerId: ownerId('companies'),
      }), { ...create, prefix: 'company.' });
    }

    let contact: Values | null = null;
    if (input.contactId) contact = await findLinked(txCtx, contactDefinition, input.contactId, 'contactId');
    else if (input.createContact ?? Boolean(lead.lastName || lead.firstName)) {
      if (!lead.lastName && !lead.firstName) throw invalid('createContact', 'the lead has no person’s name; fill in lastName first or pass contactId');
      contact = await createRecordInTransaction(txCtx, tx, contactDefinition, compact({
        lastName: lead.lastName ?? lead.firstName,
        firstName: lead.lastName ? lead.firstName : undefined,
        position: lead.position,
        phones: lead.phones,
        emails: lead.emails,
        city: lead.city,
        source: lead.source,
        companyId: company?.id,
        ownerId: ownerId('contacts'),
      }), { ...create, prefix: 'contact.' });
    }

    let deal: Values | null = null;
    if (input.createDeal !== false) {
      deal = await createRecordInTransaction(txCtx, tx, dealDefinition, compact({
        title: input.deal?.title ?? lead.title,
        amount: input.deal?.amount ?? lead.amount,
        currency: lead.currency,
        pipelineId: input.deal?.pipelineId,
        stageId: input.deal?.stageId,
        companyId: company?.id,
        contactId: contact?.id,
        source: lead.source,
        ownerId: ownerId('deals'),
      }), { ...create, prefix: 'deal.', preset: { leadId: lead.id } });
    }
    if (!company && !contact && !deal) throw invalid('(body)', 'nothing to convert into: create or link a company, a contact or a deal');

    const now = await firstRow<{ now: string }>(tx, sql`select now() as now`);
    const converted = await applyUpdate(
      ctx,
      tx,
      leadDefinition,
      id,
      { status: 'converted', convertedAt: now!.now, convertedCompanyId: company?.id ?? null, convertedContactId: contact?.id ?? null, convertedDealId: deal?.id ?? null },
      { force: true, audit: { action: 'convert', meta: { companyId: company?.id ?? null, contactId: contact?.id ?? null, dealId: deal?.id ?? null, createdCompany: Boolean(company && !input.companyId), createdContact: Boolean(contact && !input.contactId) } } },
    );
    return { lead: converted, company, contact, deal };
  });
}

/** The lead, locked: 404 when invisible, 403 when read-only, 409 when already converted. */
async function loadLeadForConversion(ctx: Ctx, id: string): Promise<Values> {
  const lead = await findRecord(ctx, leadDefinition, id, 'update', { forUpdate: true });
  if (!lead) {
    if (await findRecord(ctx, leadDefinition, id, 'read')) throw new AppError('FORBIDDEN', { message: 'You may not convert this lead', details: { id } });
    throw notFound('lead', id);
  }
  if (lead.status === 'converted' || lead.convertedAt) {
    throw new AppError('CONFLICT', { message: 'This lead is already converted', details: { id, dealId: lead.convertedDealId, contactId: lead.convertedContactId, companyId: lead.convertedCompanyId } });
  }
  return lead;
}

async function findLinked(ctx: Ctx, definition: ObjectDefinition, id: string, field: string): Promise<Values> {
  requirePermission(ctx.actor, definition.object, 'read');
  const record = await findRecord(ctx, definition, id, 'read');
  if (!record) throw invalid(field, `is not a ${definition.recordType} you can see`);
  return record;
}

/** New records stay with the lead's owner when the actor may assign them so; otherwise the actor owns them. */
function assignableOwner(ctx: Ctx, object: OwnedObject, lead: Values): string | undefined {
  const owner = lead.ownerId as string | null;
  if (!owner) return undefined;
  const level = permissionLevel(ctx.actor, object, 'create');
  if (level === 'all' || owner === ctx.actor.userId) return owner;
  if (level === 'team' && lead.teamId && ctx.actor.teamScope.includes(lead.teamId as string)) return owner;
  return undefined;
}

/** Drops null/undefined and empty arrays so the create schemas see only what the lead has. */
function compact(values: Values): Values {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)));
}
