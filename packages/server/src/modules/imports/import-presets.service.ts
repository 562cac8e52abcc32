// Mapping presets: the built-in ones for amoCRM and Bitrix24 exports and the workspace's own,
// stored as header → field so they apply to any file with the same columns.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { firstRow, rows } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { builtInPresets, type BuiltInPreset } from './parsing/crm-presets.js';
import type { ImportObject } from './parsing/import-fields.js';
import { importTargets } from './parsing/header-mapping.js';
import { findImportJob } from './import-jobs.repo.js';

const objectOfParam: Record<string, ImportObject> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  leads: 'lead',
  products: 'product',
  orders: 'order',
  activities: 'activity',
};
const paramOfObject = Object.fromEntries(Object.entries(objectOfParam).map(([param, object]) => [object, param]));

const presetBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  object: z.enum(['contacts', 'companies', 'deals', 'leads', 'products', 'orders', 'activities']).optional(),
  columns: z.record(z.string(), z.string().nullable()).optional(),
  fromImport: z.uuid().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

interface StoredPreset {
  id: string;
  name: string;
  object: ImportObject;
  mapping: Record<string, string | null>;
  options: Record<string, unknown>;
}

function presentBuiltIn(preset: BuiltInPreset) {
  return { id: preset.id, name: preset.name, object: paramOfObject[preset.object], columns: preset.columns, options: preset.options ?? {}, builtIn: true };
}

export async function listPresets(ctx: Ctx) {
  const stored = await rows<StoredPreset>(ctx.db, sql`select id, name, object, mapping, options from import_presets where workspace_id = ${ctx.actor.workspaceId} order by name`);
  return {
    data: [...builtInPresets.map(presentBuiltIn), ...stored.map((preset) => ({ id: preset.id, name: preset.name, object: paramOfObject[preset.object], columns: preset.mapping, options: preset.options, builtIn: false }))],
  };
}

/** A preset by id (built-in or the workspace's), as header → target columns. */
export async function findPreset(ctx: Ctx, id: string): Promise<{ id: string; columns: Record<string, string | null>; options?: { matchBy?: string[] } }> {
  const builtIn = builtInPresets.find((preset) => preset.id === id);
  if (builtIn) return builtIn;
  const stored = /^[0-9a-f-]{36}$/i.test(id) ? await firstRow<StoredPreset>(ctx.db, sql`select id, name, object, mapping, options from import_presets where workspace_id = ${ctx.actor.workspaceId} and id = ${id}`) : undefined;
  if (!stored) throw new AppError('VALIDATION_FAILED', { message: `No preset "${id}"`, details: [{ field: 'preset', problem: 'is not a known preset' }] });
  return { id: stored.id, columns: stored.mapping, options: stored.options as { matchBy?: string[] } };
}

export async function createPreset(ctx: Ctx, body: unknown) {
  const input = parseBody(presetBody, body);
  let object = input.object ? objectOfParam[input.object] : undefined;
  let columns = input.columns;
  let options = input.options ?? {};
  if (input.fromImport) {
    const job = await findImportJob(ctx.db, ctx.actor, input.fromImport);
    object = job.object;
    columns = Object.fromEntries(job.headers.map((header, index) => [header, job.mapping[String(index)] ?? null]));
    options = { matchBy: job.options.matchBy, duplicateStrategy: job.options.duplicateStrategy };
  }
  if (!object || !columns) throw new AppError('VALIDATION_FAILED', { message: 'Give object and columns, or fromImport', details: [{ field: 'columns', problem: 'is required (or fromImport)' }] });
  const known = new Set(importTargets(object).map((field) => field.target));
  for (const [header, target] of Object.entries(columns)) {
    if (target && !known.has(target) && !target.includes('.custom.')) throw new AppError('VALIDATION_FAILED', { message: `"${target}" is not a field`, details: [{ field: `columns.${header}`, problem: `"${target}" is not a field that can be imported` }] });
  }
  const existing = await firstRow(ctx.db, sql`select id from import_presets where workspace_id = ${ctx.actor.workspaceId} and object = ${object} and name = ${input.name}`);
  if (existing) throw new AppError('CONFLICT', { message: `A preset named "${input.name}" already exists`, details: [{ field: 'name', problem: 'is already used' }] });
  const [created] = await rows<{ id: string }>(
    ctx.db,
    sql`insert into import_presets (workspace_id, name, object, mapping, options, created_by)
        values (${ctx.actor.workspaceId}, ${input.name}, ${object}, ${JSON.stringify(columns)}::jsonb, ${JSON.stringify(options)}::jsonb, ${ctx.actor.userId}) returning id`,
  );
  return { id: created.id, name: input.name, object: paramOfObject[object], columns, options, builtIn: false };
}

export async function deletePreset(ctx: Ctx, id: string) {
  const removed = /^[0-9a-f-]{36}$/i.test(id)
    ? await rows(ctx.db, sql`delete from import_presets where workspace_id = ${ctx.actor.workspaceId} and id = ${id} and (created_by = ${ctx.actor.userId} or ${ctx.actor.roleKey === 'admin'}) returning id`)
    : [];
  if (!removed.length) throw notFound('preset', id);
  return { ok: true };
}
