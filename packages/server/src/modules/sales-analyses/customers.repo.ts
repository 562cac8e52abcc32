// Customers' purchases: RFM scores, repeat purchases and churn, and purchases by attributes. A purchase is a
// readable order that is not cancelled, or a readable won deal of a company that no live order was made from
// (so a deal and its order are never counted twice). The customer is the company.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { localMonth, moneyText, teamCondition, type Window } from './sales-analyses.sql.js';
import type { PurchaseDimension } from './sales-analyses.schema.js';

/** Purchases in [start, end) as (company_id, at, amount). */
function purchases(actor: Actor, teamIds: string[] | null, start: string, end: string): SQL {
  return sql`
    select o.company_id, o.ordered_at as at, o.total as amount from orders o
    where ${accessCondition(actor, 'orders', 'read', 'o')} and ${teamCondition('o', teamIds)} and o.status <> 'cancelled'
      and o.company_id is not null and o.ordered_at >= ${start}::timestamptz and o.ordered_at < ${end}::timestamptz
    union all
    select d.company_id, d.closed_at, d.amount from deals d join stages s on s.id = d.stage_id and s.kind = 'won'
    where ${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', teamIds)}
      and d.company_id is not null and d.closed_at >= ${start}::timestamptz and d.closed_at < ${end}::timestamptz
      and not exists (select 1 from orders x where x.workspace_id = ${actor.workspaceId} and x.deal_id = d.id and x.deleted_at is null and x.status <> 'cancelled')`;
}

/** Score 1-5 from the rank among all customers: ties share a score (percent_rank gives them the lowest rank). */
const quintile = (order: SQL) => sql`least(5, 1 + floor(percent_rank() over (order by ${order}) * 5))::int`;

export interface CustomerScore {
  companyId: string;
  name: string | null;
  lastAt: string;
  recencyDays: number;
  frequency: number;
  monetary: string;
  r: number;
  f: number;
  m: number;
}

/**
 * Every customer with a purchase in the window: days from their last purchase to the window's end, number of
 * purchases and their sum, and R, F, M scores 1-5 among these customers (5 = most recent, most frequent, most spent).
 */
export async function selectCustomerScores(db: Db, actor: Actor, window: Window) {
  return rows<CustomerScore>(
    db,
    sql`with p as (${purchases(actor, window.teamIds, window.start, window.end)}),
        customers as (
          select company_id, max(at) as last_at, count(*)::int as frequency, sum(amount) as monetary,
                 extract(epoch from ${window.end}::timestamptz - max(at)) / 86400.0 as recency
          from p group by company_id
        )
        select cu.company_id as "companyId", c.name, cu.last_at as "lastAt", floor(cu.recency)::int as "recencyDays",
               cu.frequency, ${moneyText(sql`cu.monetary`)} as monetary,
               ${quintile(sql`cu.recency desc`)} as r, ${quintile(sql`cu.frequency`)} as f, ${quintile(sql`cu.monetary`)} as m
        from customers cu
        left join companies c on c.id = cu.company_id and ${accessCondition(actor, 'companies', 'read', 'c')}
        order by cu.monetary desc, cu.company_id`,
  );
}

/** Customers who bought in [previousStart, start) and how many of them bought again in [start, end). */
export async function selectRetention(db: Db, actor: Actor, window: Window, previousStart: string) {
  const [row] = await rows<{ previous: number; retained: number }>(
    db,
    sql`with before as (select distinct company_id from (${purchases(actor, window.teamIds, previousStart, window.start)}) p),
             now as (select distinct company_id from (${purchases(actor, window.teamIds, window.start, window.end)}) p)
        select (select count(*)::int from before) as previous,
               (select count(*)::int from before join now using (company_id)) as retained`,
  );
  return row;
}

const dimension: Record<PurchaseDimension, (tz: string) => SQL> = {
  industry: () => sql`nullif(btrim(c.industry), '')`,
  region: () => sql`nullif(btrim(c.region), '')`,
  city: () => sql`nullif(btrim(c.city), '')`,
  category: () => sql`nullif(btrim(p.category), '')`,
  month: (tz) => localMonth(sql`o.ordered_at`, tz),
};

export interface PurchaseFilters {
  industry?: string;
  region?: string;
  category?: string;
}

/**
 * Order lines of readable, not cancelled orders placed in the window, grouped by one attribute: of the
 * customer (industry, region, city: empty when the company is not readable), of the product (category) or
 * the local month. Lines take their order's rights, as in the report builder.
 */
export async function selectPurchases(db: Db, actor: Actor, window: Window, by: PurchaseDimension, filters: PurchaseFilters, limit: number) {
  const conditions: SQL[] = [];
  if (filters.industry) conditions.push(sql`c.industry = ${filters.industry}`);
  if (filters.region) conditions.push(sql`c.region = ${filters.region}`);
  if (filters.category) conditions.push(sql`p.category = ${filters.category}`);
  const key = dimension[by](window.tz);
  return rows<{ key: string | null; orders: number; customers: number; quantity: string; amount: string }>(
    db,
    sql`select ${key} as key, count(distinct o.id)::int as orders, count(distinct o.company_id)::int as customers,
               coalesce(sum(ol.quantity), 0)::text as quantity, ${moneyText(sql`sum(ol.amount)`)} as amount
        from order_lines ol
        join orders o on o.id = ol.order_id
        left join companies c on c.id = o.company_id and ${accessCondition(actor, 'companies', 'read', 'c')}
        left join products p on p.id = ol.product_id and ${accessCondition(actor, 'products', 'read', 'p', { includeDeleted: true })}
        where ol.workspace_id = ${actor.workspaceId} and ${accessCondition(actor, 'orders', 'read', 'o')} and ${teamCondition('o', window.teamIds)}
          and o.status <> 'cancelled' and o.ordered_at >= ${window.start}::timestamptz and o.ordered_at < ${window.end}::timestamptz
          ${conditions.length ? sql`and ${sql.join(conditions, sql` and `)}` : sql``}
        group by 1
        order by ${by === 'month' ? sql`1` : sql`sum(ol.amount) desc nulls last, 1`}
        limit ${limit}`,
  );
}
