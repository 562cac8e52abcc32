// Sales cycle, regions and lead sources: grouped in SQL over the records the viewer may read. A joined
// record carries its own accessCondition() inside the LEFT JOIN (as in the report builder), so a readable
// deal of an unreadable company still counts, without the company's attributes.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { inWindow, moneyText, teamCondition, type Window } from './sales-analyses.sql.js';

/** Histogram buckets of the sales cycle, in days: [0, 7), [7, 14), ... [365, ∞). */
export const CYCLE_BUCKETS = [0, 7, 14, 30, 60, 90, 180, 365] as const;

const cycleDays = sql`extract(epoch from d.closed_at - d.created_at) / 86400.0`;
const wonDeals = (actor: Actor, window: Window, pipelineId: string | null): SQL => sql`
  deals d join stages s on s.id = d.stage_id and s.kind = 'won'
  where ${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', window.teamIds)}
    and ${pipelineId ? sql`d.pipeline_id = ${pipelineId}` : sql`true`} and ${inWindow(sql`d.closed_at`, window)}`;

/** Won deals closed in the window by cycle bucket (lower edge in days). */
export async function selectCycleHistogram(db: Db, actor: Actor, window: Window, pipelineId: string | null) {
  const edges = sql.raw(`array[${CYCLE_BUCKETS.join(',')}]::float8[]`);
  return rows<{ bucket: number; count: number; amount: string }>(
    db,
    sql`select (${edges})[width_bucket(greatest(${cycleDays}, 0)::float8, ${edges})]::int as bucket, count(*)::int as count, ${moneyText(sql`sum(d.amount)`)} as amount
        from ${wonDeals(actor, window, pipelineId)} group by 1 order by 1`,
  );
}

/** Won deals closed in the window per pipeline (null: all of them): count, median and quartiles of the cycle in days. */
export async function selectCycleStatistics(db: Db, actor: Actor, window: Window, pipelineId: string | null) {
  return rows<{ pipelineId: string | null; count: number; medianDays: number | null; p25Days: number | null; p75Days: number | null; averageDays: number | null; amount: string }>(
    db,
    sql`select d.pipeline_id as "pipelineId", count(*)::int as count,
               percentile_cont(0.5) within group (order by ${cycleDays})::float8 as "medianDays",
               percentile_cont(0.25) within group (order by ${cycleDays})::float8 as "p25Days",
               percentile_cont(0.75) within group (order by ${cycleDays})::float8 as "p75Days",
               avg(${cycleDays})::float8 as "averageDays", ${moneyText(sql`sum(d.amount)`)} as amount
        from ${wonDeals(actor, window, pipelineId)}
        group by grouping sets ((d.pipeline_id), ())`,
  );
}

/**
 * Per region and city of the readable companies: the companies (of the team, when one is asked for), the
 * deals won in the window and the orders placed in it (not cancelled) by the team's people.
 */
export async function selectRegions(db: Db, actor: Actor, window: Window) {
  return rows<{ region: string | null; city: string | null; companies: number; wonCount: number; wonAmount: string; orderCount: number; orderAmount: string }>(
    db,
    sql`with won as (
          select d.company_id, count(*) as count, sum(d.amount) as amount
          from deals d join stages s on s.id = d.stage_id and s.kind = 'won'
          where ${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', window.teamIds)} and ${inWindow(sql`d.closed_at`, window)}
            and d.company_id is not null
          group by d.company_id
        ),
        ordered as (
          select o.company_id, count(*) as count, sum(o.total) as amount
          from orders o
          where ${accessCondition(actor, 'orders', 'read', 'o')} and ${teamCondition('o', window.teamIds)} and ${inWindow(sql`o.ordered_at`, window)}
            and o.status <> 'cancelled' and o.company_id is not null
          group by o.company_id
        )
        select nullif(btrim(c.region), '') as region, nullif(btrim(c.city), '') as city,
               count(*) filter (where ${teamCondition('c', window.teamIds)})::int as companies,
               coalesce(sum(won.count), 0)::int as "wonCount", ${moneyText(sql`sum(won.amount)`)} as "wonAmount",
               coalesce(sum(ordered.count), 0)::int as "orderCount", ${moneyText(sql`sum(ordered.amount)`)} as "orderAmount"
        from companies c
        left join won on won.company_id = c.id
        left join ordered on ordered.company_id = c.id
        where ${accessCondition(actor, 'companies', 'read', 'c')}
        group by 1, 2
        having count(*) filter (where ${teamCondition('c', window.teamIds)}) > 0 or sum(won.count) > 0 or sum(ordered.count) > 0`,
  );
}

/** Leads created in the window per source: how many, and how many were converted (to a deal or not). */
export async function selectLeadsBySource(db: Db, actor: Actor, window: Window) {
  return rows<{ source: string | null; leads: number; converted: number }>(
    db,
    sql`select nullif(btrim(l.source), '') as source, count(*)::int as leads,
               count(*) filter (where l.status = 'converted' or l.converted_at is not null)::int as converted
        from leads l
        where ${accessCondition(actor, 'leads', 'read', 'l')} and ${teamCondition('l', window.teamIds)} and ${inWindow(sql`l.created_at`, window)}
        group by 1`,
  );
}

/**
 * Deals created in the window per source: the source of the lead they came from, else the deal's own, else
 * its company's. How many, how many are won by now and for how much, and how many came from a lead.
 */
export async function selectDealsBySource(db: Db, actor: Actor, window: Window) {
  return rows<{ source: string | null; deals: number; fromLeads: number; wonCount: number; wonAmount: string; lostCount: number }>(
    db,
    sql`select coalesce(nullif(btrim(l.source), ''), nullif(btrim(d.source), ''), nullif(btrim(c.source), '')) as source,
               count(*)::int as deals, count(l.id)::int as "fromLeads",
               count(*) filter (where s.kind = 'won')::int as "wonCount", ${moneyText(sql`sum(d.amount) filter (where s.kind = 'won')`)} as "wonAmount",
               count(*) filter (where s.kind = 'lost')::int as "lostCount"
        from deals d
        join stages s on s.id = d.stage_id
        left join leads l on l.id = d.lead_id and ${accessCondition(actor, 'leads', 'read', 'l', { includeDeleted: true })}
        left join companies c on c.id = d.company_id and ${accessCondition(actor, 'companies', 'read', 'c')}
        where ${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', window.teamIds)} and ${inWindow(sql`d.created_at`, window)}
        group by 1`,
  );
}
