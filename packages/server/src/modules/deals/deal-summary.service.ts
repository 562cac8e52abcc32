// Totals of the deals a list shows: the same filter[...] parameters and access rights as the deal
// list, aggregated over every matching deal (not the loaded page). The weighted total multiplies each
// deal's amount by its stage's probability; closed deals count with their stage's probability too
// (won 100 %, lost 0 %), so the figure is the list's expected value.
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { buildFilterConditions, parseListParams } from '../../core/records/list-query.js';
import { ALIAS } from '../../core/records/record-service.js';
import { dealDefinition } from './deals.definition.js';

export interface DealSummary {
  count: number;
  sum: string;
  weightedSum: string;
}

export async function summariseDeals(ctx: Ctx, query: Record<string, unknown>): Promise<DealSummary> {
  requirePermission(ctx.actor, 'deals', 'read');
  const params = parseListParams(dealDefinition, query);
  const where = [accessCondition(ctx.actor, 'deals', 'read', ALIAS), ...buildFilterConditions(dealDefinition, params, ALIAS)];
  const alias = sql.raw(`"${ALIAS}"`);
  const [summary] = await rows<DealSummary>(
    ctx.db,
    sql`select count(*)::int as count, coalesce(sum(${alias}.amount), 0)::numeric(18,2)::text as sum,
          coalesce(sum(${alias}.amount * coalesce(st.probability, 0) / 100), 0)::numeric(18,2)::text as "weightedSum"
        from deals as ${alias} left join stages st on st.id = ${alias}.stage_id
        where ${sql.join(where, sql` and `)}`,
  );
  return summary;
}
