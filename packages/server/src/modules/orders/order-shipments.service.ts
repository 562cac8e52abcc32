// Shipments of an order. The order's shipment status follows its shipments (none shipped: not_shipped;
// all shipped or delivered: shipped; otherwise partial). Shipments carry no lines of their own, so the
// stock of the order's products goes down once, when the order's first shipment is marked shipped;
// every stock change is audited on the product.
import { sql } from 'drizzle-orm';
import { shipmentCreateSchema, shipmentStates, shipmentUpdateSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import type { Values } from '../../core/records/definition.js';
import { applyUpdate, getRecord, isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { orderDefinition } from './orders.definition.js';
import { loadOrderForWrite } from './orders.service.js';

const shipmentColumns = sql`id, status, shipped_at as "shippedAt", carrier, tracking_number as "trackingNumber", created_by as "createdBy", created_at as "createdAt"`;
const rank = (status: string) => shipmentStates.indexOf(status as (typeof shipmentStates)[number]);

export async function listShipments(ctx: Ctx, orderId: string): Promise<{ data: Values[] }> {
  await getRecord(ctx, orderDefinition, orderId);
  return { data: await rows(ctx.db, sql`select ${shipmentColumns} from shipments where workspace_id = ${ctx.actor.workspaceId} and order_id = ${orderId} order by created_at, id`) };
}

export async function addShipment(ctx: Ctx, orderId: string, body: unknown): Promise<{ shipment: Values; order: Values }> {
  requirePermission(ctx.actor, 'orders', 'update');
  const input = parseBody(shipmentCreateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const order = await loadOrderForWrite(ctx, tx, orderId);
    const status = input.status ?? 'planned';
    const shipment = (await firstRow(
      tx,
      sql`insert into shipments (workspace_id, order_id, status, shipped_at, carrier, tracking_number, created_by)
          values (${ctx.actor.workspaceId}, ${orderId}, ${status},
                  ${status === 'planned' ? sql`${input.shippedAt ?? null}::timestamptz` : sql`coalesce(${input.shippedAt ?? null}::timestamptz, now())`},
                  ${input.carrier ?? null}, ${input.trackingNumber ?? null}, ${ctx.actor.userId})
          returning ${shipmentColumns}`,
    ))!;
    return { shipment, order: await followShipments(ctx, tx, order, shipment) };
  });
}

export async function updateShipment(ctx: Ctx, orderId: string, shipmentId: string, body: unknown): Promise<{ shipment: Values; order: Values }> {
  requirePermission(ctx.actor, 'orders', 'update');
  const input = parseBody(shipmentUpdateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const order = await loadOrderForWrite(ctx, tx, orderId);
    const existing = isUuid(shipmentId)
      ? await firstRow<Values>(tx, sql`select ${shipmentColumns} from shipments where workspace_id = ${ctx.actor.workspaceId} and order_id = ${orderId} and id = ${shipmentId} for update`)
      : undefined;
    if (!existing) throw notFound('shipment', shipmentId);
    const status = input.status ?? (existing.status as string);
    if (rank(status) < rank(existing.status as string)) throw invalid('status', `cannot go back from ${String(existing.status)} to ${status}`);
    const shippedAt = input.shippedAt !== undefined ? input.shippedAt : status !== 'planned' && !existing.shippedAt ? new Date().toISOString() : existing.shippedAt;
    const shipment = (await firstRow(
      tx,
      sql`update shipments set status = ${status}, shipped_at = ${(shippedAt as string | null) ?? null}::timestamptz,
            carrier = ${input.carrier !== undefined ? input.carrier : ((existing.carrier as string | null) ?? null)},
            tracking_number = ${input.trackingNumber !== undefined ? input.trackingNumber : ((existing.trackingNumber as string | null) ?? null)}
          where id = ${shipmentId} returning ${shipmentColumns}`,
    ))!;
    return { shipment, order: await followShipments(ctx, tx, order, shipment, existing) };
  });
}

/** Recomputes the order's shipment status (audited with the shipment) and takes stock on first shipping. */
async function followShipments(ctx: Ctx, tx: Db, order: Values, shipment: Values, before: Values | null = null): Promise<Values> {
  const [counts] = await rows<{ total: number; sent: number }>(
    tx,
    sql`select count(*)::int as total, (count(*) filter (where status <> 'planned'))::int as sent from shipments where workspace_id = ${ctx.actor.workspaceId} and order_id = ${order.id as string}`,
  );
  const shipmentStatus = counts.sent === 0 ? 'not_shipped' : counts.sent === counts.total ? 'shipped' : 'partial';
  if (order.shipmentStatus === 'not_shipped' && shipmentStatus !== 'not_shipped') await takeStock(ctx, tx, order.id as string, shipment.id as string);
  const meta = { shipment: before ? { id: shipment.id, from: before, to: shipment } : shipment };
  const updated = await applyUpdate(ctx, tx, orderDefinition, order.id as string, { shipmentStatus }, { audit: { meta } });
  // An unchanged shipment status writes no order event; the shipment change is still recorded.
  if (updated.shipmentStatus === order.shipmentStatus) await recordAudit(tx, ctx.actor, [{ recordType: 'order', recordId: order.id as string, action: 'update', meta }]);
  return updated;
}

/** Lowers the stock of every product on the order by its quantity, in one statement, with audit events. */
async function takeStock(ctx: Ctx, tx: Db, orderId: string, shipmentId: string): Promise<void> {
  const changed = await rows<{ id: string; before: string; after: string }>(
    tx,
    sql`with q as (
          select product_id, sum(quantity) as quantity from order_lines where workspace_id = ${ctx.actor.workspaceId} and order_id = ${orderId} group by product_id
        ), updated as (
          update products p set stock_quantity = p.stock_quantity - q.quantity, updated_at = now()
          from q where p.id = q.product_id and p.workspace_id = ${ctx.actor.workspaceId}
          returning p.id, p.stock_quantity, q.quantity
        )
        select id, (stock_quantity + quantity)::text as before, stock_quantity::text as after from updated`,
  );
  await recordAudit(
    tx,
    ctx.actor,
    changed.map((row) => ({ recordType: 'product', recordId: row.id, action: 'update' as const, changes: { stockQuantity: { from: row.before, to: row.after } }, meta: { orderId, shipmentId } })),
  );
}
