// Saved views: a named list query (filters, sort, columns) on one object. Private views are seen by
// their owner only; team views by every user of the owner's team. Only the owner changes or deletes
// a view; a view you cannot see answers 404, one you see but do not own 403.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { firstRow, rows, type Db } from '../../db/client.js';
import { ownedObjects, requirePermission, type OwnedObject } from '../../core/access.js';
import { recordAudit, diffRecords } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';

const viewQuerySchema = z
  .strictObject({
    filters: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
    sort: z.string().trim().max(100).optional(),
    columns: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  })
  .refine((query) => JSON.stringify(query).length <= 20_000, { message: 'must be at most 20,000 characters of JSON' });

export const savedViewCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  object: z.enum(ownedObjects),
  visibility: z.enum(['private', 'team']).optional(),
  query: viewQuerySchema,
});
export const savedViewUpdateSchema = savedViewCreateSchema.omit({ object: true }).partial();

type View = Record<string, unknown> & { id: string; ownerId: string };

const columns = (ctx: Ctx) =>
  sql`v.id, v.object, v.name, v.visibility, v.query, v.owner_id as "ownerId", v.team_id as "teamId", v.created_at as "createdAt", (v.owner_id = ${ctx.actor.userId}) as "isOwner"`;

/** The views the actor may see: their own, and team views of their team. */
function visible(ctx: Ctx): ReturnType<typeof sql> {
  const team = ctx.actor.teamId ? sql` or (v.visibility = 'team' and v.team_id = ${ctx.actor.teamId})` : sql``;
  return sql`v.workspace_id = ${ctx.actor.workspaceId} and (v.owner_id = ${ctx.actor.userId}${team})`;
}

export async function listSavedViews(ctx: Ctx, query: { object?: unknown }): Promise<{ data: View[] }> {
  const object = query.object;
  if (object !== undefined && (typeof object !== 'string' || !(ownedObjects as readonly string[]).includes(object))) throw invalid('object', `must be one of: ${ownedObjects.join(', ')}`);
  if (object) requirePermission(ctx.actor, object as OwnedObject, 'read');
  const data = await rows<View>(
    ctx.db,
    sql`select ${columns(ctx)} from saved_views v where ${visible(ctx)} ${object ? sql`and v.object = ${object}` : sql``}
        order by v.object, lower(v.name), v.id`,
  );
  return { data };
}

async function findVisible(ctx: Ctx, db: Db, id: string, forUpdate = false): Promise<View> {
  const view = isUuid(id) ? await firstRow<View>(db, sql`select ${columns(ctx)} from saved_views v where ${visible(ctx)} and v.id = ${id} ${forUpdate ? sql`for update` : sql``}`) : undefined;
  if (!view) throw notFound('saved view', id);
  return view;
}

export async function getSavedView(ctx: Ctx, id: string): Promise<View> {
  return findVisible(ctx, ctx.db, id);
}

export async function createSavedView(ctx: Ctx, body: unknown): Promise<View> {
  const input = parseBody(savedViewCreateSchema, body);
  requirePermission(ctx.actor, input.object, 'read');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const created = (await firstRow<{ id: string }>(
      tx,
      sql`insert into saved_views (workspace_id, object, name, owner_id, team_id, visibility, query)
          values (${ctx.actor.workspaceId}, ${input.object}, ${input.name}, ${ctx.actor.userId}, ${ctx.actor.teamId}, ${input.visibility ?? 'private'}, ${JSON.stringify(input.query)}::jsonb)
          returning id`,
    ))!;
    const view = await findVisible(ctx, tx, created.id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'saved_view', recordId: view.id, action: 'create', changes: diffRecords(null, { name: view.name, object: view.object, visibility: view.visibility, query: view.query }) }]);
    return view;
  });
}

async function loadOwned(ctx: Ctx, tx: Db, id: string, action: 'update' | 'delete'): Promise<View> {
  const view = await findVisible(ctx, tx, id, true);
  if (view.ownerId !== ctx.actor.userId) throw new AppError('FORBIDDEN', { message: `Only the owner may ${action} this saved view`, details: { id } });
  return view;
}

export async function updateSavedView(ctx: Ctx, id: string, body: unknown): Promise<View> {
  const input = parseBody(savedViewUpdateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await loadOwned(ctx, tx, id, 'update');
    await tx.execute(
      sql`update saved_views set
            name = coalesce(${input.name ?? null}, name),
            visibility = coalesce(${input.visibility ?? null}, visibility),
            team_id = ${ctx.actor.teamId},
            query = coalesce(${input.query === undefined ? null : JSON.stringify(input.query)}::jsonb, query)
          where id = ${id}`,
    );
    const after = await findVisible(ctx, tx, id);
    const pick = (view: View) => ({ name: view.name, visibility: view.visibility, query: view.query });
    await recordAudit(tx, ctx.actor, [{ recordType: 'saved_view', recordId: id, action: 'update', changes: diffRecords(pick(before), pick(after)) }]);
    return after;
  });
}

export async function deleteSavedView(ctx: Ctx, id: string): Promise<{ deleted: number }> {
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const view = await loadOwned(ctx, tx, id, 'delete');
    await tx.execute(sql`delete from saved_views where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'saved_view', recordId: id, action: 'delete', changes: diffRecords({ name: view.name, object: view.object, visibility: view.visibility, query: view.query }, null) }]);
    return { deleted: 1 };
  });
}
