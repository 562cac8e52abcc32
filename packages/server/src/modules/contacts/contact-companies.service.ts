// A contact may work for several companies, each with a role; contacts.company_id is the primary one.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { applyUpdate, findRecord } from '../../core/records/record-service.js';
import { contactDefinition } from './contacts.definition.js';
import { companyDefinition } from '../companies/companies.definition.js';

export const companyLinkSchema = z.strictObject({
  companyId: z.uuid({ message: 'must be a UUID' }),
  role: z.string().trim().max(100).nullable().optional(),
  primary: z.boolean().optional(),
});

export async function listContactCompanies(ctx: Ctx, contactId: string) {
  if (!(await findRecord(ctx, contactDefinition, contactId))) throw notFound('contact', contactId);
  return rows(
    ctx.db,
    sql`select c.id, c.name, c.inn, c.city, cc.role, (c.id = ct.company_id) as "isPrimary"
        from contact_companies cc join companies c on c.id = cc.company_id join contacts ct on ct.id = cc.contact_id
        where cc.contact_id = ${contactId} and ${accessCondition(ctx.actor, 'companies', 'read', 'c')}
        order by (c.id = ct.company_id) desc, c.name collate "und-x-icu"`,
  );
}

export async function linkContactToCompany(ctx: Ctx, contactId: string, body: unknown) {
  const input = parseBody(companyLinkSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const txCtx = { ...ctx, db: tx };
    if (!(await findRecord(txCtx, contactDefinition, contactId, 'update'))) throw notFound('contact', contactId);
    if (!(await findRecord(txCtx, companyDefinition, input.companyId))) throw invalid('companyId', 'is not a company you can see');
    await tx.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id, role) values (${ctx.actor.workspaceId}, ${contactId}, ${input.companyId}, ${input.role ?? null})
      on conflict (contact_id, company_id) do update set role = excluded.role`);
    if (input.primary) await applyUpdate(ctx, tx, contactDefinition, contactId, { companyId: input.companyId });
    await recordAudit(tx, ctx.actor, [{ recordType: 'contact', recordId: contactId, action: 'update', changes: { companies: { from: null, to: { companyId: input.companyId, role: input.role ?? null } } } }]);
    return listContactCompanies(txCtx, contactId);
  });
}

export async function unlinkContactFromCompany(ctx: Ctx, contactId: string, companyId: string) {
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const txCtx = { ...ctx, db: tx };
    const contact = await findRecord(txCtx, contactDefinition, contactId, 'update');
    if (!contact) throw notFound('contact', contactId);
    const link = await firstRow(tx, sql`delete from contact_companies where contact_id = ${contactId} and company_id = ${companyId}::uuid returning company_id`);
    if (!link) throw notFound('company link', companyId);
    if (contact.companyId === companyId) await applyUpdate(ctx, tx, contactDefinition, contactId, { companyId: null });
    await recordAudit(tx, ctx.actor, [{ recordType: 'contact', recordId: contactId, action: 'update', changes: { companies: { from: { companyId }, to: null } } }]);
    return listContactCompanies(txCtx, contactId);
  });
}
