// Knowledge base categories: a tree per workspace, managed by administrators (settings rights), read by
// everyone with the count of articles each holds that the reader may see.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { recordAudit, diffRecords } from '../../core/audit.js';
import { requirePermission } from '../../core/access.js';
import { isUuid } from '../../core/records/record-service.js';
import { kbCategoryInputSchema } from '@svyaz/shared';
import { articleReadCondition, publicArticleCondition } from './kb-access.js';

export interface CategoryRow {
  id: string;
  parentId: string | null;
  name: string;
  position: number;
  articleCount: number;
}

export async function listCategories(ctx: Ctx): Promise<{ data: CategoryRow[] }> {
  return { data: await categoriesWithCounts(ctx.db, ctx.actor.workspaceId, articleReadCondition(ctx.actor)) };
}

export async function listPublicCategories(db: Db, workspaceId: string): Promise<CategoryRow[]> {
  const all = await categoriesWithCounts(db, workspaceId, publicArticleCondition(workspaceId));
  return all.filter((category) => category.articleCount > 0 || all.some((child) => child.parentId === category.id && child.articleCount > 0));
}

async function categoriesWithCounts(db: Db, workspaceId: string, readable: ReturnType<typeof articleReadCondition>): Promise<CategoryRow[]> {
  const found = await rows<CategoryRow>(
    db,
    sql`select k.id::text as id, k.parent_id::text as "parentId", k.name, k.position,
        (select count(*) from kb_articles a where a.category_id = k.id and ${readable}) as "articleCount"
      from kb_categories k where k.workspace_id = ${workspaceId}::uuid order by k.position, k.name, k.id`,
  );
  return found.map((row) => ({ ...row, position: Number(row.position), articleCount: Number(row.articleCount) }));
}

async function requireParent(db: Db, workspaceId: string, parentId: string | null, selfId?: string): Promise<void> {
  if (!parentId) return;
  const found = await firstRow(db, sql`select 1 as ok from kb_categories where id = ${parentId}::uuid and workspace_id = ${workspaceId}::uuid`);
  if (!found) throw invalid('parentId', 'is not a category of this knowledge base');
  if (selfId) {
    // The new parent may not be the category itself or one of its descendants (a loop).
    const loop = await firstRow(
      db,
      sql`with recursive tree as (select id from kb_categories where id = ${selfId}::uuid union all select k.id from kb_categories k join tree on k.parent_id = tree.id) select 1 as ok from tree where id = ${parentId}::uuid`,
    );
    if (loop) throw invalid('parentId', 'is the category itself or one of its sub-categories');
  }
}

export async function createCategory(ctx: Ctx, body: unknown): Promise<CategoryRow> {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(kbCategoryInputSchema, body);
  await requireParent(ctx.db, ctx.actor.workspaceId, input.parentId);
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const row = await firstRow<CategoryRow>(
      tx,
      sql`insert into kb_categories (workspace_id, parent_id, name, position) values (${ctx.actor.workspaceId}::uuid, ${input.parentId}::uuid, ${input.name}, ${input.position})
        returning id::text as id, parent_id::text as "parentId", name, position, 0 as "articleCount"`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'kb_category', recordId: row!.id, action: 'create', changes: diffRecords(null, input) }]);
    return { ...row!, position: Number(row!.position), articleCount: 0 };
  });
}

export async function updateCategory(ctx: Ctx, id: string, body: unknown): Promise<CategoryRow> {
  requirePermission(ctx.actor, 'settings', 'update');
  if (!isUuid(id)) throw notFound('category', id);
  const input = parseBody(kbCategoryInputSchema, body);
  await requireParent(ctx.db, ctx.actor.workspaceId, input.parentId, id);
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const before = await firstRow<{ name: string; parentId: string | null; position: number }>(tx, sql`select name, parent_id::text as "parentId", position from kb_categories where id = ${id}::uuid and workspace_id = ${ctx.actor.workspaceId}::uuid for update`);
    if (!before) throw notFound('category', id);
    await tx.execute(sql`update kb_categories set name = ${input.name}, parent_id = ${input.parentId}::uuid, position = ${input.position}, updated_at = now() where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'kb_category', recordId: id, action: 'update', changes: diffRecords({ ...before, position: Number(before.position) }, input) }]);
    return (await categoriesWithCounts(tx, ctx.actor.workspaceId, articleReadCondition(ctx.actor))).find((category) => category.id === id)!;
  });
}

/** Deletes an empty category (no sub-categories, no articles, deleted ones included); otherwise 409. */
export async function deleteCategory(ctx: Ctx, id: string): Promise<{ ok: true }> {
  requirePermission(ctx.actor, 'settings', 'update');
  if (!isUuid(id)) throw notFound('category', id);
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const found = await firstRow(tx, sql`select 1 as ok from kb_categories where id = ${id}::uuid and workspace_id = ${ctx.actor.workspaceId}::uuid for update`);
    if (!found) throw notFound('category', id);
    const usage = await firstRow<{ children: number; articles: number }>(
      tx,
      sql`select (select count(*) from kb_categories where parent_id = ${id}::uuid) as children, (select count(*) from kb_articles where category_id = ${id}::uuid and deleted_at is null) as articles`,
    );
    if (Number(usage?.children) > 0 || Number(usage?.articles) > 0) {
      throw new AppError('CONFLICT', { message: 'Move its articles and sub-categories elsewhere first', details: { children: Number(usage?.children), articles: Number(usage?.articles) } });
    }
    await tx.execute(sql`update kb_articles set category_id = null where category_id = ${id}::uuid`);
    await tx.execute(sql`delete from kb_categories where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'kb_category', recordId: id, action: 'delete' }]);
    return { ok: true as const };
  });
}
