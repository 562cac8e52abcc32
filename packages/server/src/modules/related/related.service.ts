// Related lists (a company's contacts, deals, orders, tasks, activities; a contact's deals, orders,
// tasks, activities, companies) through the record engine's listRecords with one extra condition, so
// filters, sort, keyset paging, field selection, counts and access rights all apply as on the main list.
import { sql, type SQL } from 'drizzle-orm';
import { firstRow } from '../../db/client.js';
import { accessCondition, requirePermission, type OwnedObject } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { ALIAS, isUuid, listRecords, type ListResult } from '../../core/records/record-service.js';

export type ParentObject = 'companies' | 'contacts';

/** The condition on the child list (alias t) selecting rows related to the parent. */
type Relation = (workspaceId: string, parentId: string) => SQL;

const t = (column: string) => sql.raw(`"${ALIAS}"."${column}"`);
const attached: Relation = (_workspaceId, parentId) => sql`${t('record_id')} = ${parentId}::uuid`;

// One IN (…) per relation (a semi-join on the primary key), never OR across different indexes.
export const relations: Record<ParentObject, Partial<Record<OwnedObject, Relation>>> = {
  companies: {
    contacts: (ws, id) => sql`${t('id')} in (select cc.contact_id from contact_companies cc where cc.workspace_id = ${ws} and cc.company_id = ${id}::uuid
      union all select c.id from contacts c where c.workspace_id = ${ws} and c.company_id = ${id}::uuid)`,
    deals: (ws, id) => sql`${t('company_id')} = ${id}::uuid`,
    orders: (ws, id) => sql`${t('company_id')} = ${id}::uuid`,
    cases: (ws, id) => sql`${t('company_id')} = ${id}::uuid`,
    service_contracts: (ws, id) => sql`${t('company_id')} = ${id}::uuid`,
    tasks: attached,
    activities: attached,
  },
  contacts: {
    deals: (ws, id) => sql`${t('id')} in (select dc.deal_id from deal_contacts dc where dc.workspace_id = ${ws} and dc.contact_id = ${id}::uuid
      union all select d.id from deals d where d.workspace_id = ${ws} and d.contact_id = ${id}::uuid)`,
    orders: (ws, id) => sql`${t('contact_id')} = ${id}::uuid`,
    cases: (ws, id) => sql`${t('contact_id')} = ${id}::uuid`,
    service_contracts: (ws, id) => sql`${t('contact_id')} = ${id}::uuid`,
    tasks: attached,
    activities: attached,
    companies: (ws, id) => sql`${t('id')} in (select cc.company_id from contact_companies cc where cc.workspace_id = ${ws} and cc.contact_id = ${id}::uuid
      union all select c.company_id from contacts c where c.workspace_id = ${ws} and c.id = ${id}::uuid)`,
  },
};

const recordTypes: Record<ParentObject, string> = { companies: 'company', contacts: 'contact' };

export async function listRelated(ctx: Ctx, parent: ParentObject, parentId: string, child: ObjectDefinition, query: Record<string, unknown>): Promise<ListResult> {
  const relation = relations[parent][child.object];
  if (!relation) throw notFound('list', `${parent}/${child.object}`);
  requirePermission(ctx.actor, parent, 'read');
  if (!isUuid(parentId)) throw notFound(recordTypes[parent], parentId);
  const visible = await firstRow(ctx.db, sql`select 1 as ok from ${sql.raw(`"${parent}"`)} p where ${accessCondition(ctx.actor, parent, 'read', 'p')} and p.id = ${parentId}::uuid`);
  if (!visible) throw notFound(recordTypes[parent], parentId);
  return listRecords(ctx, child, query, [relation(ctx.actor.workspaceId, parentId)]);
}
