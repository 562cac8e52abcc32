// Products: the catalogue (SKU unique per workspace among non-deleted products, price, stock).
// Everyone reads it; by the default roles only administrators write it.
import { sql } from 'drizzle-orm';
import { productCreateSchema } from '@svyaz/shared';
import { firstRow } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import { withCommonFields, type ObjectDefinition } from '../../core/records/definition.js';

export const productDefinition: ObjectDefinition = {
  object: 'products',
  recordType: 'product',
  table: 'products',
  defaultSort: 'name',
  createSchema: productCreateSchema,
  updateSchema: productCreateSchema.partial(),
  displayName: (alias) => sql.raw(`"${alias}"."name"`),
  fields: withCommonFields({
    sku: { column: 'sku', type: 'text', sortable: true },
    name: { column: 'name', type: 'text', sortable: true, collate: true },
    description: { column: 'description', type: 'text', nullable: true, hidden: true },
    category: { column: 'category', type: 'text', nullable: true, sortable: true },
    unit: { column: 'unit', type: 'text' },
    price: { column: 'price', type: 'decimal', sortable: true },
    currency: { column: 'currency', type: 'text' },
    stockQuantity: { column: 'stock_quantity', type: 'decimal', sortable: true },
    isActive: { column: 'is_active', type: 'boolean' },
    isRepeatPurchase: { column: 'is_repeat_purchase', type: 'boolean' },
  }),
  async prepare(ctx, tx, values, existing) {
    if (values.sku === undefined || values.sku === existing?.sku) return;
    // Row lock on the clashing product is not enough for two concurrent inserts; the partial unique
    // index products_ws_sku_uq still guards that race (23505 -> 409).
    const clash = await firstRow<{ id: string }>(
      tx,
      sql`select id from products where workspace_id = ${ctx.actor.workspaceId} and sku = ${values.sku as string} and deleted_at is null and id <> ${(existing?.id as string) ?? '00000000-0000-0000-0000-000000000000'}::uuid`,
    );
    if (clash) {
      throw new AppError('CONFLICT', {
        message: `sku: another product already has SKU ${String(values.sku)}`,
        details: [{ field: 'sku', problem: 'is already used by another product', id: clash.id }],
      });
    }
  },
};
