// Compiles a report definition into ONE parameterised SQL statement. Fields and links are checked
// against the object metadata (an unknown one is a 400 naming it; one whose object the viewer may not
// read a 403 naming it); filters go through the list's own filter compiler; the source and every
// joined object carry their own accessCondition() for the viewer, so a report counts exactly the
// records (and shows exactly the linked values) the viewer's lists would show.
import { sql, type SQL } from 'drizzle-orm';
import { permissionLevel, requirePermission } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { AppError, invalid } from '../../core/errors.js';
import type { FieldSpec } from '../../core/records/definition.js';
import { buildFilterConditions, type ListParams } from '../../core/records/list-query.js';
import { fieldLookups, groupableTypes, numericTypes, orderedTypes, reportObjects, type ReportObject } from './report-objects.js';
import type { ReportDefinition } from './report-builder.schema.js';

/** At most this many groups (cells) come back; beyond it the largest by the first measure are kept. */
export const MAX_GROUPS = 500;

interface Join {
  path: string;
  alias: string;
  object: ReportObject;
  sql: SQL;
}

export interface ResolvedField {
  path: string;
  object: ReportObject;
  alias: string;
  /** The field name within its object (custom.key for a custom field). */
  leaf: string;
  spec: FieldSpec;
  ref: SQL;
}

export interface Dimension {
  field: ResolvedField;
  bucket: string | null;
  /** The grouped expression (a bucket start as a local timestamp for date buckets). */
  expression: SQL;
  label: ((key: SQL) => SQL) | null;
  order: ((key: SQL) => SQL) | null;
}

export interface CompiledReport {
  source: ReportObject;
  from: SQL;
  where: SQL[];
  dimensions: Dimension[];
  measures: { fn: string; field: ResolvedField | null; expression: SQL; numeric: boolean }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const casts: Record<string, string> = { integer: 'numeric', decimal: 'numeric', date: 'date', timestamp: 'timestamptz', boolean: 'boolean', uuid: 'uuid', text: 'text' };

function forbidden(field: string, value: string, object: string): AppError {
  return new AppError('FORBIDDEN', {
    message: `${field}: you may not read ${object}, so "${value}" cannot be used in a report`,
    details: [{ field, value, problem: `you may not read ${object}` }],
  });
}

export function compileReport(actor: Actor, definition: ReportDefinition): CompiledReport {
  const source = reportObjects[definition.source];
  requirePermission(actor, source.permission, 'read');
  const joins = new Map<string, Join>();
  const base = sql.raw(`"${source.definition.table}" as "t"`);

  /** Joins a link path (and its prefixes), checking each step against the metadata and the viewer's rights. */
  function join(path: string, param: string, declared: boolean): Join {
    let object = source;
    let alias = 't';
    let prefix = '';
    let found: Join | undefined;
    for (const segment of path.split('.')) {
      const link = object.links[segment];
      if (!link) {
        const known = Object.keys(object.links);
        throw invalid(param, `"${segment}" is not a link of ${object.key}${known.length ? `; links: ${known.join(', ')}` : ' (it has no links)'}`, { value: path });
      }
      prefix = prefix ? `${prefix}.${segment}` : segment;
      found = joins.get(prefix);
      if (!found) {
        if (!declared) throw invalid(param, `"${prefix}" is not joined; add it to joins`, { value: path });
        const target = reportObjects[link.target];
        if (permissionLevel(actor, target.permission, 'read') === 'none') throw forbidden(param, path, target.key);
        const targetAlias = `j${joins.size + 1}`;
        const on = sql`${link.on(alias, targetAlias)} and ${target.access(actor, targetAlias)}`;
        found = { path: prefix, alias: targetAlias, object: target, sql: sql`${sql.raw(link.required ? 'join' : 'left join')} ${sql.raw(`"${target.definition.table}" as "${targetAlias}"`)} on ${on}` };
        joins.set(prefix, found);
      }
      object = found.object;
      alias = found.alias;
    }
    return found!;
  }

  for (const [path, link] of Object.entries(source.links)) if (link.required) join(path, 'joins', true);
  definition.joins.forEach((path, index) => join(path, `joins[${index}]`, true));

  /** A field path: link segments, then a field of the object reached (or custom.key). */
  function resolve(path: string, param: string, options: { filter?: boolean } = {}): ResolvedField {
    const segments = path.split('.');
    let object = source;
    let alias = 't';
    let index = 0;
    while (index < segments.length - 1 && object.links[segments[index]] && segments[index] !== 'custom') {
      const joined = join(segments.slice(0, index + 1).join('.'), param, false);
      object = joined.object;
      alias = joined.alias;
      index += 1;
    }
    const leaf = segments.slice(index).join('.');
    if (permissionLevel(actor, object.permission, 'read') === 'none') throw forbidden(param, path, object.key);
    if (leaf.startsWith('custom.') && leaf.length > 'custom.'.length && !leaf.slice(7).includes('.')) {
      const spec: FieldSpec = { column: 'custom', type: 'text', nullable: true };
      return { path, object, alias, leaf, spec, ref: sql`(${sql.raw(`"${alias}"."custom"`)} ->> ${leaf.slice(7)})` };
    }
    const spec = object.definition.fields[leaf];
    if (!spec) {
      if (options.filter && object.definition.filters?.[leaf]) return { path, object, alias, leaf, spec: { column: leaf, type: 'text' }, ref: sql`null` };
      throw invalid(param, `"${leaf}" is not a field of ${object.key}`, { value: path });
    }
    if (leaf === 'deletedAt') throw invalid(param, 'deleted records are not in reports', { value: path });
    return { path, object, alias, leaf, spec, ref: spec.expression ? spec.expression(alias) : sql.raw(`"${alias}"."${spec.column}"`) };
  }

  const where: SQL[] = [source.access(actor, 't')];
  definition.filters.forEach((filter, index) => {
    const field = resolve(filter.field, `filters[${index}].field`, { filter: true });
    const params: ListParams = { filters: [{ field: field.leaf, op: filter.op, value: filter.value }], sort: { field: 'id', desc: false }, limit: 1, count: false, includeDeleted: false };
    try {
      where.push(...buildFilterConditions(field.object.definition, params, field.alias));
    } catch (error) {
      // The list compiler names its query parameter; a report names the filter.
      if (error instanceof AppError && Array.isArray(error.details)) {
        for (const detail of error.details as { field?: string }[]) detail.field = `filters[${index}].value`;
        throw new AppError(error.code, { message: `filters[${index}].value: ${(error.details as { problem?: string }[])[0]?.problem ?? error.message}`, details: error.details });
      }
      throw error;
    }
  });

  const dimensions: Dimension[] = definition.groupBy.map((group, index) => {
    const param = `groupBy[${index}].field`;
    const field = resolve(group.field, param);
    if (!groupableTypes.includes(field.spec.type)) throw invalid(param, `cannot group by "${group.field}" (a ${field.spec.type} field)`, { value: group.field });
    const isDate = field.spec.type === 'date' || field.spec.type === 'timestamp';
    if (group.bucket && !isDate) throw invalid(`groupBy[${index}].bucket`, `"${group.field}" is not a date field; buckets apply to dates only`);
    const bucket = isDate ? (group.bucket ?? 'day') : null;
    if (bucket) {
      // The offset was checked by the schema (±HH:MM), so it is safe inline; one literal keeps the plan stable.
      const local = field.spec.type === 'timestamp' ? sql`(${field.ref} at time zone ${sql.raw(`interval '${definition.tz}'`)})` : sql`(${field.ref})::timestamp`;
      return { field, bucket, expression: sql`date_trunc(${sql.raw(`'${bucket}'`)}, ${local})`, label: null, order: null };
    }
    const lookup = fieldLookups[field.leaf];
    const link = Object.values(field.object.links).find((candidate) => candidate.field === field.leaf);
    if (field.spec.type === 'uuid' && lookup) return { field, bucket, expression: field.ref, label: lookup.label, order: lookup.order };
    if (field.spec.type === 'uuid' && link) {
      const target = reportObjects[link.target];
      const name = (key: SQL) =>
        sql`(select ${target.definition.displayName('l')} from ${sql.raw(`"${target.definition.table}" as "l"`)} where "l"."id" = ${key} and ${target.access(actor, 'l')})`;
      return { field, bucket, expression: field.ref, label: name, order: (key) => sql`${name(key)} collate "und-x-icu"` };
    }
    return { field, bucket, expression: field.ref, label: null, order: field.spec.collate ? (key) => sql`${key} collate "und-x-icu"` : null };
  });

  const measures = definition.measures.map((measure, index) => {
    const param = `measures[${index}].field`;
    if (measure.fn === 'count') {
      if (measure.field) throw invalid(param, 'count counts records; give no field (use distinctCount to count values)');
      return { fn: 'count', field: null, expression: sql`count(*)`, numeric: false };
    }
    if (!measure.field) throw invalid(param, `${measure.fn} needs a field`);
    const field = resolve(measure.field, param);
    if (measure.fn === 'distinctCount') {
      if (!groupableTypes.includes(field.spec.type)) throw invalid(param, `cannot count distinct values of "${measure.field}"`, { value: measure.field });
      return { fn: measure.fn, field, expression: sql`count(distinct ${field.ref})`, numeric: false };
    }
    const allowed = measure.fn === 'sum' || measure.fn === 'avg' ? numericTypes : orderedTypes;
    if (!allowed.includes(field.spec.type)) throw invalid(param, `${measure.fn} needs a ${measure.fn === 'sum' || measure.fn === 'avg' ? 'number' : 'number or date'} field; "${measure.field}" is ${field.spec.type}`, { value: measure.field });
    return { fn: measure.fn, field, expression: sql`${sql.raw(measure.fn)}(${field.ref})`, numeric: true };
  });

  const from = sql.join([base, ...[...joins.values()].map((item) => item.sql)], sql` `);
  return { source, from, where, dimensions, measures };
}

/** The statement of a run: groups and measures, at most MAX_GROUPS + 1 cells, labels and order resolved in SQL. */
export function runStatement(compiled: CompiledReport): SQL {
  const { dimensions, measures } = compiled;
  const groupColumns = dimensions.map((dimension, index) => sql`${dimension.expression} as ${sql.raw(`g${index}`)}`);
  const measureColumns = measures.map((measure, index) => sql`${measure.expression} as ${sql.raw(`m${index}`)}`);
  const groupBy = dimensions.length ? sql` group by ${sql.raw(dimensions.map((_, index) => String(index + 1)).join(', '))}` : sql``;
  const outer: SQL[] = [];
  const order: SQL[] = [];
  dimensions.forEach((dimension, index) => {
    const key = sql.raw(`c.g${index}`);
    outer.push(dimension.bucket ? sql`to_char(${key}, 'YYYY-MM-DD') as ${sql.raw(`"k${index}"`)}` : sql`${key}::text as ${sql.raw(`"k${index}"`)}`);
    outer.push(dimension.label ? sql`${dimension.label(key)} as ${sql.raw(`"l${index}"`)}` : sql`null::text as ${sql.raw(`"l${index}"`)}`);
    if (dimension.order) order.push(sql`${dimension.order(key)} nulls last`);
    order.push(sql`${key} nulls last`);
  });
  measures.forEach((measure, index) => {
    const value = sql.raw(`c.m${index}`);
    const text = measure.fn === 'avg' ? sql`round(${value}, 2)::text` : measure.numeric ? sql`${value}::text` : sql`${value}::int`;
    outer.push(sql`${text} as ${sql.raw(`"m${index}"`)}`);
  });
  outer.push(sql`c.group_count::int as "groupCount"`);
  return sql`with cells as (select ${sql.join([...groupColumns, ...measureColumns], sql`, `)} from ${compiled.from} where ${sql.join(compiled.where, sql` and `)}${groupBy}),
    top as (select cells.*, count(*) over () as group_count from cells order by m0 desc nulls last limit ${MAX_GROUPS + 1})
    select ${sql.join(outer, sql`, `)} from top c${order.length ? sql` order by ${sql.join(order, sql`, `)}` : sql``}`;
}

/** The conditions selecting the records behind one cell: each group-by equal to the cell's value. */
export function cellConditions(compiled: CompiledReport, cell: (string | null)[]): SQL[] {
  if (cell.length !== compiled.dimensions.length) throw invalid('cell', `needs ${compiled.dimensions.length} value(s), one per group-by`);
  return compiled.dimensions.map((dimension, index) => {
    const value = cell[index];
    const param = `cell[${index}]`;
    if (value === null) return sql`${dimension.expression} is null`;
    if (dimension.bucket) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw invalid(param, `"${value}" is not a date YYYY-MM-DD`);
      return sql`${dimension.expression} = ${value}::timestamp`;
    }
    const type = dimension.field.spec.type;
    if (type === 'uuid' && !UUID.test(value)) throw invalid(param, `"${value}" is not a UUID`);
    if ((type === 'integer' || type === 'decimal') && !/^-?\d+(\.\d+)?$/.test(value)) throw invalid(param, `"${value}" is not a number`);
    if (type === 'boolean' && value !== 'true' && value !== 'false') throw invalid(param, 'must be true or false');
    if (type === 'date' && Number.isNaN(Date.parse(value))) throw invalid(param, `"${value}" is not a date`);
    if (type === 'timestamp' && Number.isNaN(Date.parse(value))) throw invalid(param, `"${value}" is not a date-time`);
    return sql`${dimension.expression} = ${value}::${sql.raw(casts[type] ?? 'text')}`;
  });
}

/** The statement of a drill-down page: the source's records behind a cell, in id order after the cursor. */
export function drillStatement(compiled: CompiledReport, cell: (string | null)[], after: string | null, limit: number): { page: SQL; count: SQL } {
  const where = [...compiled.where, ...cellConditions(compiled, cell)];
  const fields = new Map<string, SQL>();
  for (const dimension of compiled.dimensions) fields.set(dimension.field.path, dimension.field.ref);
  for (const measure of compiled.measures) if (measure.field) fields.set(measure.field.path, measure.field.ref);
  const columns = [sql`"t"."id"::text as "id"`, sql`${compiled.source.definition.displayName('t')} as "name"`];
  if (compiled.source.key === 'orderLines') columns.push(sql`"t"."order_id"::text as "orderId"`);
  [...fields.entries()].forEach(([, ref], index) => columns.push(sql`(${ref})::text as ${sql.raw(`"f${index}"`)}`));
  const page = sql`select ${sql.join(columns, sql`, `)} from ${compiled.from} where ${sql.join(where, sql` and `)}${after ? sql` and "t"."id" > ${after}::uuid` : sql``} order by "t"."id" limit ${limit + 1}`;
  const count = sql`select count(*)::int as total from ${compiled.from} where ${sql.join(where, sql` and `)}`;
  return { page, count };
}

export function drillFields(compiled: CompiledReport): string[] {
  const fields = new Set<string>();
  for (const dimension of compiled.dimensions) fields.add(dimension.field.path);
  for (const measure of compiled.measures) if (measure.field) fields.add(measure.field.path);
  return [...fields];
}
