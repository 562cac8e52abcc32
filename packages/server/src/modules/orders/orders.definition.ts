// Orders: number (generated per workspace when absent), links to a company, contact and deal the
// actor can read, status with its colour, totals kept by the server (lines, payments, shipments).
import { sql } from 'drizzle-orm';
import { orderCreateSchema, orderStatusColours } from '@svyaz/shared';
import { firstRow, type Db } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import { withCommonFields, type ObjectDefinition, type Values } from '../../core/records/definition.js';
import { assertRecordVisible } from '../../core/records/record-links.js';
import { insertOrderLines, priceOrderLines, type PricedLine } from './order-lines.repo.js';
import { recordAudit } from '../../core/audit.js';
import { recordDomainEvent } from '../../core/domain-events.js';

const column = (alias: string, name: string) => sql.raw(`"${alias}"."${name}"`);

/** The colour of the status, from the shared table, computed in SELECT so lists carry it too. */
const statusColourExpression = (alias: string) =>
  sql`(case ${column(alias, 'status')} ${sql.join(
    Object.entries(orderStatusColours).map(([status, colour]) => sql`when ${status}::text then ${colour}::text`),
    sql` `,
  )} end)`;

/** Lines given in a create body wait here (per transaction, in order) until the order row exists. */
const pendingLines = new WeakMap<Db, PricedLine[][]>();
/** The last number handed out in this transaction (a bulk create numbers several orders). */
const lastNumber = new WeakMap<Db, number>();

const references = [
  ['companyId', 'company'],
  ['contactId', 'contact'],
  ['dealId', 'deal'],
] as const;

export function paymentStatusOf(total: string, paidTotal: string): 'unpaid' | 'partial' | 'paid' {
  const paid = Number(paidTotal);
  if (paid <= 0) return 'unpaid';
  return paid >= Number(total) ? 'paid' : 'partial';
}

/** Next ORD-000123 number; an advisory lock per workspace serialises concurrent creates until commit. */
async function nextOrderNumber(tx: Db, workspaceId: string): Promise<string> {
  let last = lastNumber.get(tx);
  if (last === undefined) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`orders.number:${workspaceId}`}))`);
    const row = await firstRow<{ last: number }>(
      tx,
      sql`select coalesce(max(substring(number from 5)::bigint), 0) as last from orders where workspace_id = ${workspaceId} and number ~ '^ORD-[0-9]{1,15}$'`,
    );
    last = row!.last;
  }
  lastNumber.set(tx, last + 1);
  return `ORD-${String(last + 1).padStart(6, '0')}`;
}

async function assertNumberFree(tx: Db, workspaceId: string, number: string, excludeId: string | null): Promise<void> {
  const clash = await firstRow<{ id: string }>(
    tx,
    sql`select id from orders where workspace_id = ${workspaceId} and number = ${number} and id <> ${excludeId ?? '00000000-0000-0000-0000-000000000000'}::uuid`,
  );
  if (clash) throw new AppError('CONFLICT', { message: `number: order ${number} already exists`, details: [{ field: 'number', problem: 'is already used by another order', id: clash.id }] });
}

export const orderDefinition: ObjectDefinition = {
  object: 'orders',
  recordType: 'order',
  table: 'orders',
  defaultSort: '-orderedAt',
  createSchema: orderCreateSchema,
  updateSchema: orderCreateSchema.omit({ lines: true }).partial(),
  displayName: (alias) => column(alias, 'number'),
  fields: withCommonFields({
    number: { column: 'number', type: 'text', sortable: true },
    companyId: { column: 'company_id', type: 'uuid', nullable: true },
    contactId: { column: 'contact_id', type: 'uuid', nullable: true },
    dealId: { column: 'deal_id', type: 'uuid', nullable: true },
    status: { column: 'status', type: 'text', sortable: true },
    statusColour: { column: 'status_colour', type: 'text', readOnly: true, expression: statusColourExpression },
    paymentStatus: { column: 'payment_status', type: 'text', readOnly: true, sortable: true },
    shipmentStatus: { column: 'shipment_status', type: 'text', readOnly: true, sortable: true },
    orderedAt: { column: 'ordered_at', type: 'timestamp', sortable: true },
    dueAt: { column: 'due_at', type: 'timestamp', nullable: true, sortable: true },
    total: { column: 'total', type: 'decimal', readOnly: true, sortable: true },
    paidTotal: { column: 'paid_total', type: 'decimal', readOnly: true, sortable: true },
    currency: { column: 'currency', type: 'text' },
    notes: { column: 'notes', type: 'text', nullable: true, hidden: true },
  }),
  async prepare(ctx, tx, values, existing) {
    const workspaceId = ctx.actor.workspaceId;
    for (const [field, recordType] of references) {
      const id = values[field] as string | null | undefined;
      if (id && id !== existing?.[field]) await assertRecordVisible(ctx, tx, recordType, id, field);
    }
    if (values.number !== undefined && values.number !== existing?.number) await assertNumberFree(tx, workspaceId, values.number as string, (existing?.id as string) ?? null);
    if (!existing) {
      if (values.number === undefined) values.number = await nextOrderNumber(tx, workspaceId);
      const priced = await priceOrderLines(ctx, tx, (values.lines as Values[] | undefined) ?? [], 'lines');
      delete values.lines;
      values.total = priced.total;
      pendingLines.set(tx, [...(pendingLines.get(tx) ?? []), priced.lines]);
    }
    if (values.total !== undefined || values.paidTotal !== undefined) {
      values.paymentStatus = paymentStatusOf(String(values.total ?? existing?.total ?? '0'), String(values.paidTotal ?? existing?.paidTotal ?? '0'));
    }
  },
  async afterWrite(ctx, tx, action, _before, after) {
    if (action !== 'create') return;
    const queue = pendingLines.get(tx) ?? [];
    const lines = queue.shift() ?? [];
    if (lines.length === 0) return;
    await insertOrderLines(tx, ctx.actor.workspaceId, after.id as string, lines);
    await recordAudit(tx, ctx.actor, [{ recordType: 'order', recordId: after.id as string, action: 'update', changes: { lines: { from: [], to: lines } } }]);
    // Written after the lines, so a subscriber (trigger sequences' "purchase of X") sees what was bought.
    await recordDomainEvent(tx, { workspaceId: ctx.actor.workspaceId, type: 'order.lines_changed', object: 'orders', recordId: after.id as string, actorId: ctx.actor.userId });
  },
};
