// The forecast's figures: open deals by expected close month weighted by their stage's probability and by
// the workspace's own stage-to-won rates, those rates, and what was forecast at the start of past months
// against what was won in them. Only deals the viewer may read count (their rates are theirs too).
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { moneyText, teamCondition } from './sales-analyses.sql.js';

export interface ForecastScope {
  /** null: every pipeline. */
  pipelineId: string | null;
  teamIds: string[] | null;
}

const pipelineCondition = (alias: string, scope: ForecastScope): SQL =>
  scope.pipelineId ? sql`${sql.raw(`"${alias}"."pipeline_id"`)} = ${scope.pipelineId}` : sql`true`;
const dealScope = (actor: Actor, scope: ForecastScope): SQL =>
  sql`${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', scope.teamIds)} and ${pipelineCondition('d', scope)}`;

/**
 * Per open stage: of the deals closed (won or lost) in [since, until) that were ever in the stage, how many
 * were won. rate is null where no such deal exists (the caller falls back to the stage's probability).
 */
const ratesCte = (actor: Actor, scope: ForecastScope, since: string, until: string) => sql`
  rates as (
    select s.id as stage_id, s.pipeline_id, s.name, s.position, s.probability,
           count(distinct d.id) filter (where cs.id is not null)::int as closed, count(distinct d.id) filter (where cs.kind = 'won')::int as won
    from stages s
    left join deal_stage_history h on h.to_stage_id = s.id and h.workspace_id = ${actor.workspaceId}
    left join deals d on d.id = h.deal_id and ${dealScope(actor, scope)}
      and d.closed_at >= ${since}::timestamptz and d.closed_at < ${until}::timestamptz
    left join stages cs on cs.id = d.stage_id and cs.kind in ('won', 'lost')
    where s.workspace_id = ${actor.workspaceId} and s.deleted_at is null and s.kind = 'open' and ${pipelineCondition('s', scope)}
    group by s.id
  )`;

export async function selectStageRates(db: Db, actor: Actor, scope: ForecastScope, since: string, until: string) {
  return rows<{ stageId: string; pipelineId: string; name: string; probability: number; closed: number; won: number }>(
    db,
    sql`with ${ratesCte(actor, scope, since, until)}
        select stage_id as "stageId", pipeline_id as "pipelineId", name, probability, closed, won from rates
        order by pipeline_id, position`,
  );
}

/**
 * Open deals now, by bucket: their expected close month (YYYY-MM) between firstMonth and lastMonth, 'overdue'
 * before it, 'later' after it, 'undated' without a date. weighted: amount x stage probability; historical:
 * amount x the stage's rate (its probability where the rate has no closed deals behind it).
 */
export async function selectOpenForecast(db: Db, actor: Actor, scope: ForecastScope, months: { first: string; last: string }, since: string, until: string) {
  const monthStart = `${months.first}-01`;
  return rows<{ bucket: string; count: number; amount: string; weighted: string; historical: string }>(
    db,
    sql`with ${ratesCte(actor, scope, since, until)},
        open_deals as (
          select d.amount, s.probability, r.closed, r.won,
                 case when d.expected_close_date is null then 'undated'
                      when d.expected_close_date < ${monthStart}::date then 'overdue'
                      when to_char(d.expected_close_date, 'YYYY-MM') > ${months.last} then 'later'
                      else to_char(d.expected_close_date, 'YYYY-MM') end as bucket
          from deals d join stages s on s.id = d.stage_id and s.kind = 'open'
          left join rates r on r.stage_id = s.id
          where ${dealScope(actor, scope)}
        )
        select bucket, count(*)::int as count, ${moneyText(sql`sum(amount)`)} as amount,
               ${moneyText(sql`sum(amount * probability / 100.0)`)} as weighted,
               ${moneyText(sql`sum(case when closed > 0 then amount * won / closed::numeric else amount * probability / 100.0 end)`)} as historical
        from open_deals group by bucket`,
  );
}

/**
 * What the forecast said at `start` for the month [start, end): the deals that existed and were open then,
 * in the stage they were in then (deal_stage_history), with the expected close date they had then (the
 * first audited change of expectedCloseDate after `start` tells what it was; without one, today's value),
 * falling in that month; weighted by today's stage probability. And what was won in the month.
 */
export async function selectMonthAccuracy(db: Db, actor: Actor, scope: ForecastScope, month: { key: string; start: string; end: string }) {
  const [row] = await rows<{ count: number; amount: string; forecast: string; wonCount: number; won: string }>(
    db,
    sql`with snapshot as (
          select d.amount, s.probability,
                 case when ch.found then ch.value else d.expected_close_date::text end as expected
          from deals d
          left join lateral (select h.to_stage_id from deal_stage_history h
                             where h.deal_id = d.id and h.workspace_id = ${actor.workspaceId} and h.entered_at < ${month.start}::timestamptz
                             order by h.entered_at desc, h.id limit 1) at_start on true
          join stages s on s.id = coalesce(at_start.to_stage_id, d.stage_id) and s.kind = 'open'
          left join lateral (select true as found, a.changes -> 'expectedCloseDate' ->> 'from' as value from audit_events a
                             where a.workspace_id = ${actor.workspaceId} and a.record_id = d.id and a.record_type = 'deal' and a.action <> 'create'
                               and a.changes ? 'expectedCloseDate' and a.occurred_at >= ${month.start}::timestamptz
                             order by a.occurred_at, a.id limit 1) ch on true
          where ${dealScope(actor, scope)} and d.created_at < ${month.start}::timestamptz
            and (d.closed_at is null or d.closed_at >= ${month.start}::timestamptz)
        ),
        won as (
          select count(*)::int as count, sum(d.amount) as amount from deals d join stages s on s.id = d.stage_id and s.kind = 'won'
          where ${dealScope(actor, scope)} and d.closed_at >= ${month.start}::timestamptz and d.closed_at < ${month.end}::timestamptz
        )
        select (select count(*)::int from snapshot where left(expected, 7) = ${month.key}) as count,
               ${moneyText(sql`(select sum(amount) from snapshot where left(expected, 7) = ${month.key})`)} as amount,
               ${moneyText(sql`(select sum(amount * probability / 100.0) from snapshot where left(expected, 7) = ${month.key})`)} as forecast,
               (select count from won) as "wonCount", ${moneyText(sql`(select amount from won)`)} as won`,
  );
  return row;
}
