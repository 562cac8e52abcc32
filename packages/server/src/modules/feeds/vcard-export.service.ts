// Contacts as a .vcf: a list's selection (its filters, or filter[id][in]=...) or every contact the
// actor may read and export, read page by page through the export path (modules/exports), so rights
// are those of any export and nothing is held whole.
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { planExport } from '../exports/export-rows.js';
import { vcardOf, type VCardContact, type VCardVersion } from './vcard-format.js';

const FIELDS = 'firstName,lastName,middleName,fullName,position,phones,emails,birthday,city,companyId,updatedAt';

export async function exportContactsVcf(ctx: Ctx, query: Record<string, unknown>): Promise<{ version: VCardVersion; body: AsyncGenerator<string> }> {
  const { version: asked, ...listQuery } = query;
  const version = asked === undefined || asked === '' || asked === '4.0' || asked === '4' ? '4.0' : asked === '3.0' || asked === '3' ? '3.0' : null;
  if (!version) throw invalid('version', 'must be 4.0 or 3.0');
  const plan = await planExport(ctx, contactDefinition, { ...listQuery, fields: FIELDS });
  async function* cards(): AsyncGenerator<string> {
    for await (const page of plan.pages()) {
      const companyIds = Array.from(new Set(page.map((row) => row.companyId as string | null).filter((id): id is string => Boolean(id))));
      const companies = companyIds.length
        ? await rows<{ id: string; name: string }>(ctx.db, sql`select c.id, c.name from companies c where ${accessCondition(ctx.actor, 'companies', 'read', 'c')} and c.id = any(${pgArrayLiteral(companyIds)}::uuid[])`)
        : [];
      const nameOf = new Map(companies.map((company) => [company.id, company.name]));
      yield page.map((row) => vcardOf({ ...(row as unknown as VCardContact), companyName: nameOf.get(row.companyId as string) ?? null }, version!)).join('');
    }
  }
  return { version, body: cards() };
}
