// Products: the catalogue (SKU unique per workspace among non-deleted products, price, stock).
// Everyone reads it; by the default roles only administrators write it.
import { sql } from 'drizzle-orm';
import { productCreateSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { AppError, invalid } from '../../core/errors.js';
import { withCommonFields, type ObjectDefinition, type Values } from '../../core/records/definition.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

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
    externalId: { column: 'external_id', type: 'text', nullable: true, sortable: true },
  }),
  async prepare(ctx, tx, values, existing) {
    await assertExternalIdFree(ctx.actor.workspaceId, tx, [{ values, existing }], ['']);
    if (values.sku === undefined || values.sku === existing?.sku) return;
    // Row lock on the clashing product is not enough for two concurrent inserts; the partial unique
    // index products_ws_sku_uq still guards that race (23505 -> 409).
    const clash = await firstRow<{ id: string }>(
      tx,
      sql`select id from products where workspace_id = ${ctx.actor.workspaceId} and sku = ${values.sku as string} and deleted_at is null and id <> ${(existing?.id as string) ?? '00000000-0000-0000-0000-000000000000'}::uuid`,
    );
    if (clash) throw skuTaken('', String(values.sku), clash.id);
  },
  /** SKU and external id clashes of a whole import batch: with each other and with stored products, in two statements. */
  async prepareBatch(ctx, tx, items, prefixes) {
    await assertExternalIdFree(ctx.actor.workspaceId, tx, items, prefixes);
    const changed = items.map((item, index) => ({ ...item, index })).filter(({ values, existing }) => values.sku !== undefined && values.sku !== existing?.sku);
    if (changed.length === 0) return;
    const seen = new Map<string, number>();
    for (const { values, index } of changed) {
      const sku = String(values.sku);
      if (seen.has(sku)) throw invalid(`${prefixes[index]}sku`, `${sku} is given to two products in one batch (see ${prefixes[seen.get(sku)!]}sku)`);
      seen.set(sku, index);
    }
    const clashes = await rows<{ id: string; sku: string }>(
      tx,
      sql`select id, sku from products where workspace_id = ${ctx.actor.workspaceId} and deleted_at is null and sku = any(${pgArrayLiteral(Array.from(seen.keys()))}::text[])`,
    );
    for (const clash of clashes) {
      const index = seen.get(clash.sku)!;
      if (clash.id !== items[index].existing?.id) throw skuTaken(prefixes[index], clash.sku, clash.id);
    }
  },
};

function skuTaken(prefix: string, sku: string, id: string): AppError {
  return new AppError('CONFLICT', { message: `${prefix}sku: another product already has SKU ${sku}`, details: [{ field: `${prefix}sku`, problem: 'is already used by another product', id }] });
}

async function assertExternalIdFree(workspaceId: string, tx: Db, items: { values: Values; existing: Values | null }[], prefixes: string[]): Promise<void> {
  const changed = new Map<string, number>();
  items.forEach(({ values, existing }, index) => {
    const externalId = values.externalId as string | null | undefined;
    if (!externalId || externalId === existing?.externalId) return;
    if (changed.has(externalId)) throw invalid(`${prefixes[index]}externalId`, `${externalId} is given to two products in one batch`);
    changed.set(externalId, index);
  });
  if (changed.size === 0) return;
  const clashes = await rows<{ id: string; externalId: string }>(
    tx,
    sql`select id, external_id as "externalId" from products where workspace_id = ${workspaceId} and deleted_at is null and external_id = any(${pgArrayLiteral(Array.from(changed.keys()))}::text[])`,
  );
  for (const clash of clashes) {
    const index = changed.get(clash.externalId)!;
    if (clash.id === items[index].existing?.id) continue;
    throw new AppError('CONFLICT', { message: `${prefixes[index]}externalId: another product already has external id ${clash.externalId}`, details: [{ field: `${prefixes[index]}externalId`, problem: 'is already used by another product', id: clash.id }] });
  }
}
