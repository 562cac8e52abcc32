// The segment builder's model: a definition as the API takes it (packages/shared/src/segments.ts), the empty
// condition of each kind, and which row a server error names (`conditions[2].value` → row 2, part "value").
import type { SegmentCondition, SegmentEntry, SegmentObject, SegmentSummary } from '@svyaz/shared';
import { segmentConditionKinds, segmentRfmClasses } from '@svyaz/shared';

export type { SegmentCondition, SegmentEntry, SegmentObject, SegmentSummary };
export const conditionKinds = segmentConditionKinds;
export const rfmClasses = segmentRfmClasses;
export type ConditionKind = SegmentCondition['kind'];

export interface SegmentDraft {
  name: string;
  object: SegmentObject;
  kind: 'dynamic' | 'static';
  visibility: 'private' | 'team';
  conditions: SegmentEntry[];
}

export const emptyDraft = (object: SegmentObject = 'contacts'): SegmentDraft => ({ name: '', object, kind: 'dynamic', visibility: 'private', conditions: [] });

export function emptyCondition(kind: ConditionKind, fieldName = 'city'): SegmentCondition {
  switch (kind) {
    case 'field':
      return { kind, field: fieldName, op: 'contains', value: '' };
    case 'purchased':
      return { kind, category: '', from: undefined, to: undefined, tz: localOffset() };
    case 'notPurchasedFor':
      return { kind, days: 90 };
    case 'rfm':
      return { kind, classes: ['atRisk'] };
    case 'cluster':
      return { kind, clusters: [] };
    case 'recommended':
      return { kind, productId: '', k: 10 };
    case 'tags':
      return { kind, tags: [], match: 'any' };
  }
}

/** The browser's UTC offset as +03:00 (purchase dates are whole local days). */
export function localOffset(date = new Date()): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A purchase condition names a product or a category, not both: drop the empty one before sending. */
function clean(condition: SegmentCondition): SegmentCondition {
  if (condition.kind === 'purchased') {
    const { productId, category, from, to, ...rest } = condition;
    return { ...rest, ...(productId ? { productId } : {}), ...(category?.trim() ? { category: category.trim() } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
  return condition;
}

/** The conditions as the API takes them. */
export function toApiConditions(entries: SegmentEntry[]): SegmentEntry[] {
  return entries.map((entry) => (entry.kind === 'any' ? { kind: 'any', conditions: entry.conditions.map(clean) } : clean(entry)));
}

/** Problems the server named, by row: `conditions[2].value` → { 2: 'problem' }; group members count as their group's row. */
export function problemsByRow(details: unknown): Record<number, string> {
  const result: Record<number, string> = {};
  if (!Array.isArray(details)) return result;
  for (const item of details as { field?: string; problem?: string }[]) {
    const match = /^conditions\[(\d+)\](.*)$/.exec(item?.field ?? '');
    if (!match) continue;
    const row = Number(match[1]);
    if (result[row] === undefined) result[row] = `${match[2].replace(/^\./, '') || ''}${match[2] ? ': ' : ''}${item.problem ?? ''}`;
  }
  return result;
}

/** Lines of a pasted list: emails, INNs or ids (the server matches them among readable records). */
export function pastedEntries(text: string): string[] {
  return text
    .split(/[\n,;\t]/)
    .map((item) => item.trim())
    .filter(Boolean);
}
