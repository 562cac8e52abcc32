// Turns a list's state (filters, sort, columns) into API parameters and loads one page,
// resolving the names of referenced records (company of a contact) in one extra request per page.
import { api, type QueryValue } from '../api/client';
import type { ListPage, RecordValues } from '../api/types';
import { objects, type FieldDef, type ObjectDef } from '../objects/definitions';

export interface Filter {
  field: string;
  op: string;
  value: string;
}

export interface ListState {
  filters: Filter[];
  sort: string;
  columns: string[];
}

export const PAGE_SIZE = 100;

export function listQueryParams(object: ObjectDef, state: ListState, cursor?: string | null): Record<string, QueryValue> {
  const params: Record<string, QueryValue> = { limit: PAGE_SIZE, sort: state.sort || object.defaultSort };
  if (cursor) params.cursor = cursor;
  const fields = new Set<string>(['id', object.titleField]);
  for (const name of state.columns) {
    const field = object.fields.find((item) => item.name === name);
    if (!field) continue;
    fields.add(name);
    if (field.kind === 'money') fields.add(field.currencyField ?? 'currency');
  }
  if (object.key === 'contacts') ['lastName', 'firstName'].forEach((name) => fields.add(name));
  params.fields = Array.from(fields).join(',');
  Object.assign(params, filterParams(state.filters));
  return params;
}

/** Filters carried by a link's query string (`?filter[segment][eq]=2`), for the object's fields and extra filters only. */
export function filtersFromSearch(object: ObjectDef, search: string): Filter[] {
  const known = new Set([...object.fields, ...(object.extraFilters ?? [])].map((field) => field.name));
  const filters: Filter[] = [];
  for (const [key, value] of new URLSearchParams(search)) {
    const match = /^filter\[([A-Za-z0-9_]+)\]\[([A-Za-z]+)\]$/.exec(key);
    if (match && known.has(match[1]) && value.trim()) filters.push({ field: match[1], op: match[2], value });
  }
  return filters;
}

/** filter[field][op]=value for each complete condition (a field given twice repeats the parameter). */
export function filterParams(filters: Filter[]): Record<string, QueryValue> {
  const params: Record<string, QueryValue> = {};
  const grouped = new Map<string, string[]>();
  for (const filter of filters) {
    if (filter.op !== 'isEmpty' && filter.value.trim() === '') continue;
    const key = `filter[${filter.field}][${filter.op}]`;
    grouped.set(key, [...(grouped.get(key) ?? []), filter.op === 'isEmpty' ? filter.value || 'true' : filter.value.trim()]);
  }
  for (const [key, values] of grouped) params[key] = values.length === 1 ? values[0] : values;
  return params;
}

/** Fills record._refs[field] with the display names of referenced records. */
export async function resolveReferences(fields: FieldDef[], records: RecordValues[]): Promise<void> {
  for (const field of fields) {
    if (field.kind !== 'ref' || !field.ref) continue;
    const ids = Array.from(new Set(records.map((record) => record[field.name]).filter((id): id is string => typeof id === 'string')));
    if (!ids.length) continue;
    const target = objects[field.ref];
    const titleFields = target.key === 'contacts' ? 'fullName' : target.titleField;
    try {
      const page = await api<ListPage>(`/${target.key}`, { query: { 'filter[id][in]': ids.join(','), fields: titleFields, limit: Math.min(1000, ids.length) } });
      const names = new Map(page.data.map((row) => [row.id, String(row[target.titleField] ?? '')]));
      for (const record of records) {
        const id = record[field.name];
        if (typeof id === 'string' && names.has(id)) record._refs = { ...((record._refs as object) ?? {}), [field.name]: names.get(id) };
      }
    } catch {
      /* names are a convenience: the link still works */
    }
  }
}

/** The number of records matching the filters (asked separately so the first rows never wait for it). */
export async function fetchListCount(object: ObjectDef, filters: Filter[], signal?: AbortSignal): Promise<number> {
  const page = await api<ListPage>(`/${object.key}`, { query: { limit: 1, fields: 'id', count: 'true', ...filterParams(filters) }, signal });
  return page.total ?? 0;
}

export async function fetchListPage(object: ObjectDef, state: ListState, cursor: string | null, signal?: AbortSignal): Promise<ListPage> {
  const page = await api<ListPage>(`/${object.key}`, { query: listQueryParams(object, state, cursor), signal });
  const refFields = object.fields.filter((field) => field.kind === 'ref' && field.ref && state.columns.includes(field.name));
  await resolveReferences(refFields, page.data);
  return page;
}

/** The "shared with me" quick view: records where the user is a co-owner (collaboratorIds holds them). */
export function sharedWithMeFilter(userId: string): Filter {
  return { field: 'collaboratorIds', op: 'eq', value: userId };
}

export function isSharedWithMe(filters: Filter[], userId: string): boolean {
  return filters.some((filter) => filter.field === 'collaboratorIds' && filter.op === 'eq' && filter.value === userId);
}

/** The filters with the quick view switched on or off (other filters are kept). */
export function withSharedWithMe(filters: Filter[], userId: string, on: boolean): Filter[] {
  const others = filters.filter((filter) => !(filter.field === 'collaboratorIds' && filter.op === 'eq' && filter.value === userId));
  return on ? [...others, sharedWithMeFilter(userId)] : others;
}
