// Bulk tag and bulk assign for every owned object: one transaction, up to 1,000 ids, all or nothing.
// Each record goes through applyUpdate, so the engine's loadForWrite rules (404 invisible, 403
// read-only), ownership checks, the object's hooks and a per-record audit event all apply.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { requirePermission } from '../access.js';
import type { Ctx } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { parseBody } from '../validation.js';
import type { ObjectDefinition, Values } from './definition.js';
import { applyUpdate, findRecord, MAX_BULK } from './record-service.js';

const ids = z.array(z.uuid({ message: 'must be a UUID' })).min(1, { message: 'must contain at least one id' }).max(MAX_BULK, { message: `at most ${MAX_BULK} ids` });
const tagList = z.array(z.string().trim().min(1).max(50)).max(50);

export const bulkTagSchema = z.strictObject({ ids, add: tagList.optional(), remove: tagList.optional() });
export const bulkAssignSchema = z.strictObject({ ids, ownerId: z.uuid({ message: 'must be a UUID' }).nullable() });

export interface BulkResult {
  updated: number;
  data: Values[];
}

/** Adds and removes tags on every listed record (tags are kept unique, in their first order). */
export async function bulkTag(ctx: Ctx, definition: ObjectDefinition, body: unknown): Promise<BulkResult> {
  requirePermission(ctx.actor, definition.object, 'update');
  const input = parseBody(bulkTagSchema, body);
  const add = input.add ?? [];
  const remove = new Set(input.remove ?? []);
  if (add.length === 0 && remove.size === 0) throw invalid('add', 'give tags to add or remove');
  return inOneTransaction(ctx, input.ids, async (tx, id) => {
    // Lock first so the tags read here are the ones replaced.
    const current = await findRecord({ ...ctx, db: tx }, definition, id, 'read', { forUpdate: true });
    if (!current) throw notFound(definition.recordType, id);
    const tags = Array.from(new Set([...((current.tags as string[] | null) ?? []), ...add])).filter((tag) => !remove.has(tag));
    if (tags.length > 50) throw invalid('add', `record ${id} would have more than 50 tags`);
    return applyUpdate(ctx, tx, definition, id, { tags }, { force: true, audit: { meta: { bulk: 'tag' } } });
  });
}

/** Gives every listed record to one owner (the team follows the owner, as on a single update). */
export async function bulkAssign(ctx: Ctx, definition: ObjectDefinition, body: unknown): Promise<BulkResult> {
  requirePermission(ctx.actor, definition.object, 'update');
  const input = parseBody(bulkAssignSchema, body);
  return inOneTransaction(ctx, input.ids, (tx, id) => applyUpdate(ctx, tx, definition, id, { ownerId: input.ownerId }, { force: true, audit: { meta: { bulk: 'assign' } } }));
}

async function inOneTransaction(ctx: Ctx, idList: string[], apply: (tx: Db, id: string) => Promise<Values>): Promise<BulkResult> {
  const unique = Array.from(new Set(idList));
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const data: Values[] = [];
    for (const id of unique) data.push(await apply(tx, id));
    return { updated: data.length, data };
  });
}
