// orders.xml: one Документ (ХозОперация "Заказ товара") per order the actor may read, written page by
// page (keyset on id) so a long history never sits in memory; the caller encodes the text (UTF-8 or
// windows-1251, as 1C asks) while it streams.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

export const exportLimits = { pageSize: 500 };

/** Russian names of the order statuses as 1C shows them in ЗначенияРеквизитов "Статус заказа". */
export const statusNames: Record<string, string> = { new: 'Новый', in_progress: 'В работе', done: 'Выполнен', problem: 'Проблема', cancelled: 'Отменен' };

export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

const element = (name: string, value: unknown) => `<${name}>${escapeXml(value)}</${name}>`;

interface OrderRow {
  id: string;
  number: string;
  orderedAt: string;
  status: string;
  currency: string;
  total: string;
  notes: string | null;
  updatedAt: string;
  paymentStatus: string;
  companyId: string | null;
  companyName: string | null;
  inn: string | null;
  kpp: string | null;
  contactId: string | null;
  contactName: string | null;
}

interface LineRow {
  orderId: string;
  productId: string;
  externalId: string | null;
  sku: string;
  name: string;
  unit: string;
  price: string;
  quantity: string;
  amount: string;
}

export interface OrderExportOptions {
  /** Only orders not sent yet or changed since they were (the protocol's query). */
  pendingOnly?: boolean;
  /** Collects the ids and versions written (success marks them exchanged). */
  written?: { id: string; updatedAt: string }[];
}

/** The workspace's time zone (its business calendar's, Moscow by default): 1C reads Дата and Время as wall time. */
export async function workspaceTimeZone(db: Db, workspaceId: string): Promise<string> {
  const [row] = await rows<{ timeZone: string }>(db, sql`select time_zone as "timeZone" from business_calendars where workspace_id = ${workspaceId}`);
  return row?.timeZone ?? 'Europe/Moscow';
}

function dateParts(iso: string, timeZone: string): { date: string; time: string } {
  // sv-SE formats as "2026-12-07 15:04:05".
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return { date: local.slice(0, 10), time: local.slice(11, 19) };
}

function documentXml(order: OrderRow, lines: LineRow[], timeZone: string): string {
  const { date, time } = dateParts(order.orderedAt, timeZone);
  const counterparty = order.companyId
    ? `<Контрагент>${element('Ид', order.companyId)}${element('Наименование', order.companyName ?? '')}${element('ПолноеНаименование', order.companyName ?? '')}${order.inn ? element('ИНН', order.inn) : ''}${order.kpp ? element('КПП', order.kpp) : ''}${element('Роль', 'Покупатель')}</Контрагент>`
    : order.contactId
      ? `<Контрагент>${element('Ид', order.contactId)}${element('Наименование', order.contactName ?? '')}${element('ПолноеНаименование', order.contactName ?? '')}${element('Роль', 'Покупатель')}</Контрагент>`
      : '';
  const goods = lines
    .map(
      (line) =>
        `<Товар>${element('Ид', line.externalId || line.productId)}${element('Артикул', line.sku)}${element('Наименование', line.name)}<БазоваяЕдиница НаименованиеПолное="${escapeXml(line.unit)}">${escapeXml(line.unit)}</БазоваяЕдиница>` +
        `${element('ЦенаЗаЕдиницу', line.price)}${element('Количество', line.quantity)}${element('Сумма', line.amount)}` +
        `<ЗначенияРеквизитов><ЗначениеРеквизита>${element('Наименование', 'ВидНоменклатуры')}${element('Значение', 'Товар')}</ЗначениеРеквизита><ЗначениеРеквизита>${element('Наименование', 'ТипНоменклатуры')}${element('Значение', 'Товар')}</ЗначениеРеквизита></ЗначенияРеквизитов></Товар>`,
    )
    .join('');
  const requisites = [
    ['Статус заказа', statusNames[order.status] ?? order.status],
    ['Заказ оплачен', order.paymentStatus === 'paid' ? 'true' : 'false'],
    ['Отменен', order.status === 'cancelled' ? 'true' : 'false'],
  ]
    .map(([name, value]) => `<ЗначениеРеквизита>${element('Наименование', name)}${element('Значение', value)}</ЗначениеРеквизита>`)
    .join('');
  return (
    `<Документ>${element('Ид', order.id)}${element('Номер', order.number)}${element('Дата', date)}${element('ХозОперация', 'Заказ товара')}${element('Роль', 'Продавец')}` +
    `${element('Валюта', order.currency)}${element('Курс', 1)}${element('Сумма', order.total)}<Контрагенты>${counterparty}</Контрагенты>${element('Время', time)}` +
    `${order.notes ? element('Комментарий', order.notes) : ''}<Товары>${goods}</Товары><ЗначенияРеквизитов>${requisites}</ЗначенияРеквизитов></Документ>\n`
  );
}

async function orderPage(db: Db, ctx: Ctx, after: string | null, options: OrderExportOptions): Promise<OrderRow[]> {
  const conditions: SQL[] = [accessCondition(ctx.actor, 'orders', 'read', 'o')];
  if (after) conditions.push(sql`o.id > ${after}::uuid`);
  if (options.pendingOnly) {
    conditions.push(sql`not exists (select 1 from commerceml_order_exports e where e.order_id = o.id and e.order_updated_at >= o.updated_at)`);
  }
  return rows<OrderRow>(
    db,
    sql`select o.id, o.number, o.ordered_at as "orderedAt", o.status, o.currency, o.total::text as total, o.notes, o.updated_at as "updatedAt", o.payment_status as "paymentStatus",
               c.id as "companyId", c.name as "companyName", c.inn, c.kpp, ct.id as "contactId", ct.full_name as "contactName"
        from orders o
        left join companies c on c.id = o.company_id and ${accessCondition(ctx.actor, 'companies', 'read', 'c')}
        left join contacts ct on ct.id = o.contact_id and ${accessCondition(ctx.actor, 'contacts', 'read', 'ct')}
        where ${sql.join(conditions, sql` and `)}
        order by o.id limit ${exportLimits.pageSize}`,
  );
}

/** The text of orders.xml, piece by piece. */
export async function* ordersXml(ctx: Ctx, options: OrderExportOptions = {}): AsyncGenerator<string> {
  requirePermission(ctx.actor, 'orders', 'read');
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="${new Date().toISOString().slice(0, 19)}">\n`;
  const timeZone = await workspaceTimeZone(ctx.db, ctx.actor.workspaceId);
  let after: string | null = null;
  for (;;) {
    const orders = await orderPage(ctx.db, ctx, after, options);
    if (orders.length === 0) break;
    const lines = await rows<LineRow>(
      ctx.db,
      sql`select l.order_id as "orderId", l.product_id as "productId", p.external_id as "externalId", p.sku, p.name, p.unit,
                 l.price::text as price, l.quantity::text as quantity, l.amount::text as amount
          from order_lines l join products p on p.id = l.product_id
          where l.workspace_id = ${ctx.actor.workspaceId} and l.order_id = any(${pgArrayLiteral(orders.map((order) => order.id))}::uuid[])
          order by l.order_id, p.name, l.id`,
    );
    const byOrder = new Map<string, LineRow[]>();
    for (const line of lines) byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line]);
    yield orders.map((order) => documentXml(order, byOrder.get(order.id) ?? [], timeZone)).join('');
    options.written?.push(...orders.map((order) => ({ id: order.id, updatedAt: order.updatedAt })));
    if (orders.length < exportLimits.pageSize) break;
    after = orders[orders.length - 1].id;
  }
  yield '</КоммерческаяИнформация>\n';
}
