// Order use cases beyond the record engine: replacing lines (total recomputed) and taking payments
// (paid total and payment status recomputed). Every change is audited on the order.
import { sql } from 'drizzle-orm';
import { orderLinesReplaceSchema, paymentCreateSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import { recordDomainEvent } from '../../core/domain-events.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import type { Values } from '../../core/records/definition.js';
import { applyUpdate, findRecord, getRecord } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { orderDefinition } from './orders.definition.js';
import { deleteOrderLines, insertOrderLines, priceOrderLines, selectOrderLines, type PricedLine } from './order-lines.repo.js';

export interface OrderLines {
  lines: Values[];
  total: string;
}

/** Locks the order for a change: 404 when invisible, 403 when visible but not writable. */
export async function loadOrderForWrite(ctx: Ctx, tx: Db, id: string): Promise<Values> {
  requirePermission(ctx.actor, 'orders', 'update');
  const txCtx = { ...ctx, db: tx };
  const order = await findRecord(txCtx, orderDefinition, id, 'update', { forUpdate: true });
  if (order) return order;
  if (await findRecord(txCtx, orderDefinition, id, 'read')) throw new AppError('FORBIDDEN', { message: 'You may not update this order', details: { id } });
  throw notFound('order', id);
}

export async function listOrderLines(ctx: Ctx, id: string): Promise<OrderLines> {
  const order = await getRecord(ctx, orderDefinition, id);
  return { lines: await selectOrderLines(ctx.db, ctx.actor.workspaceId, id), total: order.total as string };
}

export async function replaceOrderLines(ctx: Ctx, id: string, body: unknown): Promise<OrderLines> {
  requirePermission(ctx.actor, 'orders', 'update');
  const input = parseBody(orderLinesReplaceSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const order = await loadOrderForWrite(ctx, tx, id);
    // Stock was taken for the lines as they were when the order first shipped.
    if (order.shipmentStatus !== 'not_shipped') throw invalid('lines', 'cannot change once the order has shipped');
    const priced = await priceOrderLines(ctx, tx, input.lines, 'lines');
    if (Number(priced.total) < Number(order.paidTotal)) throw invalid('lines', `would bring the total ${priced.total} below the ${String(order.paidTotal)} already paid`);
    const before = await selectOrderLines(tx, ctx.actor.workspaceId, id);
    await deleteOrderLines(tx, ctx.actor.workspaceId, id);
    await insertOrderLines(tx, ctx.actor.workspaceId, id, priced.lines);
    const auditLine = (line: Values | PricedLine) => ({ productId: line.productId, quantity: line.quantity, price: line.price, discountPercent: line.discountPercent, amount: line.amount });
    await recordAudit(tx, ctx.actor, [{ recordType: 'order', recordId: id, action: 'update', changes: { lines: { from: before.map(auditLine), to: priced.lines.map(auditLine) } } }]);
    const updated = await applyUpdate(ctx, tx, orderDefinition, id, { total: priced.total });
    await recordDomainEvent(tx, { workspaceId: ctx.actor.workspaceId, type: 'order.lines_changed', object: 'orders', recordId: id, actorId: ctx.actor.userId });
    return { lines: await selectOrderLines(tx, ctx.actor.workspaceId, id), total: updated.total as string };
  });
}

const paymentColumns = sql`id, amount::text as amount, paid_at as "paidAt", method, reference, created_by as "createdBy", created_at as "createdAt"`;

export async function listPayments(ctx: Ctx, id: string): Promise<{ data: Values[] }> {
  await getRecord(ctx, orderDefinition, id);
  return { data: await rows(ctx.db, sql`select ${paymentColumns} from payments where workspace_id = ${ctx.actor.workspaceId} and order_id = ${id} order by paid_at, id`) };
}

/** Records a payment; the order's paid total and payment status follow (audited as an order update). */
export async function addPayment(ctx: Ctx, id: string, body: unknown): Promise<{ payment: Values; order: Values }> {
  requirePermission(ctx.actor, 'orders', 'update');
  const input = parseBody(paymentCreateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const order = await loadOrderForWrite(ctx, tx, id);
    const payment = (await firstRow(
      tx,
      sql`insert into payments (workspace_id, order_id, amount, paid_at, method, reference, created_by)
          values (${ctx.actor.workspaceId}, ${id}, ${input.amount}::numeric, coalesce(${input.paidAt ?? null}::timestamptz, now()), ${input.method ?? null}, ${input.reference ?? null}, ${ctx.actor.userId})
          returning ${paymentColumns}`,
    ))!;
    const [{ paid, over }] = await rows<{ paid: string; over: boolean }>(
      tx,
      sql`select coalesce(sum(amount), 0)::numeric(18,2)::text as paid, coalesce(sum(amount), 0) > ${order.total as string}::numeric as over
          from payments where workspace_id = ${ctx.actor.workspaceId} and order_id = ${id}`,
    );
    if (over) throw invalid('amount', `would pay more than the order total ${String(order.total)} (already paid ${String(order.paidTotal)})`);
    return { payment, order: await applyUpdate(ctx, tx, orderDefinition, id, { paidTotal: paid }, { audit: { meta: { payment } } }) };
  });
}
