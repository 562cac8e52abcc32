// The funnel of one pipeline over the deals created in the period (a cohort), from deal_stage_history:
// how many deals reached (or passed) each stage, how long they stayed in it before moving on, and at
// which stage and why the lost ones were lost. Only deals the viewer may read are counted.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { inWindow, moneyText, teamCondition, type Window } from './sales-analyses.sql.js';

const cohort = (actor: Actor, pipelineId: string, window: Window) => sql`
  cohort as (
    select d.id, d.amount, d.stage_id, s.kind,
           coalesce((select r.label from lost_reasons r where r.id = d.lost_reason_id), d.lost_reason) as lost_reason
    from deals d join stages s on s.id = d.stage_id
    where ${accessCondition(actor, 'deals', 'read', 'd')} and ${teamCondition('d', window.teamIds)}
      and d.pipeline_id = ${pipelineId} and ${inWindow(sql`d.created_at`, window)}
  )`;

export interface StageReach {
  stageId: string;
  reached: number;
  amount: string;
}

/**
 * Per open stage of the pipeline, the cohort's deals that were ever in it or in a later open stage, or
 * were won ("reached or passed": a deal moved from the first stage straight to won passed them all).
 */
export async function selectReach(db: Db, actor: Actor, pipelineId: string, window: Window) {
  return rows<StageReach>(
    db,
    sql`with ${cohort(actor, pipelineId, window)},
        furthest as (
          select c.id, c.amount, c.kind, max(s.position) filter (where s.kind = 'open') as position
          from cohort c
          cross join lateral (select h.to_stage_id as stage_id from deal_stage_history h where h.deal_id = c.id and h.workspace_id = ${actor.workspaceId}
                              union select c.stage_id) visited
          join stages s on s.id = visited.stage_id and s.pipeline_id = ${pipelineId}
          group by c.id, c.amount, c.kind
        )
        select s.id as "stageId", count(f.id)::int as reached, ${moneyText(sql`sum(f.amount)`)} as amount
        from stages s
        left join furthest f on f.kind = 'won' or f.position >= s.position
        where s.workspace_id = ${actor.workspaceId} and s.pipeline_id = ${pipelineId} and s.deleted_at is null and s.kind = 'open'
        group by s.id, s.position order by s.position`,
  );
}

/** The cohort by the kind of stage it is in now. */
export async function selectOutcomes(db: Db, actor: Actor, pipelineId: string, window: Window) {
  return rows<{ kind: string; count: number; amount: string }>(
    db,
    sql`with ${cohort(actor, pipelineId, window)}
        select kind, count(*)::int as count, ${moneyText(sql`sum(amount)`)} as amount from cohort group by kind`,
  );
}

/**
 * Median (and quartiles of) time spent in each stage of the pipeline by the cohort's deals: a stay lasts from
 * entering the stage to the next history row of the same deal. A stay still going on (the deal is in the stage
 * now) is not counted: its length is not known yet.
 */
export async function selectStageTimes(db: Db, actor: Actor, pipelineId: string, window: Window) {
  return rows<{ stageId: string; stays: number; medianSeconds: number; p25Seconds: number; p75Seconds: number }>(
    db,
    sql`with ${cohort(actor, pipelineId, window)},
        stays as (
          select h.to_stage_id as stage_id, h.entered_at,
                 lead(h.entered_at) over (partition by h.deal_id order by h.entered_at, h.id) as left_at
          from deal_stage_history h join cohort c on c.id = h.deal_id
          where h.workspace_id = ${actor.workspaceId}
        )
        select st.stage_id as "stageId", count(*)::int as stays,
               percentile_cont(0.5) within group (order by extract(epoch from st.left_at - st.entered_at))::float8 as "medianSeconds",
               percentile_cont(0.25) within group (order by extract(epoch from st.left_at - st.entered_at))::float8 as "p25Seconds",
               percentile_cont(0.75) within group (order by extract(epoch from st.left_at - st.entered_at))::float8 as "p75Seconds"
        from stays st join stages s on s.id = st.stage_id and s.pipeline_id = ${pipelineId}
        where st.left_at is not null
        group by st.stage_id`,
  );
}

/**
 * The cohort's lost deals by the stage they were in when lost (the stage the last move into the lost stage
 * came from; without history, the furthest open stage they reached) and by reason.
 */
export async function selectLosses(db: Db, actor: Actor, pipelineId: string, window: Window) {
  return rows<{ stageId: string | null; reason: string | null; count: number; amount: string }>(
    db,
    sql`with ${cohort(actor, pipelineId, window)}
        select lost."stageId", lost.reason, count(*)::int as count, ${moneyText(sql`sum(lost.amount)`)} as amount
        from (
          select c.amount, nullif(btrim(c.lost_reason), '') as reason, coalesce(
                   (select h.from_stage_id from deal_stage_history h join stages fs on fs.id = h.from_stage_id and fs.pipeline_id = ${pipelineId} and fs.kind = 'open'
                    where h.deal_id = c.id and h.workspace_id = ${actor.workspaceId} and h.to_stage_id = c.stage_id order by h.entered_at desc, h.id limit 1),
                   (select s.id from deal_stage_history h join stages s on s.id = h.to_stage_id and s.pipeline_id = ${pipelineId} and s.kind = 'open'
                    where h.deal_id = c.id and h.workspace_id = ${actor.workspaceId} order by s.position desc limit 1)
                 ) as "stageId"
          from cohort c where c.kind = 'lost'
        ) lost
        group by lost."stageId", lost.reason`,
  );
}
