// Orders with lines: one row per line, rows grouped into orders by the order number column (a row
// without a number is an order of its own, numbered by the server). The customer is found by INN or
// name (company) and email or phone (contact), each product by SKU or name, among the records the
// importer may read; what is not found fails its row. Orders are written through the record engine
// (numbering, pricing, links and audit live in its hooks), one savepoint per order:
// - a new number creates the order with the lines of its rows;
// - a number this import already wrote (an earlier batch) gets the rows' lines added;
// - a number that existed before is skipped, refused ('create') or, with 'update', gets the file's
//   own fields and its lines (a line replaces the order's line of the same product).
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { Values } from '../../core/records/definition.js';
import { applyUpdate, createRecordInTransaction } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { productDefinition } from '../products/products.definition.js';
import { orderDefinition } from '../orders/orders.definition.js';
import { listOrderLines, replaceOrderLines } from '../orders/orders.service.js';
import { recordImported, type BatchItem, type BatchResult, type WriteSettings } from './import-writer.js';
import { loadMatches } from './record-matcher.js';
import type { RowProblem } from './row-converter.js';

export interface OrderReferences {
  companyId?: string;
  contactId?: string;
  productId?: string;
}

const text = (values: Values | undefined, key: string) => (values && typeof values[key] === 'string' && values[key] !== '' ? (values[key] as string) : undefined);

/** Finds each row's customer and product; a row naming one that cannot be found gets a problem. */
export async function resolveOrderReferences(ctx: Ctx, tx: Db, items: BatchItem[], failed: Map<number, RowProblem[]>): Promise<Map<number, OrderReferences>> {
  const live = items.filter((item) => item.converted.order && !failed.has(item.number));
  const companyKeys = new Set<string>();
  const contactKeys = new Set<string>();
  const productKeys = new Set<string>();
  for (const { converted } of live) {
    if (text(converted.link, 'inn')) companyKeys.add(`inn:${text(converted.link, 'inn')}`);
    if (text(converted.link, 'companyName')) companyKeys.add(`name:${text(converted.link, 'companyName')!.toLowerCase()}`);
    if (text(converted.link, 'email')) contactKeys.add(`email:${text(converted.link, 'email')}`);
    if (text(converted.link, 'phone')) contactKeys.add(`phone:${text(converted.link, 'phone')}`);
    if (text(converted.line, 'sku')) productKeys.add(`sku:${text(converted.line, 'sku')}`);
    if (text(converted.line, 'productName')) productKeys.add(`name:${text(converted.line, 'productName')!.toLowerCase()}`);
  }
  const companies = companyKeys.size ? await loadMatches(tx, ctx.actor, companyDefinition, companyKeys) : new Map<string, Values>();
  const contacts = contactKeys.size ? await loadMatches(tx, ctx.actor, contactDefinition, contactKeys) : new Map<string, Values>();
  const products = productKeys.size ? await loadMatches(tx, ctx.actor, productDefinition, productKeys) : new Map<string, Values>();
  const references = new Map<number, OrderReferences>();
  for (const item of live) {
    const { link, line } = item.converted;
    const problems: RowProblem[] = [];
    const found: OrderReferences = {};
    const inn = text(link, 'inn');
    const companyName = text(link, 'companyName');
    if (inn || companyName) {
      const company = (inn && companies.get(`inn:${inn}`)) || (companyName && companies.get(`name:${companyName.toLowerCase()}`));
      if (company) found.companyId = company.id as string;
      else problems.push({ field: inn ? 'order.companyInn' : 'order.companyName', problem: `no company you can see ${inn ? `with INN ${inn}` : `named "${companyName}"`} (import or create the customer first)` });
    }
    const email = text(link, 'email');
    const phone = text(link, 'phone');
    if (email || phone) {
      const contact = (email && contacts.get(`email:${email}`)) || (phone && contacts.get(`phone:${phone}`));
      if (contact) found.contactId = contact.id as string;
      else problems.push({ field: email ? 'order.contactEmail' : 'order.contactPhone', problem: `no contact you can see with ${email ? `email ${email}` : `phone ${phone}`}` });
    }
    const sku = text(line, 'sku');
    const productName = text(line, 'productName');
    if (sku || productName) {
      const product = (sku && products.get(`sku:${sku}`)) || (productName && products.get(`name:${productName.toLowerCase()}`));
      if (product) found.productId = product.id as string;
      else problems.push({ field: sku ? 'line.sku' : 'line.productName', problem: `no product ${sku ? `with SKU "${sku}"` : `named "${productName}"`} in the catalogue` });
    }
    if (problems.length) failed.set(item.number, problems);
    else references.set(item.number, found);
  }
  return references;
}

interface ExistingOrder {
  id: string;
  number: string;
  deleted: boolean;
  shipped: boolean;
  canUpdate: boolean;
  imported: 'created' | 'updated' | null;
}

async function findExistingOrders(ctx: Ctx, tx: Db, importId: string, numbers: string[]): Promise<Map<string, ExistingOrder>> {
  if (!numbers.length) return new Map();
  const found = await rows<ExistingOrder>(
    tx,
    sql`select o.id, o.number, o.deleted_at is not null as deleted, o.shipment_status <> 'not_shipped' as shipped,
               (${accessCondition(ctx.actor, 'orders', 'update', 'o')}) as "canUpdate", r.action as imported
        from orders o left join import_records r on r.import_id = ${importId} and r.record_type = 'order' and r.record_id = o.id
        where o.workspace_id = ${ctx.actor.workspaceId} and o.number = any(${pgArrayLiteral(numbers)}::text[])`,
  );
  return new Map(found.map((order) => [order.number, order]));
}

/** Runs `write` in a savepoint and tags the audit events it wrote with the import (undo restores from them). */
async function inSavepoint(ctx: Ctx, tx: Db, orderId: string | null, meta: Values, write: (sp: Db) => Promise<string>): Promise<string> {
  return tx.transaction(async (savepoint) => {
    const sp = savepoint as unknown as Db;
    const [{ last }] = await rows<{ last: number }>(sp, sql`select coalesce(max(id), 0) as last from audit_events where workspace_id = ${ctx.actor.workspaceId} and record_id = ${orderId ?? '00000000-0000-0000-0000-000000000000'}::uuid`);
    const id = await write(sp);
    await sp.execute(sql`update audit_events set meta = meta || ${JSON.stringify(meta)}::jsonb
      where workspace_id = ${ctx.actor.workspaceId} and record_id = ${id}::uuid and id > ${last} and not meta ? 'importId'`);
    return id;
  });
}

type LineInput = { productId: string; quantity: string; price?: string; discountPercent?: string };

function lineOf(item: BatchItem, references: Map<number, OrderReferences>): LineInput | null {
  const line = item.converted.line;
  const productId = references.get(item.number)?.productId;
  if (!line || !productId) return null;
  return { productId, quantity: line.quantity as string, ...(line.price !== undefined ? { price: line.price as string } : {}), ...(line.discountPercent !== undefined ? { discountPercent: line.discountPercent as string } : {}) };
}

async function currentLines(ctx: Ctx, sp: Db, id: string): Promise<LineInput[]> {
  const { lines } = await listOrderLines({ ...ctx, db: sp }, id);
  return lines.map((line) => ({ productId: line.productId as string, quantity: line.quantity as string, price: line.price as string, discountPercent: line.discountPercent as string }));
}

function problemsOf(error: AppError, fallback: string): RowProblem[] {
  const details = Array.isArray(error.details) ? (error.details as RowProblem[]) : [];
  return details.length ? details.map((detail) => ({ field: detail.field ?? fallback, problem: detail.problem })) : [{ field: fallback, problem: error.message }];
}

export async function writeOrders(ctx: Ctx, tx: Db, items: BatchItem[], settings: WriteSettings, failed: Map<number, RowProblem[]>, result: BatchResult): Promise<void> {
  const references = await resolveOrderReferences(ctx, tx, items, failed);
  const groups = new Map<string, BatchItem[]>();
  for (const item of items) {
    if (failed.has(item.number) || !item.converted.order) continue;
    const key = text(item.converted.order, 'number') ?? `\u0000row ${item.number}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const existing = await findExistingOrders(ctx, tx, settings.importId, [...groups.keys()].filter((key) => !key.startsWith('\u0000')));
  const records: { record_type: string; record_id: string; action: string; row_number: number }[] = [];
  for (const [number, group] of groups) {
    const first = group[0];
    const fail = (problems: RowProblem[]) => group.forEach((item) => failed.set(item.number, problems));
    const lines = group.map((item) => lineOf(item, references)).filter((line): line is LineInput => line !== null);
    const customer = group.map((item) => references.get(item.number) ?? {}).find((found) => found.companyId || found.contactId) ?? {};
    const header: Values = { ...first.converted.order! };
    if (customer.companyId) header.companyId = customer.companyId;
    if (customer.contactId) header.contactId = customer.contactId;
    const meta = { importId: settings.importId, row: first.number };
    const order = existing.get(number);
    try {
      if (!order) {
        const id = await inSavepoint(ctx, tx, null, meta, async (sp) => (await createRecordInTransaction(ctx, sp, orderDefinition, { ...header, lines }, { force: true, prefix: 'order.' })).id as string);
        records.push({ record_type: 'order', record_id: id, action: 'created', row_number: first.number });
        result.created += group.length;
      } else if (order.deleted) {
        fail([{ field: 'order.number', problem: `order ${number} was deleted; restore it from the bin or give the rows another number` }]);
      } else if (order.imported) {
        // Lines of an order this import began in an earlier batch.
        if (lines.length) await inSavepoint(ctx, tx, order.id, meta, async (sp) => (await replaceOrderLines({ ...ctx, db: sp }, order.id, { lines: [...(await currentLines(ctx, sp, order.id)), ...lines] }), order.id));
        result[order.imported] += group.length;
      } else if (settings.strategy === 'skip') {
        result.skipped += group.length;
      } else if (settings.strategy === 'create') {
        fail([{ field: 'order.number', problem: `order ${number} already exists (numbers are unique); choose "update" or "skip" for existing orders` }]);
      } else if (!order.canUpdate) {
        fail([{ field: 'order.number', problem: `order ${number} already exists and you may not change it` }]);
      } else if (order.shipped && lines.length) {
        fail([{ field: 'line', problem: `order ${number} has shipped; its lines can no longer change` }]);
      } else {
        await inSavepoint(ctx, tx, order.id, meta, async (sp) => {
          const patch = { ...header };
          delete patch.number;
          await applyUpdate({ ...ctx, db: sp }, sp, orderDefinition, order.id, patch, { prefix: 'order.' });
          if (lines.length) {
            const byProduct = new Map(lines.map((line) => [line.productId, line]));
            const kept = (await currentLines(ctx, sp, order.id)).filter((line) => !byProduct.has(line.productId));
            await replaceOrderLines({ ...ctx, db: sp }, order.id, { lines: [...kept, ...lines] });
          }
          return order.id;
        });
        records.push({ record_type: 'order', record_id: order.id, action: 'updated', row_number: first.number });
        result.updated += group.length;
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      fail(problemsOf(error, 'order'));
    }
  }
  await recordImported(tx, settings.importId, records);
}
