// Bulk tag and bulk assign for every owned object: one transaction, up to 1,000 ids, all or nothing.
// Both follow the engine's loadForWrite rules (404 invisible, 403 read-only) and write one audit event per
// changed record. Bulk assign runs each record through applyUpdate, so ownership checks and the object's
// hooks (a task's new assignee is notified) apply exactly as on a single PATCH.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rows, type Db } from '../../db/client.js';
import { accessCondition, requirePermission } from '../access.js';
import { recordAudit } from '../audit.js';
import { recordDomainEvents, type DomainEvent } from '../domain-events.js';
import type { Ctx } from '../context.js';
import { AppError, invalid, notFound } from '../errors.js';
import { pgArrayLiteral } from '../sql-values.js';
import { parseBody } from '../validation.js';
import type { ObjectDefinition, Values } from './definition.js';
import { applyUpdate, findRecord, MAX_BULK, recordEvent } from './record-service.js';

const ids = z.array(z.uuid({ message: 'must be a UUID' })).min(1, { message: 'must contain at least one id' }).max(MAX_BULK, { message: `at most ${MAX_BULK} ids` });
const tagList = z.array(z.string().trim().min(1).max(50)).max(50);

export const bulkTagSchema = z.strictObject({ ids, add: tagList.optional(), remove: tagList.optional() });
export const bulkAssignSchema = z.strictObject({ ids, ownerId: z.uuid({ message: 'must be a UUID' }).nullable() });

export interface BulkResult {
  updated: number;
  data: Values[];
}

export interface BulkTagResult {
  updated: number;
  data: { id: string; tags: string[] }[];
}

/**
 * Adds and removes tags on every listed record (tags stay unique, in their first order). Set-based: one
 * locking read, one UPDATE and one audit insert for up to 1,000 records. Tags pass through no object
 * hook (none reads them), unlike owner changes below.
 */
export async function bulkTag(ctx: Ctx, definition: ObjectDefinition, body: unknown): Promise<BulkTagResult> {
  requirePermission(ctx.actor, definition.object, 'update');
  const input = parseBody(bulkTagSchema, body);
  const add = input.add ?? [];
  const remove = new Set(input.remove ?? []);
  if (add.length === 0 && remove.size === 0) throw invalid('add', 'give tags to add or remove');
  const unique = Array.from(new Set(input.ids));
  const table = sql.raw(`"${definition.table}"`);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const locked = await rows<{ id: string; tags: string[] | null }>(
      tx,
      sql`select t.id, t.tags from ${table} t where ${accessCondition(ctx.actor, definition.object, 'update', 't')} and t.id = any(${pgArrayLiteral(unique)}::uuid[]) order by t.id for update`,
    );
    const current = new Map(locked.map((row) => [row.id, row.tags ?? []]));
    const missing = unique.find((id) => !current.has(id));
    if (missing) {
      // The engine's loadForWrite rule: visible but not writable is 403, invisible is 404.
      if (await findRecord({ ...ctx, db: tx }, definition, missing, 'read')) {
        throw new AppError('FORBIDDEN', { message: `You may not update this ${definition.recordType}`, details: { id: missing } });
      }
      throw notFound(definition.recordType, missing);
    }
    const changed: { id: string; from: string[]; to: string[] }[] = [];
    for (const id of unique) {
      const from = current.get(id)!;
      const to = Array.from(new Set([...from, ...add])).filter((tag) => !remove.has(tag));
      if (to.length > 50) throw invalid('add', `record ${id} would have more than 50 tags`);
      if (JSON.stringify(to) !== JSON.stringify(from)) changed.push({ id, from, to });
    }
    if (changed.length) {
      await tx.execute(
        sql`update ${table} t set tags = x.tags, updated_at = now()
            from jsonb_to_recordset(${JSON.stringify(changed.map(({ id, to }) => ({ id, tags: to })))}::jsonb) as x(id uuid, tags text[])
            where t.id = x.id`,
      );
      await recordAudit(
        tx,
        ctx.actor,
        changed.map(({ id, from, to }) => ({ recordType: definition.recordType, recordId: id, action: 'update' as const, changes: { tags: { from, to } }, meta: { bulk: 'tag' } })),
      );
      await recordDomainEvents(tx, changed.map(({ id }) => recordEvent(ctx, definition, 'record.updated', id, { changedFields: ['tags'] })));
    }
    for (const { id, to } of changed) current.set(id, to);
    return { updated: changed.length, data: unique.map((id) => ({ id, tags: current.get(id)! })) };
  });
}

/**
 * Gives every listed record to one owner (the team follows the owner, as on a single update). Rows are
 * locked in id order first, so two overlapping bulk requests queue instead of deadlocking.
 */
export async function bulkAssign(ctx: Ctx, definition: ObjectDefinition, body: unknown): Promise<BulkResult> {
  requirePermission(ctx.actor, definition.object, 'update');
  const input = parseBody(bulkAssignSchema, body);
  const events: DomainEvent[] = [];
  return inOneTransaction(
    ctx,
    input.ids,
    definition,
    (tx, id) => applyUpdate(ctx, tx, definition, id, { ownerId: input.ownerId }, { force: true, audit: { meta: { bulk: 'assign' } }, events }),
    (tx) => recordDomainEvents(tx, events),
  );
}

async function inOneTransaction(ctx: Ctx, idList: string[], definition: ObjectDefinition, apply: (tx: Db, id: string) => Promise<Values>, finish?: (tx: Db) => Promise<void>): Promise<BulkResult> {
  const unique = Array.from(new Set(idList));
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(
      sql`select id from ${sql.raw(`"${definition.table}"`)} where workspace_id = ${ctx.actor.workspaceId} and id = any(${pgArrayLiteral(unique)}::uuid[]) order by id for update`,
    );
    const data: Values[] = [];
    for (const id of unique) data.push(await apply(tx, id));
    await finish?.(tx);
    return { updated: data.length, data };
  });
}
