// Parses list parameters (filters with operators, sort, keyset cursor, field selection)
// into SQL for one object definition. Anything unknown or malformed is a 400 naming the parameter.
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { normalisePhone } from '@svyaz/shared';
import { AppError, invalid } from '../errors.js';
import { pgArrayLiteral } from '../sql-values.js';
import type { FieldSpec, ObjectDefinition } from './definition.js';

export const filterOperators = ['eq', 'ne', 'lt', 'gt', 'lte', 'gte', 'in', 'contains', 'isEmpty'] as const;
type Operator = (typeof filterOperators)[number];

export interface ListParams {
  filters: { field: string; op: Operator; value: string }[];
  sort: { field: string; desc: boolean };
  cursor?: string;
  limit: number;
  fields?: string[];
  count: boolean;
  includeDeleted: boolean;
}

const RESERVED = new Set(['sort', 'cursor', 'limit', 'fields', 'count', 'deleted', 'q', 'force']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads `filter[field][op]=value`, `sort=-createdAt`, `cursor`, `limit`, `fields=a,b`, `count=true`. */
export function parseListParams(definition: ObjectDefinition, query: Record<string, unknown>): ListParams {
  const filters: ListParams['filters'] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (RESERVED.has(key)) continue;
    const match = /^filter\[([A-Za-z0-9_.]+)\](?:\[([A-Za-z]+)\])?$/.exec(key);
    if (!match) throw invalid(key, 'is not a known parameter (use filter[field][operator]=value, sort, cursor, limit, fields, count)');
    const [, field, op = 'eq'] = match;
    if (!(filterOperators as readonly string[]).includes(op)) throw invalid(key, `unknown operator "${op}"; use one of ${filterOperators.join(', ')}`);
    if (!field.startsWith('custom.') && !definition.fields[field] && !definition.filters?.[field]) throw invalid(key, `unknown field "${field}"`);
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) filters.push({ field, op: op as Operator, value: String(value) });
  }
  const sortText = typeof query.sort === 'string' && query.sort ? query.sort : definition.defaultSort;
  const desc = sortText.startsWith('-');
  const sortField = desc ? sortText.slice(1) : sortText;
  if (!definition.fields[sortField]?.sortable) throw invalid('sort', `cannot sort by "${sortField}"`);
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('limit', 'must be an integer from 1 to 1000');
  let fields: string[] | undefined;
  if (typeof query.fields === 'string' && query.fields) {
    fields = query.fields.split(',').map((name) => name.trim());
    for (const name of fields) if (!definition.fields[name]) throw invalid('fields', `unknown field "${name}"`);
  }
  return {
    filters,
    sort: { field: sortField, desc },
    cursor: typeof query.cursor === 'string' && query.cursor ? query.cursor : undefined,
    limit,
    fields,
    count: query.count === 'true' || query.count === true,
    includeDeleted: query.deleted === 'true' || query.deleted === true,
  };
}

function columnRef(alias: string, spec: FieldSpec): SQL {
  return spec.expression ? spec.expression(alias) : sql.raw(`"${alias}"."${spec.column}"`);
}

function parseScalar(spec: FieldSpec, value: string, param: string): unknown {
  switch (spec.type) {
    case 'integer':
    case 'decimal':
      if (!/^-?\d+(\.\d+)?$/.test(value)) throw invalid(param, `"${value}" is not a number`);
      return value;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw invalid(param, `"${value}" is not a date YYYY-MM-DD`);
      return value;
    case 'timestamp':
      if (Number.isNaN(Date.parse(value))) throw invalid(param, `"${value}" is not a date-time`);
      return new Date(value).toISOString();
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw invalid(param, 'must be true or false');
      return value === 'true';
    case 'uuid':
    case 'uuid[]':
      if (!UUID.test(value)) throw invalid(param, `"${value}" is not a UUID`);
      return value;
    default:
      return value;
  }
}

const castFor: Record<string, string> = { integer: 'numeric', decimal: 'numeric', date: 'date', timestamp: 'timestamptz', boolean: 'boolean', uuid: 'uuid', 'uuid[]': 'uuid', text: 'text', 'text[]': 'text' };

export function buildFilterConditions(definition: ObjectDefinition, params: ListParams, alias: string): SQL[] {
  return params.filters.map(({ field, op, value }) => {
    const param = `filter[${field}][${op}]`;
    const special = definition.filters?.[field];
    if (special) return special(op, value, alias, param);
    if (field.startsWith('custom.')) {
      const key = field.slice('custom.'.length);
      const ref = sql`(${sql.raw(`"${alias}"."custom"`)} ->> ${key})`;
      if (op === 'isEmpty') return value === 'false' ? sql`${ref} is not null` : sql`${ref} is null`;
      if (op === 'contains') return sql`${ref} ilike ${'%' + escapeLike(value) + '%'}`;
      if (op === 'in') return sql`${ref} = any(${pgArrayLiteral(value.split(','))}::text[])`;
      const cmp = comparison(op, param);
      return sql`${ref} ${sql.raw(cmp)} ${value}`;
    }
    const spec = definition.fields[field];
    const ref = columnRef(alias, spec);
    const isArray = spec.type === 'text[]' || spec.type === 'uuid[]';
    if (op === 'isEmpty') {
      if (value !== 'true' && value !== 'false') throw invalid(param, 'must be true or false');
      const empty = isArray ? sql`cardinality(${ref}) = 0` : spec.type === 'text' ? sql`coalesce(${ref}, '') = ''` : sql`${ref} is null`;
      return value === 'true' ? empty : sql`not (${empty})`;
    }
    if (op === 'contains') {
      if (spec.type === 'text') return sql`${ref} ilike ${'%' + escapeLike(value) + '%'}`;
      if (isArray) return sql`array_to_string(${ref}, ' ') ilike ${'%' + escapeLike(value) + '%'}`;
      throw invalid(param, `"contains" applies to text fields only`);
    }
    const elementType = castFor[spec.type] ?? 'text';
    const normalise = (item: string) => (field === 'phones' ? (normalisePhone(item) ?? item) : field === 'emails' ? item.trim().toLowerCase() : item);
    if (op === 'in') {
      const items = value.split(',').map((item) => String(parseScalar(spec, normalise(item.trim()), param)));
      const literal = sql`${pgArrayLiteral(items)}::${sql.raw(elementType)}[]`;
      return isArray ? sql`${ref} && ${literal}` : sql`${ref} = any(${literal})`;
    }
    const parsed = parseScalar(spec, normalise(value), param);
    if (isArray) {
      if (op === 'eq') return sql`${parsed}::${sql.raw(elementType)} = any(${ref})`;
      if (op === 'ne') return sql`not (${parsed}::${sql.raw(elementType)} = any(${ref}))`;
      throw invalid(param, `operator "${op}" does not apply to a list field`);
    }
    if (spec.type === 'json') throw invalid(param, 'filter custom fields as filter[custom.key][op]');
    const cmp = comparison(op, param);
    if (op === 'ne') return sql`${ref} is distinct from ${parsed}::${sql.raw(elementType)}`;
    return sql`${ref} ${sql.raw(cmp)} ${parsed}::${sql.raw(elementType)}`;
  });
}

function comparison(op: Operator, param: string): string {
  const map: Partial<Record<Operator, string>> = { eq: '=', ne: '<>', lt: '<', gt: '>', lte: '<=', gte: '>=' };
  const result = map[op];
  if (!result) throw invalid(param, `operator "${op}" is not supported here`);
  return result;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

// ---- sort and keyset pagination ----

export function orderBy(definition: ObjectDefinition, params: ListParams, alias: string): SQL {
  const spec = definition.fields[params.sort.field];
  const ref = sortRef(spec, alias);
  const id = sql.raw(`"${alias}"."id"`);
  const dir = sql.raw(params.sort.desc ? 'desc' : 'asc');
  const nulls = spec.nullable ? sql.raw(' nulls last') : sql``;
  return sql`${ref} ${dir}${nulls}, ${id} ${dir}`;
}

function sortRef(spec: FieldSpec, alias: string): SQL {
  const ref = columnRef(alias, spec);
  return spec.collate ? sql`${ref} collate "und-x-icu"` : ref;
}

function fingerprint(definition: ObjectDefinition, params: ListParams): string {
  const material = JSON.stringify([definition.object, params.filters, params.sort, params.includeDeleted]);
  return createHash('sha256').update(material).digest('base64url').slice(0, 12);
}

export function encodeCursor(definition: ObjectDefinition, params: ListParams, last: Record<string, unknown>): string {
  const value = last[params.sort.field] ?? null;
  return Buffer.from(JSON.stringify({ h: fingerprint(definition, params), v: value, i: last.id })).toString('base64url');
}

/** The condition selecting rows after the cursor; a cursor from another query is a 400. */
export function cursorCondition(definition: ObjectDefinition, params: ListParams, alias: string): SQL | null {
  if (!params.cursor) return null;
  let decoded: { h?: unknown; v?: unknown; i?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(params.cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('INVALID_CURSOR', { message: 'cursor is malformed', details: [{ field: 'cursor', problem: 'is malformed' }] });
  }
  if (decoded?.h !== fingerprint(definition, params) || typeof decoded.i !== 'string' || !UUID.test(decoded.i)) {
    throw new AppError('INVALID_CURSOR', {
      message: 'cursor belongs to another query (filters or sort changed); start again without a cursor',
      details: [{ field: 'cursor', problem: 'belongs to another query' }],
    });
  }
  const spec = definition.fields[params.sort.field];
  const ref = sortRef(spec, alias);
  const id = sql.raw(`"${alias}"."id"`);
  const cmp = sql.raw(params.sort.desc ? '<' : '>');
  const cast = sql.raw(castFor[spec.type] ?? 'text');
  if (decoded.v === null || decoded.v === undefined) {
    // Already among the trailing NULLs.
    return sql`(${columnRef(alias, spec)} is null and ${id} ${cmp} ${decoded.i}::uuid)`;
  }
  const value = spec.collate ? sql`${decoded.v}::text collate "und-x-icu"` : sql`${decoded.v}::${cast}`;
  const after = sql`(${ref}, ${id}) ${cmp} (${value}, ${decoded.i}::uuid)`;
  return spec.nullable ? sql`(${after} or ${columnRef(alias, spec)} is null)` : after;
}
