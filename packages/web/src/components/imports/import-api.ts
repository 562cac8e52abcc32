// Shapes and requests of the imports API (packages/server/src/modules/imports/imports.routes.ts).
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ColumnMapping, ImportTarget, Preset, PreviewRow } from '../../lib/import-mapping';

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed' | 'undone';
export type DuplicateStrategy = 'skip' | 'update' | 'create';
export const matchKeys = ['email', 'phone', 'inn', 'sku', 'externalId'] as const;
export type MatchKey = (typeof matchKeys)[number];

/** The keys an existing record of each object can be found by (orders always by their number). */
export const matchKeysOf: Record<string, readonly MatchKey[]> = {
  contacts: ['email', 'phone', 'externalId'],
  companies: ['inn', 'email', 'phone', 'externalId'],
  deals: ['email', 'phone', 'externalId'],
  leads: ['email', 'phone', 'inn', 'externalId'],
  products: ['sku', 'externalId'],
  orders: [],
  activities: ['externalId'],
};

export interface ImportJob {
  id: string;
  status: ImportStatus;
  object: string;
  fileName: string;
  fileFormat: 'csv' | 'xlsx';
  fileSize: number;
  sheet: string | null;
  headers: string[];
  mapping: ColumnMapping;
  options: { duplicateStrategy?: DuplicateStrategy; matchBy?: MatchKey[]; preset?: string | null };
  progress: { totalRows: number | null; processedRows: number; rowsPerSecond: number | null; secondsLeft: number | null };
  result: { created: number; updated: number; skipped: number; failed: number };
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  links: { errors: string };
}

export interface Preview {
  headers: string[];
  mapping: ColumnMapping;
  rows: PreviewRow[];
}

export const isActive = (status: ImportStatus | undefined) => status === 'queued' || status === 'running';

export function useImportObjects() {
  return useQuery({ queryKey: ['imports', 'objects'], queryFn: () => api<{ data: string[] }>('/imports/objects').then((page) => page.data), staleTime: Infinity });
}

export function usePresets() {
  return useQuery({ queryKey: ['imports', 'presets'], queryFn: () => api<{ data: Preset[] }>('/imports/presets').then((page) => page.data), staleTime: 60_000 });
}

export function useImportTargets(id: string) {
  return useQuery({ queryKey: ['imports', id, 'fields'], queryFn: () => api<{ data: ImportTarget[] }>(`/imports/${id}/fields`).then((page) => page.data), staleTime: Infinity });
}

export async function uploadImportFile(file: File, fields: { object: string; sheet?: string; preset?: string }): Promise<ImportJob> {
  const form = new FormData();
  form.append('object', fields.object);
  if (fields.sheet) form.append('sheet', fields.sheet);
  if (fields.preset) form.append('preset', fields.preset);
  // The file goes last: the server reads the other fields before the file's bytes.
  form.append('file', file, file.name);
  return api<ImportJob>('/imports', { method: 'POST', body: form });
}

/** Server problems are worded in English; the common import ones are shown in the user's language. */
const problemPatterns: [RegExp, string][] = [
  [/^"(.*)" is not a phone number$/s, 'phone'],
  [/^"(.*)" is not an email address$/s, 'email'],
  [/^"(.*)" is not a date/s, 'date'],
  [/^"(.*)" is not a real date$/s, 'date'],
  [/^"(.*)" is not a number$/s, 'number'],
  [/^"(.*)" is not yes\/no/s, 'boolean'],
  [/^no active user named or with the email "(.*)"$/s, 'owner'],
  [/^no stage named "(.*?)"/s, 'stage'],
  [/^no pipeline named "(.*?)"/s, 'pipeline'],
  [/^no product with SKU "(.*?)"/s, 'sku'],
  [/^is missing/, 'missing'],
  [/^is not a valid INN/, 'inn'],
  [/^you may only assign records/, 'assign'],
];

export function importProblemText(problem: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  for (const [pattern, key] of problemPatterns) {
    const match = pattern.exec(problem);
    if (match) return t(`imports.problems.${key}`, { value: match[1] ?? '' });
  }
  return problem;
}
