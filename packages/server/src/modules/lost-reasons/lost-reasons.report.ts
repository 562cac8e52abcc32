// "Why deals are lost" (issue 16): the deals of a pipeline that were lost (closed_at) in the period, by
// reason — count and amount — over the deals the viewer may read (accessCondition) of the team asked for.
// Deals lost before reasons were a list carry only free text: they form one "other / legacy text" row.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { parseBody } from '../../core/validation.js';
import { rows } from '../../db/client.js';
import { inWindow, moneyText, teamCondition } from '../sales-analyses/sales-analyses.sql.js';
import { funnelQuerySchema } from '../sales-analyses/sales-analyses.schema.js';
import { resolvePeriod, resolvePipeline, resolveTeam, windowOf } from '../sales-analyses/sales-analyses.window.js';

export const lostReasonReportQuerySchema = funnelQuerySchema;

export interface LostReasonRow {
  /** null: the deals with free text only (lost before reasons were a list). */
  reasonId: string | null;
  key: string | null;
  label: string | null;
  isOther: boolean;
  archived: boolean;
  count: number;
  amount: string;
}

export async function getLostReasonReport(ctx: Ctx, query: unknown) {
  const input = parseBody(lostReasonReportQuerySchema as z.ZodType<z.infer<typeof funnelQuerySchema>>, query ?? {});
  const pipeline = await resolvePipeline(ctx, input.pipelineId, 'default');
  const period = resolvePeriod(input);
  const teamIds = await resolveTeam(ctx, input.teamId);
  const window = windowOf(period, teamIds);
  if (!pipeline) return { period, teamIds, pipeline: null, totals: { count: 0, amount: '0.00' }, reasons: [] as LostReasonRow[], closedAt: null };
  const found = await rows<LostReasonRow>(
    ctx.db,
    sql`select r.id as "reasonId", r.key, r.label, coalesce(r.is_other, false) as "isOther", (r.archived_at is not null and r.id is not null) as archived,
               count(*)::int as count, ${moneyText(sql`sum(d.amount)`)} as amount, min(coalesce(r.position, 1000000)) as position
        from deals d
        join stages s on s.id = d.stage_id and s.kind = 'lost'
        left join lost_reasons r on r.id = d.lost_reason_id and r.workspace_id = d.workspace_id
        where ${accessCondition(ctx.actor, 'deals', 'read', 'd')} and ${teamCondition('d', window.teamIds)}
          and d.pipeline_id = ${pipeline.id} and ${inWindow(sql`d.closed_at`, window)}
        group by r.id, r.key, r.label, r.is_other, r.archived_at
        order by count(*) desc, min(coalesce(r.position, 1000000)), r.id nulls last`,
  );
  const reasons = found.map(({ reasonId, key, label, isOther, archived, count, amount }) => ({ reasonId, key, label, isOther, archived, count, amount }));
  const total = reasons.reduce((sum, row) => ({ count: sum.count + row.count, cents: sum.cents + Math.round(Number(row.amount) * 100) }), { count: 0, cents: 0 });
  return {
    period,
    teamIds,
    pipeline: { id: pipeline.id, name: pipeline.name },
    totals: { count: total.count, amount: (total.cents / 100).toFixed(2) },
    reasons,
    /** The closedAt range of the drill-down list (filter[closedAt][gte] / [lt]). */
    closedAt: { gte: window.start, lt: window.end },
  };
}
