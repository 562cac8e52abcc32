// What the import wizard computes in the browser: applying a preset (header → field) to a file's
// columns, the value a preview row will store for a column, and which problems belong to which column.
// The module itself, not the package index: that would pull zod and libphonenumber into the wizard's chunk.
import { normaliseHeader } from '@svyaz/shared/import-headers';

export { normaliseHeader };

/** Column index (as text) → target ("contact.phones", "company.custom.size") or null (skipped). */
export type ColumnMapping = Record<string, string | null>;

export interface ImportTarget {
  target: string;
  object: string;
  kind: string;
  label: { ru?: string; en?: string };
}

export interface RowProblem {
  field: string;
  column?: string;
  problem: string;
}

export interface PreviewRow {
  row: number;
  cells: string[];
  action: 'create' | 'update' | 'skip' | 'fail';
  contact: Record<string, unknown> | null;
  company: Record<string, unknown> | null;
  deal: Record<string, unknown> | null;
  problems: RowProblem[];
  matchedId: string | null;
  [object: string]: unknown;
}

export interface Preset {
  id: string;
  name: string;
  object: string;
  columns: Record<string, string | null>;
  options?: { matchBy?: string[]; duplicateStrategy?: string };
  builtIn: boolean;
}

/** Fields that several columns may feed (the server unites their values). */
const MULTI = new Set(['phones', 'emails', 'tags']);


/**
 * Applies a preset to the file's headers: a header the preset knows gets the preset's field (or skip);
 * other columns keep their current mapping. A field already taken by a preset column is released elsewhere.
 */
export function applyPreset(headers: string[], current: ColumnMapping, preset: Record<string, string | null>): ColumnMapping {
  const exact = new Map(Object.entries(preset));
  const known = new Map(Object.entries(preset).map(([header, target]) => [normaliseHeader(header), target]));
  const next: ColumnMapping = {};
  const fromPreset = new Set<string>();
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    if (exact.has(header) || known.has(key)) {
      next[String(index)] = (exact.has(header) ? exact.get(header) : known.get(key)) ?? null;
      fromPreset.add(String(index));
    } else next[String(index)] = current[String(index)] ?? null;
  });
  const taken = new Set([...fromPreset].map((column) => next[column]).filter((target): target is string => Boolean(target)));
  for (const column of Object.keys(next)) {
    const target = next[column];
    if (!fromPreset.has(column) && target && taken.has(target) && !isMulti(target)) next[column] = null;
  }
  return next;
}

export function isMulti(target: string): boolean {
  return MULTI.has(target.split('.').pop() ?? '');
}

/** Sets one column's target; a single-valued field moves away from the column that had it. */
export function setColumnTarget(mapping: ColumnMapping, column: string, target: string | null): ColumnMapping {
  const next: ColumnMapping = { ...mapping, [column]: target };
  if (target && !isMulti(target)) {
    for (const other of Object.keys(next)) if (other !== column && next[other] === target) next[other] = null;
  }
  return next;
}

/** header → target of a mapping, to save as a preset that fits any file with the same columns. */
export function presetColumns(headers: string[], mapping: ColumnMapping): Record<string, string | null> {
  return Object.fromEntries(headers.map((header, index) => [header, mapping[String(index)] ?? null]));
}

/** Problems of one preview row that belong to a column: its target's field, or its header named. */
export function problemsOfColumn(row: Pick<PreviewRow, 'problems'>, column: string, header: string, mapping: ColumnMapping): RowProblem[] {
  const target = mapping[column];
  return row.problems.filter((problem) => (problem.column !== undefined ? problem.column === header && (!target || problem.field === target || problem.field.startsWith(`${target}.`)) : Boolean(target) && problem.field === target));
}

/** Problems not attached to any mapped column (a missing name, a right the user lacks). */
export function rowLevelProblems(row: Pick<PreviewRow, 'problems'>, headers: string[], mapping: ColumnMapping): RowProblem[] {
  return row.problems.filter((problem) => !headers.some((header, index) => problemsOfColumn({ problems: [problem] }, String(index), header, mapping).length > 0));
}

export type StoredValue =
  | { type: 'empty' }
  | { type: 'text'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'user'; id: string }
  | { type: 'stage'; id: string };

/** What a preview row will store for a column's target (before names of users and stages are resolved). */
export function storedValue(row: PreviewRow, target: string | null | undefined, kind: string | undefined): StoredValue {
  if (!target) return { type: 'empty' };
  const [object, field, key] = target.split('.');
  const bag = row[object] as Record<string, unknown> | null | undefined;
  if (!bag) return { type: 'empty' };
  const custom = (bag.custom as Record<string, unknown> | undefined) ?? {};
  let value: unknown;
  switch (kind) {
    case 'fullName':
    case 'givenFirstName':
      value = [bag.lastName, bag.firstName, bag.middleName].filter((part) => typeof part === 'string' && part).join(' ');
      break;
    case 'owner':
      return typeof bag.ownerId === 'string' ? { type: 'user', id: bag.ownerId } : { type: 'empty' };
    case 'stage':
      return typeof bag.stageId === 'string' ? { type: 'stage', id: bag.stageId } : { type: 'empty' };
    case 'pipeline':
      value = bag.pipelineId;
      break;
    case 'externalId':
      value = custom.external_id;
      break;
    case 'custom':
      value = custom[key ?? field];
      break;
    default:
      value = field === 'custom' ? custom[key] : bag[field];
  }
  if (value === undefined || value === null || value === '') return { type: 'empty' };
  if (Array.isArray(value)) return value.length ? { type: 'list', items: value.map(String) } : { type: 'empty' };
  if (typeof value === 'boolean') return { type: 'text', text: value ? '✓' : '✗' };
  return { type: 'text', text: typeof value === 'object' ? JSON.stringify(value) : String(value) };
}

/** Targets grouped by object, the import's own object first. */
export function groupTargets(targets: ImportTarget[], primary: string): { object: string; targets: ImportTarget[] }[] {
  const order: string[] = [];
  for (const target of targets) if (!order.includes(target.object)) order.push(target.object);
  order.sort((a, b) => (a === primary ? -1 : b === primary ? 1 : 0));
  return order.map((object) => ({ object, targets: targets.filter((target) => target.object === object) }));
}
