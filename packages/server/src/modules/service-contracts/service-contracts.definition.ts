// Warranty and service contracts as an owned object of the record engine: every write path (create, PATCH,
// bulk update) goes through prepare/afterWrite here, so the number, the customer links the actor must be able
// to read, the period, and the covered items (products and/or serial numbers, a child table) are checked in
// one place. `state` (draft/pending/active/expired/terminated) and `visitsUsed` are computed in SELECT.
import { sql } from 'drizzle-orm';
import { serviceContractCreateSchema, serviceContractUpdateSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid } from '../../core/errors.js';
import { recordAudit } from '../../core/audit.js';
import { withCommonFields, type ObjectDefinition, type Values } from '../../core/records/definition.js';
import { assertRecordVisible } from '../../core/records/record-links.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

const column = (alias: string, name: string) => sql.raw(`"${alias}"."${name}"`);

export const CONTRACT_NUMBER_PREFIX = 'SC-';
/** Contract dates are calendar days in this zone (the product's default: Moscow), as are "today" and a case's date. */
export const CONTRACT_TIME_ZONE = 'Europe/Moscow';
export const todaySql = sql.raw(`(now() at time zone '${CONTRACT_TIME_ZONE}')::date`);

/** What the contract is today: an active contract past its end is expired, one before its start is pending. */
export const stateExpression = (alias: string) =>
  sql`(case when ${column(alias, 'status')} = 'active' and ${column(alias, 'end_date')} < ${todaySql} then 'expired'
            when ${column(alias, 'status')} = 'active' and ${column(alias, 'start_date')} > ${todaySql} then 'pending'
            else ${column(alias, 'status')} end)`;

/** Visits counted against the contract: planned or done, within the included number when they were scheduled. */
export const visitsUsedExpression = (alias: string) =>
  sql`(select count(*)::int from case_visits v where v.contract_id = ${column(alias, 'id')} and v.included_in_contract and v.status <> 'cancelled')`;

const itemsExpression = (alias: string) =>
  sql`coalesce((select jsonb_agg(jsonb_build_object('id', i.id, 'productId', i.product_id, 'productName', p.name, 'sku', p.sku, 'serialNumber', i.serial_number,
        'quantity', i.quantity::text, 'orderLineId', i.order_line_id) order by i.position)
      from service_contract_items i left join products p on p.id = i.product_id where i.contract_id = ${column(alias, 'id')}), '[]'::jsonb)`;

export interface ContractItem {
  productId: string | null;
  serialNumber: string | null;
  quantity: string;
  orderLineId: string | null;
}

/** Items given in a create body wait here (per transaction, in order) until the contract row exists. */
const pendingItems = new WeakMap<Db, ContractItem[][]>();
/** The last number handed out in this transaction (a bulk create numbers several contracts). */
const lastNumber = new WeakMap<Db, number>();

const references = [
  ['companyId', 'company'],
  ['contactId', 'contact'],
] as const;

async function nextContractNumber(tx: Db, workspaceId: string): Promise<string> {
  let last = lastNumber.get(tx);
  if (last === undefined) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`service_contracts.number:${workspaceId}`}))`);
    const row = await firstRow<{ last: number }>(
      tx,
      sql`select coalesce(max(substring(number from 4)::bigint), 0) as last from service_contracts where workspace_id = ${workspaceId} and number ~ '^SC-[0-9]{1,15}$'`,
    );
    last = Number(row!.last);
  }
  lastNumber.set(tx, last + 1);
  return `${CONTRACT_NUMBER_PREFIX}${String(last + 1).padStart(6, '0')}`;
}

async function assertNumberFree(tx: Db, workspaceId: string, number: string, excludeId: string | null): Promise<void> {
  const clash = await firstRow<{ id: string }>(
    tx,
    sql`select id from service_contracts where workspace_id = ${workspaceId} and number = ${number} and deleted_at is null and id <> ${excludeId ?? '00000000-0000-0000-0000-000000000000'}::uuid`,
  );
  if (clash) throw new AppError('CONFLICT', { message: `number: contract ${number} already exists`, details: [{ field: 'number', problem: 'is already used by another contract', id: clash.id }] });
}

/**
 * Checks the covered items: products the actor can see, order lines of orders the actor can read (their
 * product taken when none is given, a different one refused), a serial number listed once per contract
 * and not covered by another contract in force over an overlapping period.
 */
async function checkItems(ctx: Ctx, tx: Db, items: Values[], contract: { id: string | null; startDate: string; endDate: string; status: string }): Promise<ContractItem[]> {
  const workspaceId = ctx.actor.workspaceId;
  const lineIds = Array.from(new Set(items.map((item) => item.orderLineId as string | null | undefined).filter((id): id is string => Boolean(id))));
  const lines = lineIds.length
    ? await rows<{ id: string; productId: string; quantity: string }>(
        tx,
        sql`select l.id, l.product_id as "productId", l.quantity::text as quantity from order_lines l join orders o on o.id = l.order_id
            where l.workspace_id = ${workspaceId} and ${accessCondition(ctx.actor, 'orders', 'read', 'o')} and l.id = any(${pgArrayLiteral(lineIds)}::uuid[])`,
      )
    : [];
  const lineById = new Map(lines.map((line) => [line.id, line]));
  const checked: ContractItem[] = items.map((item, index) => {
    const orderLineId = (item.orderLineId as string | null | undefined) ?? null;
    let productId = (item.productId as string | null | undefined) ?? null;
    if (orderLineId) {
      const line = lineById.get(orderLineId);
      if (!line) throw invalid(`items[${index}].orderLineId`, 'is not a line of an order you can see');
      if (productId && productId !== line.productId) throw invalid(`items[${index}].productId`, 'is not the product of that order line');
      productId = line.productId;
    }
    return { productId, serialNumber: (item.serialNumber as string | null | undefined) ?? null, quantity: (item.quantity as string | undefined) ?? '1', orderLineId };
  });
  const productIds = Array.from(new Set(checked.map((item) => item.productId).filter((id): id is string => Boolean(id))));
  if (productIds.length) {
    const found = await rows<{ id: string }>(tx, sql`select p.id from products p where ${accessCondition(ctx.actor, 'products', 'read', 'p')} and p.id = any(${pgArrayLiteral(productIds)}::uuid[])`);
    const known = new Set(found.map((row) => row.id));
    checked.forEach((item, index) => {
      if (item.productId && !known.has(item.productId)) throw invalid(`items[${index}].productId`, 'is not a product you can see');
    });
  }
  const seen = new Map<string, number>();
  checked.forEach((item, index) => {
    if (!item.serialNumber) return;
    const key = item.serialNumber.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) throw invalid(`items[${index}].serialNumber`, `is listed twice (also items[${first}])`);
    seen.set(key, index);
  });
  if (seen.size && contract.status !== 'terminated') {
    // Another contract in force (not a draft or terminated) whose period overlaps covers the same unit: refuse, so a case's coverage is unambiguous.
    const clash = await firstRow<{ serial: string; number: string }>(
      tx,
      sql`select lower(i.serial_number) as serial, c.number from service_contract_items i join service_contracts c on c.id = i.contract_id
          where i.workspace_id = ${workspaceId} and c.deleted_at is null and c.status = 'active' and ${contract.status === 'active'}
            and c.id <> ${contract.id ?? '00000000-0000-0000-0000-000000000000'}::uuid
            and c.start_date <= ${contract.endDate}::date and c.end_date >= ${contract.startDate}::date
            and lower(i.serial_number) = any(${pgArrayLiteral([...seen.keys()])}::text[])
          limit 1`,
    );
    if (clash) {
      const index = seen.get(clash.serial)!;
      throw new AppError('CONFLICT', {
        message: `items[${index}].serialNumber: ${checked[index].serialNumber} is already covered by contract ${clash.number} in an overlapping period`,
        details: [{ field: `items[${index}].serialNumber`, problem: `is already covered by contract ${clash.number} in an overlapping period` }],
      });
    }
  }
  return checked;
}

async function insertItems(tx: Db, workspaceId: string, contractId: string, items: ContractItem[]): Promise<void> {
  await tx.execute(sql`delete from service_contract_items where workspace_id = ${workspaceId} and contract_id = ${contractId}::uuid`);
  if (items.length === 0) return;
  const payload = items.map((item, position) => ({ position, product_id: item.productId, serial_number: item.serialNumber, quantity: item.quantity, order_line_id: item.orderLineId }));
  await tx.execute(sql`insert into service_contract_items (workspace_id, contract_id, position, product_id, serial_number, quantity, order_line_id)
    select ${workspaceId}::uuid, ${contractId}::uuid, x.position, x.product_id, x.serial_number, x.quantity, x.order_line_id
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(position int, product_id uuid, serial_number text, quantity numeric, order_line_id uuid)`);
}

export const serviceContractDefinition: ObjectDefinition = {
  object: 'service_contracts',
  recordType: 'service_contract',
  table: 'service_contracts',
  defaultSort: '-createdAt',
  createSchema: serviceContractCreateSchema,
  updateSchema: serviceContractUpdateSchema,
  displayName: (alias) => column(alias, 'number'),
  fields: withCommonFields({
    number: { column: 'number', type: 'text', sortable: true },
    kind: { column: 'kind', type: 'text', sortable: true },
    companyId: { column: 'company_id', type: 'uuid', nullable: true },
    contactId: { column: 'contact_id', type: 'uuid', nullable: true },
    startDate: { column: 'start_date', type: 'date', sortable: true },
    endDate: { column: 'end_date', type: 'date', sortable: true },
    status: { column: 'status', type: 'text', sortable: true },
    state: { column: 'state', type: 'text', readOnly: true, expression: stateExpression },
    serviceLevel: { column: 'service_level', type: 'text', nullable: true, sortable: true },
    visitsIncluded: { column: 'visits_included', type: 'integer', nullable: true, sortable: true },
    visitsUsed: { column: 'visits_used', type: 'integer', readOnly: true, expression: visitsUsedExpression },
    notes: { column: 'notes', type: 'text', nullable: true, hidden: true },
    items: { column: 'items', type: 'json', readOnly: true, hidden: true, expression: itemsExpression },
    itemsRevision: { column: 'items_revision', type: 'integer', readOnly: true, hidden: true },
  }),
  async prepare(ctx, tx, values, existing) {
    const workspaceId = ctx.actor.workspaceId;
    for (const [field, recordType] of references) {
      const id = values[field] as string | null | undefined;
      if (id && id !== existing?.[field]) await assertRecordVisible(ctx, tx, recordType, id, field);
    }
    const companyId = values.companyId !== undefined ? values.companyId : existing?.companyId;
    const contactId = values.contactId !== undefined ? values.contactId : existing?.contactId;
    if (!companyId && !contactId) throw invalid('companyId', 'a contract needs a customer: a company or a contact');
    const startDate = String(values.startDate ?? existing?.startDate);
    const endDate = String(values.endDate ?? existing?.endDate);
    if (endDate < startDate) throw invalid('endDate', `must not be before startDate (${startDate})`);
    if (values.number !== undefined && values.number !== existing?.number) await assertNumberFree(tx, workspaceId, values.number as string, (existing?.id as string) ?? null);
    if (!existing && values.number === undefined) values.number = await nextContractNumber(tx, workspaceId);
    const status = String(values.status ?? existing?.status ?? 'active');
    const periodOrStatusChanged = existing && (values.startDate !== undefined || values.endDate !== undefined || values.status !== undefined);
    let items = values.items as Values[] | undefined;
    delete values.items;
    if (items === undefined && periodOrStatusChanged) {
      // A new period or status must not make the stored serial numbers clash with another contract.
      items = ((existing!.items as Values[] | null) ?? []).map((item) => ({ productId: item.productId, serialNumber: item.serialNumber, quantity: item.quantity, orderLineId: item.orderLineId }));
      await checkItems(ctx, tx, items, { id: existing!.id as string, startDate, endDate, status });
      return;
    }
    if (items === undefined) {
      if (!existing) pendingItems.set(tx, [...(pendingItems.get(tx) ?? []), []]);
      return;
    }
    const checked = await checkItems(ctx, tx, items, { id: (existing?.id as string) ?? null, startDate, endDate, status });
    if (existing) {
      await insertItems(tx, workspaceId, existing.id as string, checked);
      values.itemsRevision = Number(existing.itemsRevision ?? 0) + 1;
    } else {
      pendingItems.set(tx, [...(pendingItems.get(tx) ?? []), checked]);
    }
  },
  async afterWrite(ctx, tx, action, _before, after) {
    if (action !== 'create') return 'unchanged';
    const queue = pendingItems.get(tx) ?? [];
    const items = queue.shift() ?? [];
    if (items.length === 0) return 'unchanged';
    await insertItems(tx, ctx.actor.workspaceId, after.id as string, items);
    await recordAudit(tx, ctx.actor, [{ recordType: 'service_contract', recordId: after.id as string, action: 'update', changes: { items: { from: [], to: items } } }]);
  },
};
