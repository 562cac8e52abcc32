// Orders exported with their lines (`/orders/export?lines=true`): one row per order line, the order's columns
// repeated on each, and an order without lines as one row with the line columns empty — the flat table a
// spreadsheet or 1C import expects. The orders come from the list export's plan (filters, sort, rights), a
// keyset page at a time; each page's lines are read in one query, in the order card's order (product name).
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import type { Values } from '../../core/records/definition.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import type { ExportColumn, ExportPlan } from './export-rows.js';

const LINE_COLUMNS: ExportColumn[] = [
  { key: 'line.productSku', header: 'line.productSku', kind: 'text', value: (row) => row.__lineSku },
  { key: 'line.productName', header: 'line.productName', kind: 'text', value: (row) => row.__lineProduct },
  { key: 'line.quantity', header: 'line.quantity', kind: 'number', value: (row) => row.__lineQuantity },
  { key: 'line.price', header: 'line.price', kind: 'number', value: (row) => row.__linePrice },
  { key: 'line.discountPercent', header: 'line.discountPercent', kind: 'number', value: (row) => row.__lineDiscount },
  { key: 'line.amount', header: 'line.amount', kind: 'number', value: (row) => row.__lineAmount },
];

interface LineRow {
  orderId: string;
  sku: string | null;
  product: string | null;
  quantity: string;
  price: string;
  discount: string;
  amount: string;
}

export function withOrderLines(ctx: Ctx, plan: ExportPlan): ExportPlan {
  async function* pages(): AsyncGenerator<Values[]> {
    for await (const page of plan.pages()) {
      const ids = page.map((order) => order.id as string);
      const lines = await rows<LineRow>(
        ctx.db,
        sql`select l.order_id as "orderId", p.sku, p.name as product, l.quantity, l.price, l.discount_percent as discount, l.amount
            from order_lines l left join products p on p.id = l.product_id
            where l.workspace_id = ${ctx.actor.workspaceId} and l.order_id = any(${pgArrayLiteral(ids)}::uuid[])
            order by l.order_id, p.name, l.id`,
      );
      const byOrder = new Map<string, LineRow[]>();
      for (const line of lines) {
        const own = byOrder.get(line.orderId);
        if (own) own.push(line);
        else byOrder.set(line.orderId, [line]);
      }
      yield page.flatMap((order) => {
        const own = byOrder.get(order.id as string);
        if (!own?.length) return [order];
        return own.map((line) => ({
          ...order,
          __lineSku: line.sku,
          __lineProduct: line.product,
          __lineQuantity: line.quantity,
          __linePrice: line.price,
          __lineDiscount: line.discount,
          __lineAmount: line.amount,
        }));
      });
    }
  }
  return { columns: [...plan.columns, ...LINE_COLUMNS], pages };
}
