// Analytics reads the domain tables through these queries only, and never writes them.
import { sql } from 'drizzle-orm';
import type { Interaction, CustomerRecord } from '@svyaz/analytics';
import { rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

/** Orders read per statement: short statements let API requests in between (PGlite runs one at a time). */
export const ORDER_PAGE = 2000;

/**
 * Order lines of non-cancelled, non-deleted orders of live companies and products: one interaction per line.
 * Read by pages of orders in id order, each page's lines through the order_id index: one statement over all
 * lines held the embedded database (and every API request) for as long as the read took, 10 s at 277,000 lines.
 */
export async function readInteractions(db: Db, workspaceId: string, pageSize = ORDER_PAGE): Promise<Interaction[]> {
  const interactions: Interaction[] = [];
  let after: string | null = null;
  for (;;) {
    const orders: { id: string }[] = await rows<{ id: string }>(
      db,
      sql`select id from orders where workspace_id = ${workspaceId} ${after ? sql`and id > ${after}::uuid` : sql``} order by id limit ${pageSize}`,
    );
    if (orders.length === 0) break;
    const lines = await rows<{ customer: string; item: string; quantity: string; amount: string; at: string }>(
      db,
      sql`select o.company_id as customer, l.product_id as item, l.quantity::text as quantity, l.amount::text as amount,
                 (extract(epoch from o.ordered_at) * 1000)::float8 as at
            from orders o
            join companies c on c.id = o.company_id and c.deleted_at is null
            join order_lines l on l.order_id = o.id
            join products p on p.id = l.product_id and p.deleted_at is null
           where o.id = any(${pgArrayLiteral(orders.map((order) => order.id))}::uuid[]) and o.deleted_at is null and o.status <> 'cancelled'`,
    );
    for (const line of lines) {
      interactions.push({ customer: line.customer, item: line.item, quantity: Math.max(Number(line.quantity), 0.001), amount: Math.max(Number(line.amount), 0), timestamp: Number(line.at) });
    }
    if (orders.length < pageSize) break;
    after = orders[orders.length - 1].id;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return interactions;
}

/** Every live company with the metadata used for segments and cold start. */
export async function readCustomers(db: Db, workspaceId: string): Promise<CustomerRecord[]> {
  const companies = await rows<{ id: string; industry: string | null; size: string | null; region: string | null; source: string | null }>(
    db,
    sql`select id, industry, size, region, source from companies where workspace_id = ${workspaceId} and deleted_at is null`,
  );
  return companies.map((c) => ({ id: c.id, attributes: { industry: c.industry ?? 'unknown', size: c.size ?? 'unknown', region: c.region ?? 'unknown', source: c.source ?? 'unknown' } }));
}

export async function readRepeatPurchaseProducts(db: Db, workspaceId: string): Promise<string[]> {
  const products = await rows<{ id: string }>(db, sql`select id from products where workspace_id = ${workspaceId} and deleted_at is null and is_repeat_purchase`);
  return products.map((p) => p.id);
}

export interface ProductSummary {
  id: string;
  sku: string;
  name: string;
  price: string;
  currency: string;
}

export async function readProducts(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, ProductSummary>> {
  if (ids.length === 0) return new Map();
  const found = await rows<ProductSummary>(
    db,
    sql`select id, sku, name, price::text as price, currency from products where workspace_id = ${workspaceId} and deleted_at is null
         and id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  return new Map(found.map((p) => [p.id, p]));
}
