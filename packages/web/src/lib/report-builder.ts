// The report builder's pure parts: the definition and result types of /reports/run, the field paths a
// source offers through its joins, how a group value is shown (labels, buckets in Russian or English),
// and the ECharts option and pivot matrix drawn from a result.
import type { Locale } from './format';
import { formatCompact, formatMoney, formatNumber } from './format';

export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type MeasureFn = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'distinctCount';
export type ChartKind = 'bar' | 'line' | 'pie' | 'donut' | 'funnel' | 'table' | 'pivot';

export interface ReportDefinition {
  source: string;
  joins: string[];
  filters: { field: string; op: string; value: string }[];
  groupBy: { field: string; bucket?: Bucket }[];
  measures: { fn: MeasureFn; field?: string }[];
  chart: ChartKind;
  tz: string;
}

export interface ReportRow {
  keys: (string | null)[];
  labels: (string | null)[];
  values: (number | string | null)[];
}

export interface ReportResult {
  /** The definition as the server ran it (defaults filled in). */
  definition: ReportDefinition;
  columns: { key: string; kind: 'group' | 'measure'; field: string | null; fn?: MeasureFn; bucket?: Bucket | null }[];
  rows: ReportRow[];
  capped: { limit: number; groups: number; fields: string[]; message: string } | null;
}

export interface MetadataObject {
  key: string;
  permission: string;
  readable: boolean;
  recordType: string;
  defaultDate: string;
  fields: { name: string; type: string; freeText: boolean }[];
  links: { name: string; target: string; field: string | null }[];
}

export interface ReportMetadata {
  sources: string[];
  objects: MetadataObject[];
  maxGroups: number;
}

export interface FieldOption {
  /** The path a definition uses: amount, company.industry. */
  path: string;
  /** The object the field belongs to, and its name there. */
  object: string;
  name: string;
  type: string;
  /** Link names leading to it (empty for the source's own fields). */
  via: string[];
}

/** Every link path of a source up to two links deep (deal, deal.company), readable targets only. */
export function linkPaths(metadata: ReportMetadata, source: string): { path: string; target: string; names: string[] }[] {
  const byKey = new Map(metadata.objects.map((object) => [object.key, object]));
  const result: { path: string; target: string; names: string[] }[] = [];
  const walk = (objectKey: string, prefix: string[], depth: number) => {
    const object = byKey.get(objectKey);
    if (!object || depth > 2) return;
    for (const link of object.links) {
      const target = byKey.get(link.target);
      if (!target?.readable) continue;
      const names = [...prefix, link.name];
      result.push({ path: names.join('.'), target: link.target, names });
      walk(link.target, names, depth + 1);
    }
  };
  walk(source, [], 1);
  return result;
}

/** The fields a definition may use: the source's and those of each joined link. */
export function fieldOptions(metadata: ReportMetadata, source: string, joins: string[]): FieldOption[] {
  const byKey = new Map(metadata.objects.map((object) => [object.key, object]));
  const own = byKey.get(source);
  if (!own) return [];
  const options: FieldOption[] = own.fields.map((field) => ({ path: field.name, object: source, name: field.name, type: field.type, via: [] }));
  const paths = new Map(linkPaths(metadata, source).map((link) => [link.path, link]));
  for (const join of joins) {
    const link = paths.get(join);
    const target = link && byKey.get(link.target);
    if (!link || !target) continue;
    for (const field of target.fields) options.push({ path: `${join}.${field.name}`, object: target.key, name: field.name, type: field.type, via: link.names });
  }
  return options;
}

export const groupableTypes = ['text', 'integer', 'decimal', 'date', 'timestamp', 'boolean', 'uuid'];
export const isDateType = (type: string) => type === 'date' || type === 'timestamp';
export const isNumericType = (type: string) => type === 'integer' || type === 'decimal';

/** Which fields a measure function accepts. */
export function fieldsForMeasure(fn: MeasureFn, options: FieldOption[]): FieldOption[] {
  if (fn === 'count') return [];
  if (fn === 'sum' || fn === 'avg') return options.filter((option) => isNumericType(option.type));
  if (fn === 'min' || fn === 'max') return options.filter((option) => isNumericType(option.type) || isDateType(option.type));
  return options.filter((option) => groupableTypes.includes(option.type));
}

/** A bucket start (YYYY-MM-DD) as people read it: 7 дек. 2026, нед. с 7 дек., дек. 2026, I кв. 2026, 2026. */
export function formatBucket(value: string, bucket: Bucket, locale: Locale): string {
  const date = new Date(`${value}T00:00:00Z`);
  const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
  if (bucket === 'year') return value.slice(0, 4);
  if (bucket === 'quarter') {
    const quarter = Math.floor(date.getUTCMonth() / 3) + 1;
    return locale === 'ru' ? `${['I', 'II', 'III', 'IV'][quarter - 1]} кв. ${date.getUTCFullYear()}` : `Q${quarter} ${date.getUTCFullYear()}`;
  }
  if (bucket === 'month') return format({ month: 'short', year: 'numeric' });
  if (bucket === 'week') return `${locale === 'ru' ? 'нед. с' : 'week of'} ${format({ day: 'numeric', month: 'short', year: 'numeric' })}`;
  return format({ day: 'numeric', month: 'short', year: 'numeric' });
}

/** Whether a measure's figures are money (sum, average, min or max of an amount or total). */
export function isMoneyMeasure(measure: { fn: MeasureFn; field?: string }): boolean {
  return measure.fn !== 'count' && measure.fn !== 'distinctCount' && /(amount|total|price|paidTotal)$/i.test(measure.field ?? '');
}

export function formatMeasure(value: number | string | null, measure: { fn: MeasureFn; field?: string }, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  if (isMoneyMeasure(measure)) return formatMoney(value, locale);
  return formatNumber(value, locale);
}

/** Group values of one dimension in the order the result has them, each with its display text. */
function distinctKeys(rows: ReportRow[], index: number, text: (row: ReportRow) => string): { key: string | null; text: string }[] {
  const seen = new Map<string, { key: string | null; text: string }>();
  for (const row of rows) {
    const id = String(row.keys[index]);
    if (!seen.has(id)) seen.set(id, { key: row.keys[index], text: text(row) });
  }
  return [...seen.values()];
}

export interface Pivot {
  rows: { key: string | null; text: string }[];
  columns: { key: string | null; text: string }[];
  /** cells[row][column]: the first measure, or null where no records are. */
  cells: (number | string | null)[][];
  rowTotals: number[];
  columnTotals: number[];
}

/** The first measure as a matrix: the first group-by down, the second across. */
export function pivot(result: ReportResult, groupText: (row: ReportRow, index: number) => string): Pivot {
  const rows = distinctKeys(result.rows, 0, (row) => groupText(row, 0));
  const columns = distinctKeys(result.rows, 1, (row) => groupText(row, 1));
  const rowIndex = new Map(rows.map((item, index) => [String(item.key), index]));
  const columnIndex = new Map(columns.map((item, index) => [String(item.key), index]));
  const cells = rows.map(() => columns.map(() => null as number | string | null));
  const rowTotals = rows.map(() => 0);
  const columnTotals = columns.map(() => 0);
  for (const row of result.rows) {
    const r = rowIndex.get(String(row.keys[0]))!;
    const c = columnIndex.get(String(row.keys[1]))!;
    cells[r][c] = row.values[0];
    rowTotals[r] += Number(row.values[0] ?? 0);
    columnTotals[c] += Number(row.values[0] ?? 0);
  }
  return { rows, columns, cells, rowTotals, columnTotals };
}

/** The ECharts option of a result; each data item carries the row it came from (`cell`) for the drill-down. */
export function chartOption(result: ReportResult, definition: ReportDefinition, groupText: (row: ReportRow, index: number) => string, measureName: (index: number) => string, locale: Locale): Record<string, unknown> | null {
  const measure = definition.measures[0];
  const money = measure ? isMoneyMeasure(measure) : false;
  const valueFormatter = (value: number) => (money ? formatMoney(value, locale) : formatNumber(value, locale));
  const number = (value: number | string | null) => (value === null ? 0 : Number(value));
  const kind = definition.chart;
  if (kind === 'table' || kind === 'pivot' || result.rows.length === 0) return null;
  if (kind === 'pie' || kind === 'donut' || kind === 'funnel') {
    const data = result.rows.map((row) => ({ name: groupText(row, 0), value: number(row.values[0]), cell: row.keys }));
    const series =
      kind === 'funnel'
        ? { type: 'funnel', name: measureName(0), data, sort: 'descending', left: '10%', width: '80%', label: { show: true, position: 'inside' } }
        : { type: 'pie', name: measureName(0), data, radius: kind === 'donut' ? ['45%', '72%'] : '72%', label: { formatter: '{b}' } };
    return { tooltip: { trigger: 'item', valueFormatter }, legend: { bottom: 0, type: 'scroll' }, series: [series] };
  }
  const type = kind === 'line' ? 'line' : 'bar';
  const categories = distinctKeys(result.rows, 0, (row) => groupText(row, 0));
  const categoryIndex = new Map(categories.map((item, index) => [String(item.key), index]));
  let series: Record<string, unknown>[];
  if (definition.groupBy.length === 2) {
    // One series per value of the second group-by, stacked for bars.
    const seriesKeys = distinctKeys(result.rows, 1, (row) => groupText(row, 1));
    series = seriesKeys.map((item) => {
      const data: ({ value: number; cell: (string | null)[] } | null)[] = categories.map(() => null);
      for (const row of result.rows) if (String(row.keys[1]) === String(item.key)) data[categoryIndex.get(String(row.keys[0]))!] = { value: number(row.values[0]), cell: row.keys };
      return { type, name: item.text, data, stack: type === 'bar' ? 'total' : undefined, connectNulls: true };
    });
  } else {
    series = definition.measures.map((_, index) => ({ type, name: measureName(index), data: result.rows.map((row) => ({ value: number(row.values[index]), cell: row.keys })) }));
  }
  const labels = definition.groupBy.length ? categories.map((item) => item.text) : [measureName(0)];
  return {
    tooltip: { trigger: 'axis', valueFormatter },
    legend: series.length > 1 ? { bottom: 0, type: 'scroll' } : undefined,
    grid: { left: 64, right: 16, top: 16, bottom: (labels.length > 8 ? 64 : 32) + (series.length > 1 ? 28 : 0) },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatCompact(value, locale) } },
    series,
  };
}

/** Whether a chart option needs the parts in echarts-report.ts (lines, pies, funnels, legends). */
export function needsReportCharts(option: Record<string, unknown>): boolean {
  const series = Array.isArray(option.series) ? option.series : [option.series];
  return Boolean(option.legend) || series.some((item) => ['line', 'pie', 'funnel'].includes((item as { type?: string } | undefined)?.type ?? ''));
}

/** JSON with sorted keys: two definitions are the same report whatever order their keys came in. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
