// Order lines in SQL: pricing (the product's price unless given, less the discount, in numeric
// arithmetic), inserting a priced set in one statement, and reading an order's lines.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import type { Values } from '../../core/records/definition.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

export interface PricedLine {
  productId: string;
  quantity: string;
  price: string;
  discountPercent: string;
  amount: string;
}

/** Prices validated lines; an unknown or invisible product is an error naming `${field}[i].productId`. */
export async function priceOrderLines(ctx: Ctx, tx: Db, lines: Values[], field: string): Promise<{ lines: PricedLine[]; total: string }> {
  if (lines.length === 0) return { lines: [], total: '0.00' };
  const productIds = Array.from(new Set(lines.map((line) => line.productId as string)));
  const products = await rows<{ id: string; price: string }>(
    tx,
    sql`select p.id, p.price::text as price from products p where ${accessCondition(ctx.actor, 'products', 'read', 'p')} and p.id = any(${pgArrayLiteral(productIds)}::uuid[])`,
  );
  const priceOf = new Map(products.map((product) => [product.id, product.price]));
  lines.forEach((line, index) => {
    if (!priceOf.has(line.productId as string)) throw invalid(`${field}[${index}].productId`, 'is not a product you can see');
  });
  const payload = lines.map((line, index) => ({
    n: index,
    product_id: line.productId,
    quantity: line.quantity,
    price: line.price ?? priceOf.get(line.productId as string),
    discount_percent: line.discountPercent ?? '0',
  }));
  const priced = await rows<PricedLine>(
    tx,
    sql`select x.product_id as "productId", x.quantity::numeric(18,3)::text as quantity, x.price::numeric(18,2)::text as price,
               x.discount_percent::numeric(5,2)::text as "discountPercent",
               round(x.quantity * x.price * (100 - x.discount_percent) / 100, 2)::text as amount
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(n int, product_id uuid, quantity numeric, price numeric, discount_percent numeric)
        order by x.n`,
  );
  const [{ total }] = await rows<{ total: string }>(
    tx,
    sql`select coalesce(sum(x.amount), 0)::numeric(18,2)::text as total from jsonb_to_recordset(${JSON.stringify(priced)}::jsonb) as x(amount numeric)`,
  );
  return { lines: priced, total };
}

export async function insertOrderLines(tx: Db, workspaceId: string, orderId: string, lines: PricedLine[]): Promise<void> {
  if (lines.length === 0) return;
  await tx.execute(sql`insert into order_lines (workspace_id, order_id, product_id, quantity, price, discount_percent, amount)
    select ${workspaceId}::uuid, ${orderId}::uuid, x."productId", x.quantity, x.price, x."discountPercent", x.amount
    from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x("productId" uuid, quantity numeric, price numeric, "discountPercent" numeric, amount numeric)`);
}

export async function deleteOrderLines(tx: Db, workspaceId: string, orderId: string): Promise<void> {
  await tx.execute(sql`delete from order_lines where workspace_id = ${workspaceId} and order_id = ${orderId}`);
}

/** An order's lines with product name and SKU (the catalogue is readable by every role). */
export async function selectOrderLines(db: Db, workspaceId: string, orderId: string): Promise<Values[]> {
  return rows(
    db,
    sql`select l.id, l.product_id as "productId", p.name as "productName", p.sku, l.quantity::text as quantity, l.price::text as price,
               l.discount_percent::text as "discountPercent", l.amount::text as amount
        from order_lines l join products p on p.id = l.product_id
        where l.workspace_id = ${workspaceId} and l.order_id = ${orderId}
        order by p.name, l.id`,
  );
}
