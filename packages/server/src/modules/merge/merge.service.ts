// Merging two records of one object: the survivor keeps the chosen value of every field (lists are
// united, blanks filled from the merged record), every link moves to the survivor, the merged record
// is soft-deleted, and both get a 'merge' audit event. One transaction; both must be updatable.
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { uuidSchema } from '@svyaz/shared';
import type { Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import { recordAudit, diffRecords } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import type { ObjectDefinition, Values } from '../../core/records/definition.js';
import { applyUpdate, findRecord } from '../../core/records/record-service.js';
import { moveLinks } from './merge-links.js';

export const mergeSchema = z.strictObject({
  survivorId: uuidSchema,
  mergedId: uuidSchema,
  fields: z.record(z.string(), z.enum(['survivor', 'merged'])).optional(),
});

export interface MergeResult {
  data: Values;
  mergedId: string;
  moved: Record<string, number>;
}

/** 404 when the actor cannot see the record, 403 when they see it but may not change it. */
async function loadForMerge(ctx: Ctx, definition: ObjectDefinition, id: string, field: string): Promise<Values> {
  const record = await findRecord(ctx, definition, id, 'update', { forUpdate: true });
  if (record) return record;
  if (await findRecord(ctx, definition, id, 'read')) {
    throw new AppError('FORBIDDEN', { message: `You may not change this ${definition.recordType}`, details: { field, id } });
  }
  throw notFound(definition.recordType, id);
}

function isWritable(definition: ObjectDefinition, name: string): boolean {
  const spec = definition.fields[name];
  return Boolean(spec && !spec.readOnly && !spec.expression && name !== 'id');
}

/** The survivor's values after the merge: explicit choices, else lists united and blanks filled. */
export function mergedValues(definition: ObjectDefinition, survivor: Values, merged: Values, choices: Record<string, 'survivor' | 'merged'>): Values {
  for (const name of Object.keys(choices)) {
    if (!isWritable(definition, name)) throw invalid(`fields.${name}`, definition.fields[name] ? 'cannot be chosen: it is computed by the server' : 'is not a field of this object');
  }
  const patch: Values = {};
  for (const name of Object.keys(definition.fields)) {
    if (!isWritable(definition, name)) continue;
    const spec = definition.fields[name];
    const mine = survivor[name] ?? null;
    const theirs = merged[name] ?? null;
    let value: unknown;
    if (choices[name]) value = choices[name] === 'merged' ? theirs : mine;
    else if (spec.type === 'text[]' || spec.type === 'uuid[]') value = Array.from(new Set([...((mine as unknown[]) ?? []), ...((theirs as unknown[]) ?? [])]));
    else if (spec.type === 'json') value = { ...((theirs as Values) ?? {}), ...((mine as Values) ?? {}) };
    else value = mine === null || mine === '' ? theirs : mine;
    if (JSON.stringify(value) !== JSON.stringify(mine)) patch[name] = value;
  }
  return patch;
}

export async function mergeRecords(ctx: Ctx, definition: ObjectDefinition, body: unknown): Promise<MergeResult> {
  requirePermission(ctx.actor, definition.object, 'update');
  const input = parseBody(mergeSchema, body);
  if (input.survivorId === input.mergedId) throw invalid('mergedId', 'must differ from survivorId');
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const txCtx = { ...ctx, db: tx };
    // Lock in id order so two opposite merges cannot deadlock.
    const [firstId, secondId] = [input.survivorId, input.mergedId].sort();
    const loaded = new Map<string, Values>();
    for (const id of [firstId, secondId]) loaded.set(id, await loadForMerge(txCtx, definition, id, id === input.survivorId ? 'survivorId' : 'mergedId'));
    const survivor = loaded.get(input.survivorId)!;
    const merged = loaded.get(input.mergedId)!;
    const patch = mergedValues(definition, survivor, merged, input.fields ?? {});
    const moved = await moveLinks(tx, ctx.actor, definition.object, input.survivorId, input.mergedId);
    await tx.execute(sql`update ${sql.raw(`"${definition.table}"`)} set deleted_at = now(), updated_at = now() where id = ${input.mergedId}::uuid`);
    await recordAudit(tx, ctx.actor, [
      { recordType: definition.recordType, recordId: input.mergedId, action: 'merge', changes: { deletedAt: { from: null, to: new Date().toISOString() } }, meta: { role: 'merged', survivorId: input.survivorId } },
    ]);
    const audit = { action: 'merge' as const, meta: { role: 'survivor', mergedId: input.mergedId, moved } };
    const updated = Object.keys(patch).length ? await applyUpdate(ctx, tx, definition, input.survivorId, patch, { force: true, audit }) : survivor;
    if (JSON.stringify(diffRecords(survivor, updated)) === '{}') {
      await recordAudit(tx, ctx.actor, [{ recordType: definition.recordType, recordId: input.survivorId, ...audit }]);
    }
    return { data: updated, mergedId: input.mergedId, moved };
  });
}
