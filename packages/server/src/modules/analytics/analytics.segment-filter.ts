// `filter[segment][eq]=N` (or `[in]=1,3`) on the companies list: companies in that segment of the newest
// ready model, by a semi-join on analytics_segment_members (written when the model was trained).
import { sql, type SQL } from 'drizzle-orm';
import { invalid } from '../../core/errors.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

export function segmentFilter(op: string, value: string, alias: string, param: string): SQL {
  if (op !== 'eq' && op !== 'in') throw invalid(param, 'segments are filtered with eq or in');
  const segments = value.split(',').map((item) => item.trim());
  if (segments.some((item) => !/^\d{1,6}$/.test(item)) || (op === 'eq' && segments.length > 1)) {
    throw invalid(param, op === 'eq' ? 'must be a segment number' : 'must be segment numbers separated by commas');
  }
  const company = sql.raw(`"${alias}"`);
  return sql`exists (select 1 from analytics_segment_members m
    where m.company_id = ${company}.id and m.segment = any(${pgArrayLiteral(segments)}::int[])
      and m.model_id = (select am.id from analytics_models am where am.workspace_id = ${company}.workspace_id and am.kind = 'hybrid' and am.status = 'ready' order by am.version desc limit 1))`;
}
