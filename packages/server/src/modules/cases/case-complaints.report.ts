// The complaints report (the seed's "analysis of complaints, claims, refusals"): cases of the complaint
// categories (configurable: case_categories.is_complaint, or ?categories=) created in a period, counted per
// period, category, product, company and manager, with resolution time and the share reopened. Only cases the
// viewer may read are counted (accessCondition), and a company's or product's name is shown only to a viewer
// who may read that record (the count stays, the name is hidden).
import { sql, type SQL } from 'drizzle-orm';
import { complaintsReportQuerySchema } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { complaintCategoryKeys, loadCaseCategories } from './case-categories.service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

const TIME_ZONE = 'Europe/Moscow';
const hours = (column: SQL) => sql`round((extract(epoch from avg(${column})) / 3600)::numeric, 1)::float8`;

interface GroupRow {
  key: string | null;
  name: string | null;
  count: number;
  resolved: number;
  reopened: number;
  avgResolutionHours: number | null;
}

const normalise = (row: GroupRow) => ({
  key: row.key,
  name: row.name,
  count: Number(row.count),
  resolved: Number(row.resolved),
  reopened: Number(row.reopened),
  reopenedShare: Number(row.count) > 0 ? Math.round((Number(row.reopened) / Number(row.count)) * 1000) / 1000 : 0,
  avgResolutionHours: row.avgResolutionHours === null ? null : Number(row.avgResolutionHours),
});

export async function complaintsReport(ctx: Ctx, query: Record<string, unknown>) {
  requirePermission(ctx.actor, 'cases', 'read');
  const input = parseBody(complaintsReportQuerySchema, Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')));
  const ws = ctx.actor.workspaceId;
  const all = await loadCaseCategories(ctx.db, ws);
  let keys = await complaintCategoryKeys(ctx.db, ws);
  if (input.categories) {
    keys = input.categories.split(',').map((key) => key.trim()).filter(Boolean);
    const unknown = keys.filter((key) => !all.some((category) => category.key === key));
    if (unknown.length) throw invalid('categories', `not categories of this workspace: ${unknown.join(', ')}`);
  }
  // Today in the report's zone: the UTC date is yesterday there late in the evening, which dropped the newest cases.
  const to = input.to ?? new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const from = input.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) throw invalid('from', 'must not be after to');
  const ru = ctx.actor.locale !== 'en';
  const scope = sql`${accessCondition(ctx.actor, 'cases', 'read', 'c')} and c.category = any(${pgArrayLiteral(keys)}::text[])
    and c.created_at >= (${from}::date)::timestamp at time zone ${TIME_ZONE} and c.created_at < ((${to}::date + 1)::timestamp at time zone ${TIME_ZONE})`;
  const measures = sql`count(*)::int as count, count(c.resolved_at)::int as resolved, count(*) filter (where c.reopened_count > 0)::int as reopened,
    ${hours(sql`c.resolved_at - c.created_at`)} as "avgResolutionHours"`;
  const grouped = (key: SQL, name: SQL, from: SQL = sql``) =>
    rows<GroupRow>(ctx.db, sql`select ${key}::text as key, ${name} as name, ${measures} from cases c ${from} where ${scope} group by 1 order by count desc, 2 nulls last limit 50`);
  const trunc = sql.raw(`'${input.period}'`);
  const [totals, periods, categories, products, companies, managers] = await Promise.all([
    rows<GroupRow & { medianResolutionHours: number | null }>(
      ctx.db,
      sql`select null::text as key, null::text as name, ${measures},
            (percentile_cont(0.5) within group (order by extract(epoch from c.resolved_at - c.created_at)) / 3600)::float8 as "medianResolutionHours"
          from cases c where ${scope}`,
    ),
    rows<GroupRow>(ctx.db, sql`select to_char(date_trunc(${trunc}, c.created_at at time zone ${TIME_ZONE}), 'YYYY-MM-DD') as key, null::text as name, ${measures} from cases c where ${scope} group by 1 order by 1`),
    grouped(sql`c.category`, sql`max(${ru ? sql`k.name_ru` : sql`k.name_en`})`, sql`left join case_categories k on k.workspace_id = c.workspace_id and k.key = c.category`),
    grouped(sql`c.product_id`, sql`max(case when ${accessCondition(ctx.actor, 'products', 'read', 'p')} then p.name end)`, sql`left join products p on p.id = c.product_id`),
    grouped(sql`c.company_id`, sql`max(case when ${accessCondition(ctx.actor, 'companies', 'read', 'co')} then co.name end)`, sql`left join companies co on co.id = c.company_id`),
    grouped(sql`c.owner_id`, sql`max(u.name)`, sql`left join users u on u.id = c.owner_id`),
  ]);
  const total = totals[0];
  return {
    from,
    to,
    period: input.period,
    categories: keys,
    totals: { ...normalise(total), medianResolutionHours: total.medianResolutionHours === null ? null : Math.round(Number(total.medianResolutionHours) * 10) / 10 },
    byPeriod: periods.map(normalise),
    byCategory: categories.map(normalise),
    byProduct: products.map(normalise),
    byCompany: companies.map(normalise),
    byManager: managers.map(normalise),
  };
}
