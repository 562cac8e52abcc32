// A deal's product lines: quantity x price (the product's price unless given) less the discount.
// PUT replaces every line in one transaction; when lines exist the deal amount becomes their total
// (unless recalculateAmount=false), through the record engine so the change is audited.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { orderLineSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import type { Values } from '../../core/records/definition.js';
import { applyUpdate, getRecord } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { parseBody } from '../../core/validation.js';
import { dealDefinition } from './deals.definition.js';
import { loadDealForWrite } from './deals.service.js';

export const dealProductsSchema = z.strictObject({
  lines: z.array(orderLineSchema).max(500, { message: 'at most 500 lines' }),
  recalculateAmount: z.boolean().optional(),
});

export interface DealProducts {
  lines: Values[];
  total: string;
  dealAmount: string;
}

export async function listDealProducts(ctx: Ctx, id: string): Promise<DealProducts> {
  const deal = await getRecord(ctx, dealDefinition, id);
  return selectLines(ctx.db, ctx.actor.workspaceId, deal);
}

export async function replaceDealProducts(ctx: Ctx, id: string, body: unknown): Promise<DealProducts> {
  requirePermission(ctx.actor, 'deals', 'update');
  const input = parseBody(dealProductsSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    let deal = await loadDealForWrite(ctx, tx, id);
    const productIds = Array.from(new Set(input.lines.map((line) => line.productId)));
    const products = productIds.length
      ? await rows<{ id: string; price: string }>(tx, sql`select p.id, p.price from products p where ${accessCondition(ctx.actor, 'products', 'read', 'p')} and p.id = any(${pgArrayLiteral(productIds)}::uuid[])`)
      : [];
    const priceOf = new Map(products.map((product) => [product.id, product.price]));
    input.lines.forEach((line, index) => {
      if (!priceOf.has(line.productId)) throw invalid(`lines[${index}].productId`, 'is not a product you can see');
    });
    const before = await selectLines(tx, ctx.actor.workspaceId, deal);
    await tx.execute(sql`delete from deal_products where workspace_id = ${ctx.actor.workspaceId} and deal_id = ${id}`);
    if (input.lines.length) {
      const payload = input.lines.map((line) => ({
        product_id: line.productId,
        quantity: line.quantity,
        price: line.price ?? priceOf.get(line.productId),
        discount_percent: line.discountPercent ?? '0',
      }));
      // The amount is computed by the database in numeric arithmetic (no float rounding).
      await tx.execute(sql`insert into deal_products (workspace_id, deal_id, product_id, quantity, price, discount_percent, amount)
        select ${ctx.actor.workspaceId}::uuid, ${id}::uuid, x.product_id, x.quantity, x.price, x.discount_percent,
               round(x.quantity * x.price * (100 - x.discount_percent) / 100, 2)
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(product_id uuid, quantity numeric, price numeric, discount_percent numeric)`);
    }
    let after = await selectLines(tx, ctx.actor.workspaceId, deal);
    await recordAudit(tx, ctx.actor, [{ recordType: 'deal', recordId: id, action: 'update', changes: { products: { from: before.lines.map(auditLine), to: after.lines.map(auditLine) } } }]);
    if (input.lines.length && input.recalculateAmount !== false && after.total !== deal.amount) {
      deal = await applyUpdate(ctx, tx, dealDefinition, id, { amount: after.total });
      after = { ...after, dealAmount: deal.amount as string };
    }
    return after;
  });
}

function auditLine(line: Values): Values {
  return { productId: line.productId, quantity: line.quantity, price: line.price, discountPercent: line.discountPercent, amount: line.amount };
}

async function selectLines(db: Db, workspaceId: string, deal: Values): Promise<DealProducts> {
  const lines = await rows(
    db,
    sql`select dp.id, dp.product_id as "productId", p.name as "productName", p.sku, p.unit, dp.quantity::text as quantity, dp.price::text as price,
          dp.discount_percent::text as "discountPercent", dp.amount::text as amount
        from deal_products dp left join products p on p.id = dp.product_id
        where dp.workspace_id = ${workspaceId} and dp.deal_id = ${deal.id as string}
        order by p.name collate "und-x-icu", dp.id`,
  );
  const totals = await firstRow<{ total: string }>(db, sql`select coalesce(sum(amount), 0)::numeric(18,2)::text as total from deal_products where workspace_id = ${workspaceId} and deal_id = ${deal.id as string}`);
  return { lines, total: totals!.total, dealAmount: deal.amount as string };
}
