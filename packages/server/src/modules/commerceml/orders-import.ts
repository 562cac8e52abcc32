// Orders coming back from 1C: each Документ (ХозОперация "Заказ товара") names one of our orders by Ид
// or Номер; its ЗначенияРеквизитов carry "Статус заказа" (-> the order's status through the record
// engine) and "Дата оплаты" / "Номер оплаты" (-> a payment of what is still due, through the orders
// service, once per payment number). Documents of orders we do not have are counted and left alone.
import { sql } from 'drizzle-orm';
import { orderStatuses } from '@svyaz/shared';
import { rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { applyUpdate, isUuid } from '../../core/records/record-service.js';
import { orderDefinition } from '../orders/orders.definition.js';
import { addPayment } from '../orders/orders.service.js';
import { statusNames, workspaceTimeZone } from './orders-export.js';
import { booleanOf } from './commerceml-values.js';
import { childrenIn, textOf, xmlProblem, type XmlNode } from './xml-stream.js';

export interface OrderImportCounts {
  documents: number;
  ordersUpdated: number;
  payments: number;
  unknownOrders: number;
}

const statusWords: [RegExp, string][] = [
  [/^(нов|new)/, 'new'],
  [/^(отмен|cancel)/, 'cancelled'],
  [/^(выполн|закрыт|заверш|доставлен|done|complete)/, 'done'],
  [/^(проблем|problem)/, 'problem'],
  [/^(принят|в работе|в обработке|оплачен|собран|отгружен|in.progress)/, 'in_progress'],
];

/** Our status for what 1C writes ("[N] Принят", "Выполнен", "done"); null when it is none of them. */
export function statusOf(value: string): string | null {
  const text = value.trim().toLowerCase().replace(/^\[[a-z]\]\s*/, '');
  if ((orderStatuses as readonly string[]).includes(text)) return text;
  const byName = Object.entries(statusNames).find(([, name]) => name.toLowerCase() === text);
  if (byName) return byName[0];
  return statusWords.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** "2026-12-07T10:15:00", "2026-12-07 10:15" or "07.12.2026 10:15:00", wall time in timeZone, as an ISO instant. */
export function wallTimeToIso(value: string, timeZone: string): string | null {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  const russian = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]] : russian ? [russian[3], russian[2], russian[1], russian[4], russian[5], russian[6]] : null;
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.map((part) => Number(part ?? 0));
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(guess)) return null;
  // The zone's offset at that moment: format the guess there and see how far the wall clock moved.
  const shown = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(guess));
  const offset = Date.parse(`${shown.replace(' ', 'T')}Z`) - guess;
  return new Date(guess - offset).toISOString();
}

export class OrderStatusImport {
  readonly counts: OrderImportCounts = { documents: 0, ordersUpdated: 0, payments: 0, unknownOrders: 0 };
  private pending: { node: XmlNode; path: string }[] = [];
  private timeZone: string | null = null;

  static readonly paths = new Set(['КоммерческаяИнформация/Документ', 'КоммерческаяИнформация/Контейнер/Документ']);

  constructor(
    private readonly ctx: Ctx,
    private readonly tx: Db,
  ) {}

  take(node: XmlNode, path: string): void {
    this.pending.push({ node, path });
  }

  async drain(): Promise<void> {
    this.timeZone ??= await workspaceTimeZone(this.tx, this.ctx.actor.workspaceId);
    for (const { node, path } of this.pending.splice(0)) await this.apply(node, path);
  }

  private async apply(node: XmlNode, path: string): Promise<void> {
    this.counts.documents++;
    const operation = textOf(node, 'ХозОперация');
    if (operation && operation !== 'Заказ товара') return;
    const id = textOf(node, 'Ид');
    const number = textOf(node, 'Номер');
    if (!id && !number) throw xmlProblem(`${path}/Ид`, node.line, 'a document without Ид or Номер: it cannot be matched to an order');
    const [order] = await rows<{ id: string; total: string; paidTotal: string }>(
      this.tx,
      sql`select id, total::text as total, paid_total::text as "paidTotal" from orders
          where workspace_id = ${this.ctx.actor.workspaceId} and deleted_at is null
            and (${isUuid(id) ? sql`id = ${id}::uuid` : sql`false`} or number = ${number || id})
          order by (id::text = ${id}) desc limit 1`,
    );
    if (!order) {
      this.counts.unknownOrders++;
      return;
    }
    const requisites = new Map<string, { value: string; line: number }>();
    for (const requisite of childrenIn(node, 'ЗначенияРеквизитов', 'ЗначениеРеквизита')) {
      requisites.set(textOf(requisite, 'Наименование').toLowerCase(), { value: textOf(requisite, 'Значение'), line: requisite.line });
    }
    const find = (prefix: string) => Array.from(requisites.entries()).find(([name]) => name.startsWith(prefix))?.[1];
    const txCtx = { ...this.ctx, db: this.tx };
    const place = `${path} (line ${node.line})/`;
    const statusText = find('статус заказа');
    let status = statusText?.value ? statusOf(statusText.value) : null;
    if (statusText?.value && !status) throw xmlProblem(`${path}/ЗначенияРеквизитов/ЗначениеРеквизита`, statusText.line, `the order status "${statusText.value}" is unknown (expected one of: ${Object.values(statusNames).join(', ')})`);
    if (booleanOf(find('отменен')?.value ?? '') === true) status = 'cancelled';
    if (status) {
      const before = await rows<{ status: string }>(this.tx, sql`select status from orders where id = ${order.id}`);
      await applyUpdate(txCtx, this.tx, orderDefinition, order.id, { status }, { prefix: place, audit: { meta: { source: '1c' } } });
      if (before[0]?.status !== status) this.counts.ordersUpdated++;
    }
    const paidAtText = find('дата оплаты');
    if (paidAtText?.value) await this.pay(txCtx, order, paidAtText, find('номер оплаты')?.value ?? '', path);
  }

  private async pay(txCtx: Ctx, order: { id: string; total: string }, paidAt: { value: string; line: number }, reference: string, path: string): Promise<void> {
    const paidAtIso = wallTimeToIso(paidAt.value, this.timeZone!);
    if (!paidAtIso) throw xmlProblem(`${path}/ЗначенияРеквизитов/ЗначениеРеквизита`, paidAt.line, `"${paidAt.value}" is not a payment date`);
    const ref = (reference || `1C ${paidAt.value}`).slice(0, 200);
    const [state] = await rows<{ paid: string; seen: boolean }>(
      this.tx,
      sql`select coalesce(sum(amount), 0)::numeric(18,2)::text as paid, coalesce(bool_or(method = '1C' and reference = ${ref}), false) as seen
          from payments where workspace_id = ${this.ctx.actor.workspaceId} and order_id = ${order.id}`,
    );
    const due = Math.round((Number(order.total) - Number(state.paid)) * 100) / 100;
    if (state.seen || due <= 0) return;
    try {
      await addPayment(txCtx, order.id, { amount: due.toFixed(2), paidAt: paidAtIso, method: '1C', reference: ref });
    } catch (error) {
      if (error instanceof AppError && Array.isArray(error.details)) for (const detail of error.details as { field?: string }[]) if (detail.field) detail.field = `${path} (line ${paidAt.line})/${detail.field}`;
      throw error;
    }
    this.counts.payments++;
  }
}
