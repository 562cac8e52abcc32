// Which links point at a record of each object, and how a merge moves them to the survivor.
// Every moved owned record gets an 'update' audit event naming the merge.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import type { Actor } from '../../core/context.js';
import { recordAudit } from '../../core/audit.js';
import type { OwnedObject } from '../../core/access.js';

interface ColumnLink {
  table: string;
  column: string;
  recordType: string;
  field: string;
}

interface PairLink {
  table: 'contact_companies' | 'deal_contacts';
  /** The column holding the merged record's id; `other` is the rest of the primary key. */
  column: string;
  other: string;
  extra: string[];
}

/** Activities and tasks attach to any record by record_id (ids are unique across tables). */
const attached: ColumnLink[] = [
  { table: 'activities', column: 'record_id', recordType: 'activity', field: 'recordId' },
  { table: 'tasks', column: 'record_id', recordType: 'task', field: 'recordId' },
];

const columnLinks: Partial<Record<OwnedObject, ColumnLink[]>> = {
  companies: [
    { table: 'contacts', column: 'company_id', recordType: 'contact', field: 'companyId' },
    { table: 'deals', column: 'company_id', recordType: 'deal', field: 'companyId' },
    { table: 'orders', column: 'company_id', recordType: 'order', field: 'companyId' },
    { table: 'leads', column: 'converted_company_id', recordType: 'lead', field: 'convertedCompanyId' },
    ...attached,
  ],
  contacts: [
    { table: 'deals', column: 'contact_id', recordType: 'deal', field: 'contactId' },
    { table: 'orders', column: 'contact_id', recordType: 'order', field: 'contactId' },
    { table: 'leads', column: 'converted_contact_id', recordType: 'lead', field: 'convertedContactId' },
    ...attached,
  ],
  leads: [{ table: 'deals', column: 'lead_id', recordType: 'deal', field: 'leadId' }, ...attached],
  deals: [
    { table: 'orders', column: 'deal_id', recordType: 'order', field: 'dealId' },
    { table: 'leads', column: 'converted_deal_id', recordType: 'lead', field: 'convertedDealId' },
    ...attached,
  ],
};

const pairLinks: Partial<Record<OwnedObject, PairLink[]>> = {
  companies: [{ table: 'contact_companies', column: 'company_id', other: 'contact_id', extra: ['role', 'created_at'] }],
  contacts: [
    { table: 'contact_companies', column: 'contact_id', other: 'company_id', extra: ['role', 'created_at'] },
    { table: 'deal_contacts', column: 'contact_id', other: 'deal_id', extra: ['role'] },
  ],
  deals: [{ table: 'deal_contacts', column: 'deal_id', other: 'contact_id', extra: ['role'] }],
};

/** Moves every link from mergedId to survivorId; returns how many rows of each kind moved. */
export async function moveLinks(tx: Db, actor: Actor, object: OwnedObject, survivorId: string, mergedId: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  const meta = { merge: { survivorId, mergedId } };
  for (const link of columnLinks[object] ?? []) {
    const changed = await rows<{ id: string }>(
      tx,
      sql`update ${sql.raw(`"${link.table}"`)} set ${sql.raw(`"${link.column}"`)} = ${survivorId}::uuid, updated_at = now()
          where workspace_id = ${actor.workspaceId} and ${sql.raw(`"${link.column}"`)} = ${mergedId}::uuid returning id::text as id`,
    );
    if (changed.length === 0) continue;
    const key = `${link.table}.${link.field}`;
    moved[key] = changed.length;
    await recordAudit(
      tx,
      actor,
      changed.map((row) => ({ recordType: link.recordType, recordId: row.id, action: 'update' as const, changes: { [link.field]: { from: mergedId, to: survivorId } }, meta })),
    );
  }
  if (object === 'deals') {
    const products = await rows<{ id: string }>(tx, sql`update deal_products set deal_id = ${survivorId}::uuid where workspace_id = ${actor.workspaceId} and deal_id = ${mergedId}::uuid returning id::text as id`);
    if (products.length) moved['deal_products'] = products.length;
  }
  for (const link of pairLinks[object] ?? []) {
    const columns = ['workspace_id', link.other, ...link.extra];
    const list = sql.raw(columns.map((column) => `"${column}"`).join(', '));
    const inserted = await rows<{ n: number }>(
      tx,
      sql`with moved as (
            insert into ${sql.raw(`"${link.table}"`)} (${sql.raw(`"${link.column}"`)}, ${list})
            select ${survivorId}::uuid, ${list} from ${sql.raw(`"${link.table}"`)} where ${sql.raw(`"${link.column}"`)} = ${mergedId}::uuid
            on conflict do nothing returning 1)
          select count(*)::int as n from moved`,
    );
    await tx.execute(sql`delete from ${sql.raw(`"${link.table}"`)} where ${sql.raw(`"${link.column}"`)} = ${mergedId}::uuid`);
    if (inserted[0].n) moved[`${link.table}.${link.column}`] = inserted[0].n;
  }
  return moved;
}
