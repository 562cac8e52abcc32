// Activities and tasks link to any record by (recordType, recordId). A link is only accepted to a
// record the actor can read, so nobody learns of a record through a link they could not open.
import { sql } from 'drizzle-orm';
import { firstRow, type Db } from '../../db/client.js';
import { accessCondition, type OwnedObject } from '../access.js';
import type { Ctx } from '../context.js';
import { invalid } from '../errors.js';

export const linkableTables: Record<string, { object: OwnedObject; table: string }> = {
  company: { object: 'companies', table: 'companies' },
  contact: { object: 'contacts', table: 'contacts' },
  lead: { object: 'leads', table: 'leads' },
  deal: { object: 'deals', table: 'deals' },
  order: { object: 'orders', table: 'orders' },
  task: { object: 'tasks', table: 'tasks' },
  activity: { object: 'activities', table: 'activities' },
  product: { object: 'products', table: 'products' },
  case: { object: 'cases', table: 'cases' },
  service_contract: { object: 'service_contracts', table: 'service_contracts' },
};

/** Validates a (recordType, recordId) pair on create/update; both or neither must be given. */
export async function assertLinkedRecordVisible(ctx: Ctx, tx: Db, values: Record<string, unknown>, existing: Record<string, unknown> | null): Promise<void> {
  const recordType = (values.recordType !== undefined ? values.recordType : existing?.recordType) as string | null | undefined;
  const recordId = (values.recordId !== undefined ? values.recordId : existing?.recordId) as string | null | undefined;
  if (values.recordType === undefined && values.recordId === undefined) return;
  if (!recordType && !recordId) return;
  if (!recordType) throw invalid('recordType', 'is required with recordId');
  if (!recordId) throw invalid('recordId', 'is required with recordType');
  if (!linkableTables[recordType]) throw invalid('recordType', `cannot link to "${recordType}"`);
  await assertRecordVisible(ctx, tx, recordType, recordId, 'recordId');
}

/** A reference field (an order's companyId, dealId…) must name a record the actor can read; `field` is named otherwise. */
export async function assertRecordVisible(ctx: Ctx, tx: Db, recordType: string, recordId: string, field: string): Promise<void> {
  const target = linkableTables[recordType];
  const found = await firstRow(tx, sql`select 1 as found from ${sql.raw(`"${target.table}"`)} r where ${accessCondition(ctx.actor, target.object, 'read', 'r')} and r.id = ${recordId}::uuid`);
  if (!found) throw invalid(field, `is not a ${recordType} you can see`);
}
