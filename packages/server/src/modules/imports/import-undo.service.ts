// Undo of an import: records it created are soft-deleted (restorable like any deletion), records it
// updated get back the values their audit events recorded before the import (an order its lines too),
// each with an audit event.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { paramFor } from '../../core/records/record-service.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { dealDefinition } from '../deals/deals.definition.js';
import { leadDefinition } from '../leads/leads.definition.js';
import { productDefinition } from '../products/products.definition.js';
import { orderDefinition } from '../orders/orders.definition.js';
import { activityDefinition } from '../activities/activities.definition.js';
import { replaceOrderLines } from '../orders/orders.service.js';
import { findImportJob } from './import-jobs.repo.js';
import { getImport } from './imports.service.js';

const byType: Record<string, ObjectDefinition> = {
  contact: contactDefinition,
  company: companyDefinition,
  deal: dealDefinition,
  lead: leadDefinition,
  product: productDefinition,
  order: orderDefinition,
  activity: activityDefinition,
};

export async function undoImport(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  const job = await findImportJob(ctx.db, ctx.actor, id);
  if (job.status !== 'done' && job.status !== 'failed') throw new AppError('CONFLICT', { message: `Only a finished or stopped import can be undone (this one is ${job.status})`, details: { status: job.status } });
  await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await tx.execute(sql`select id from import_jobs where id = ${id} for update`);
    let removed = 0;
    let restored = 0;
    for (const [recordType, definition] of Object.entries(byType)) {
      const table = sql.raw(`"${definition.table}"`);
      const created = await rows<{ id: string }>(
        tx,
        sql`update ${table} t set deleted_at = now(), updated_at = now() from import_records r
            where r.import_id = ${id} and r.record_type = ${recordType} and r.action = 'created' and t.id = r.record_id and t.deleted_at is null returning t.id`,
      );
      await recordAudit(tx, ctx.actor, created.map((record) => ({ recordType, recordId: record.id, action: 'delete' as const, meta: { undoImport: id } })));
      removed += created.length;
      restored += await restoreUpdated(ctx, tx, definition, recordType, id);
    }
    await tx.execute(sql`update import_jobs set status = 'undone', updated_at = now(), options = options || ${JSON.stringify({ undo: { removed, restored } })}::jsonb where id = ${id}`);
  });
  return getImport(ctx, id);
}

/** Puts back, field by field, the "from" value of the first of the import's update events of every record it updated. */
async function restoreUpdated(ctx: Ctx, tx: Db, definition: ObjectDefinition, recordType: string, importId: string): Promise<number> {
  const events = await rows<{ recordId: string; changes: Record<string, { from: unknown; to: unknown }> }>(
    tx,
    sql`select a.record_id as "recordId", a.changes from import_records r
        join audit_events a on a.workspace_id = ${ctx.actor.workspaceId} and a.record_id = r.record_id and a.action = 'update' and a.meta ->> 'importId' = ${importId}
        where r.import_id = ${importId} and r.record_type = ${recordType} and r.action = 'updated'
        order by a.record_id, a.id`,
  );
  // An order's update writes several events (its fields, its lines, its total): the earliest "from" of each field is the value before the import.
  const byRecord = new Map<string, Record<string, { from: unknown; to: unknown }>>();
  for (const event of events) {
    const merged = byRecord.get(event.recordId) ?? {};
    for (const [field, change] of Object.entries(event.changes)) if (!(field in merged)) merged[field] = { from: change.from, to: change.to };
    for (const [field, change] of Object.entries(event.changes)) merged[field].to = change.to;
    byRecord.set(event.recordId, merged);
  }
  for (const [recordId, changes] of byRecord) {
    if (recordType === 'order' && Array.isArray(changes.lines?.from)) {
      const lines = (changes.lines.from as { productId: string; quantity: string; price: string; discountPercent: string }[]).map(({ productId, quantity, price, discountPercent }) => ({ productId, quantity, price, discountPercent }));
      await replaceOrderLines({ ...ctx, db: tx }, recordId, { lines });
    }
    const assignments = Object.entries(changes)
      .filter(([field]) => definition.fields[field] && !definition.fields[field].expression)
      .map(([field, change]) => sql`${sql.raw(`"${definition.fields[field].column}"`)} = ${paramFor(definition.fields[field], change.from)}`);
    if (assignments.length) await tx.execute(sql`update ${sql.raw(`"${definition.table}"`)} set ${sql.join(assignments, sql`, `)}, updated_at = now() where id = ${recordId}`);
    const reverted = Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, { from: change.to, to: change.from }]));
    await recordAudit(tx, ctx.actor, [{ recordType, recordId, action: 'update', changes: reverted, meta: { undoImport: importId } }]);
  }
  return byRecord.size;
}
