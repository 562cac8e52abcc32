// Who enters a sequence. In the transaction of the change (a domain-event subscriber, like gamification's): an
// order with lines of the product or category (created, lines replaced, or its status changed, never a cancelled
// one), a deal reaching the stage, a product created in a category the customer bought. Once a day per workspace
// (in its time zone): N days since the customer's last order, N days before a birthday. Every path ends in
// enrolContacts, one INSERT … SELECT: at most one running enrolment per (sequence, contact) (a unique index), and
// under the policy "never" none after a first one.
import { sql, type SQL } from 'drizzle-orm';
import { localToInstant, zoneOffset } from '@svyaz/shared';
import type { DomainEvent } from '../../core/domain-events.js';
import { subscribeToDomainEvents } from '../../core/domain-events.js';
import { firstRow, rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { loadBusinessCalendar } from '../sla/sla.service.js';

export interface EnrolTarget {
  id: string;
  workspaceId: string;
  reenrolment: 'never' | 'after_finish';
}

/**
 * Enrols the contacts `source` yields (columns contact_id, reason jsonb) and writes their "enrolled" events;
 * returns how many were enrolled. Deleted contacts and contacts of other workspaces are never enrolled.
 */
export async function enrolContacts(tx: Db, sequence: EnrolTarget, source: SQL, at?: Date): Promise<number> {
  const when = at ? sql`${at.toISOString()}::timestamptz` : sql`now()`;
  const result = await firstRow<{ count: number }>(
    tx,
    sql`with candidates as (${source}),
      picked as (
        select distinct on (c.contact_id) c.contact_id, c.reason from candidates c
        join contacts ct on ct.id = c.contact_id and ct.workspace_id = ${sequence.workspaceId} and ct.deleted_at is null
        where not exists (select 1 from sequence_enrolments e where e.sequence_id = ${sequence.id}::uuid and e.contact_id = c.contact_id
          and (e.status = 'running' or ${sequence.reenrolment} = 'never'))
        order by c.contact_id),
      inserted as (
        insert into sequence_enrolments (workspace_id, sequence_id, contact_id, next_run_at, reason, enrolled_at)
        select ${sequence.workspaceId}::uuid, ${sequence.id}::uuid, p.contact_id, ${when}, p.reason, ${when} from picked p
        on conflict do nothing
        returning id, contact_id, reason),
      events as (
        insert into sequence_events (workspace_id, enrolment_id, sequence_id, contact_id, kind, detail, occurred_at)
        select ${sequence.workspaceId}::uuid, i.id, ${sequence.id}::uuid, i.contact_id, 'enrolled', i.reason, ${when} from inserted i
        returning 1)
      select (select count(*) from inserted)::int as count, (select count(*) from events)::int as written`,
  );
  return Number(result?.count ?? 0);
}

interface ActiveSequence extends EnrolTarget {
  trigger: Record<string, unknown> & { kind: string };
}

async function activeSequences(db: Db, workspaceId: string, kinds: string[]): Promise<ActiveSequence[]> {
  return rows<ActiveSequence>(
    db,
    sql`select id, workspace_id as "workspaceId", reenrolment, trigger from sequences
        where workspace_id = ${workspaceId} and trigger_kind = any(${pgArrayLiteral(kinds)}::text[]) and is_active and deleted_at is null`,
  );
}

interface Wanted {
  orders: Set<string>;
  deals: Set<string>;
  products: Set<string>;
}

function collect(events: DomainEvent[]): Map<string, Wanted> {
  const byWorkspace = new Map<string, Wanted>();
  const wanted = (workspaceId: string) => {
    let found = byWorkspace.get(workspaceId);
    if (!found) byWorkspace.set(workspaceId, (found = { orders: new Set(), deals: new Set(), products: new Set() }));
    return found;
  };
  for (const event of events) {
    if (!event.recordId) continue;
    if (event.object === 'orders') {
      const changed = event.data?.changedFields;
      if (event.type === 'order.lines_changed' || (event.type === 'record.updated' && Array.isArray(changed) && changed.includes('status'))) wanted(event.workspaceId).orders.add(event.recordId);
    } else if (event.type === 'deal.stage_changed') wanted(event.workspaceId).deals.add(event.recordId);
    else if (event.object === 'products' && event.type === 'record.created') wanted(event.workspaceId).products.add(event.recordId);
  }
  return byWorkspace;
}

/** The subscriber: cheap for every event it does not care about (filtered in JavaScript, one query per workspace otherwise). */
export async function enrolFromEvents(tx: Db, events: DomainEvent[]): Promise<void> {
  const byWorkspace = collect(events);
  for (const [workspaceId, wanted] of byWorkspace) {
    const kinds = [...(wanted.orders.size ? ['purchase'] : []), ...(wanted.deals.size ? ['deal_stage'] : []), ...(wanted.products.size ? ['new_product'] : [])];
    if (kinds.length === 0) continue;
    const sequences = await activeSequences(tx, workspaceId, kinds);
    for (const sequence of sequences) {
      const trigger = sequence.trigger;
      if (trigger.kind === 'purchase') {
        const product = trigger.productId ? sql`l.product_id = ${trigger.productId as string}::uuid` : sql`p.category = ${trigger.category as string}`;
        await enrolContacts(tx, sequence, sql`
          select o.contact_id, jsonb_build_object('trigger', 'purchase', 'orderId', o.id, 'productId', l.product_id) as reason
          from orders o join order_lines l on l.order_id = o.id join products p on p.id = l.product_id
          where o.workspace_id = ${workspaceId} and o.id = any(${pgArrayLiteral([...wanted.orders])}::uuid[]) and o.deleted_at is null and o.status <> 'cancelled'
            and o.contact_id is not null and ${product}`);
      } else if (trigger.kind === 'deal_stage') {
        await enrolContacts(tx, sequence, sql`
          select d.contact_id, jsonb_build_object('trigger', 'deal_stage', 'dealId', d.id, 'stageId', d.stage_id) as reason from deals d
          where d.workspace_id = ${workspaceId} and d.id = any(${pgArrayLiteral([...wanted.deals])}::uuid[]) and d.deleted_at is null
            and d.contact_id is not null and d.stage_id = ${trigger.stageId as string}::uuid`);
      } else if (trigger.kind === 'new_product') {
        const category = trigger.category ? sql`and np.category = ${trigger.category as string}` : sql``;
        await enrolContacts(tx, sequence, sql`
          select o.contact_id, jsonb_build_object('trigger', 'new_product', 'productId', np.id, 'category', np.category) as reason
          from products np
          join products p on p.workspace_id = np.workspace_id and p.category = np.category and p.id <> np.id
          join order_lines l on l.workspace_id = p.workspace_id and l.product_id = p.id
          join orders o on o.id = l.order_id and o.deleted_at is null and o.status <> 'cancelled' and o.contact_id is not null
          where np.workspace_id = ${workspaceId} and np.id = any(${pgArrayLiteral([...wanted.products])}::uuid[]) and np.category is not null and np.deleted_at is null ${category}`);
      }
    }
  }
}

/** Hooks enrolment into every write of this process (API and worker). Idempotent. */
export function registerSequenceSubscriber(): void {
  subscribeToDomainEvents(enrolFromEvents);
}

const DAY = 86_400_000;

/** The workspace's calendar day at `at` (YYYY-MM-DD) and the instant a local day starts. */
function localDay(timeZone: string, at: Date): string {
  return new Date(at.getTime() + zoneOffset(timeZone, at.getTime())).toISOString().slice(0, 10);
}

/**
 * The daily triggers of every workspace with such a sequence, in its time zone (run hourly: each run is
 * idempotent for the day). "N days since the last order" enrols a customer whose last (not cancelled) order is
 * at least N local days old and who was not enrolled since it; "birthday" one whose birthday is N days ahead
 * and who was not enrolled in the last 300 days (February 29 counts on February 28 in other years).
 */
export async function runDailyTriggers(db: Db, at = new Date()): Promise<{ enrolled: number }> {
  const sequences = await rows<ActiveSequence>(
    db,
    sql`select id, workspace_id as "workspaceId", reenrolment, trigger from sequences where trigger_kind in ('days_since_order', 'birthday') and is_active and deleted_at is null order by workspace_id`,
  );
  let enrolled = 0;
  const zones = new Map<string, string>();
  for (const sequence of sequences) {
    let timeZone = zones.get(sequence.workspaceId);
    if (!timeZone) zones.set(sequence.workspaceId, (timeZone = (await loadBusinessCalendar(db, sequence.workspaceId)).timeZone));
    const today = localDay(timeZone, at);
    const ws = sequence.workspaceId;
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      if (sequence.trigger.kind === 'days_since_order') {
        const days = Number(sequence.trigger.days);
        // Orders before the start of the local day (today - days + 1) are at least `days` days old.
        const cutoff = new Date(localToInstant(timeZone, Date.parse(`${today}T00:00:00Z`) - (days - 1) * DAY)).toISOString();
        enrolled += await enrolContacts(tx, sequence, sql`
          select x.contact_id, jsonb_build_object('trigger', 'days_since_order', 'lastOrderedAt', x.last_at, 'days', ${days}::int) as reason
          from (select o.contact_id, max(o.ordered_at) as last_at from orders o
                where o.workspace_id = ${ws} and o.deleted_at is null and o.status <> 'cancelled' and o.contact_id is not null group by o.contact_id) x
          where x.last_at < ${cutoff}::timestamptz
            and not exists (select 1 from sequence_enrolments e where e.sequence_id = ${sequence.id}::uuid and e.contact_id = x.contact_id and e.enrolled_at >= x.last_at)`, at);
      } else {
        const target = new Date(Date.parse(`${today}T00:00:00Z`) + Number(sequence.trigger.daysBefore) * DAY).toISOString().slice(5, 10);
        const leapFallback = target === '02-28' && !isLeapYear(Number(today.slice(0, 4)) + (today.slice(5) > '02-28' ? 1 : 0)) ? sql`or to_char(c.birthday, 'MM-DD') = '02-29'` : sql``;
        enrolled += await enrolContacts(tx, sequence, sql`
          select c.id as contact_id, jsonb_build_object('trigger', 'birthday', 'birthday', c.birthday) as reason from contacts c
          where c.workspace_id = ${ws} and c.deleted_at is null and c.birthday is not null and (to_char(c.birthday, 'MM-DD') = ${target} ${leapFallback})
            and not exists (select 1 from sequence_enrolments e where e.sequence_id = ${sequence.id}::uuid and e.contact_id = c.id and e.enrolled_at > ${new Date(at.getTime() - 300 * DAY).toISOString()}::timestamptz)`, at);
      }
    });
  }
  return { enrolled };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
