// Articles: create, read, list and search, save (keeping the previous state as a version), publish,
// archive, delete and restore; versions to view and restore. Every change is audited as record type
// kb_article in its transaction; publishing also writes the domain event kb.article_published.
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { recordAudit, diffRecords } from '../../core/audit.js';
import { recordDomainEvent } from '../../core/domain-events.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { kbArticleCreateSchema, kbArticleUpdateSchema, kbLanguages, kbStatuses, kbVisibilities } from '@svyaz/shared';
import { articleReadCondition, feedbackVisibleCondition, mayWriteKb, requireKb } from './kb-access.js';
import { articleText, sanitizeArticleHtml, slugify } from './kb-html.js';
import { searchCondition, searchRank } from './kb-search.js';

export const RECORD_TYPE = 'kb_article';

export interface ArticleRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  categoryId: string | null;
  categoryName: string | null;
  tags: string[];
  language: string;
  status: string;
  visibility: string;
  authorId: string | null;
  authorName: string | null;
  updatedBy: string | null;
  version: number;
  resolvedCount: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const articleColumns = sql`a.id::text as id, a.slug, a.title, a.summary, a.body, a.category_id::text as "categoryId", c.name as "categoryName", a.tags, a.language, a.status, a.visibility,
  a.author_id::text as "authorId", u.name as "authorName", a.updated_by::text as "updatedBy", a.version, a.resolved_count as "resolvedCount", a.published_at as "publishedAt", a.created_at as "createdAt", a.updated_at as "updatedAt"`;
export const articleJoins = sql`left join kb_categories c on c.id = a.category_id left join users u on u.id = a.author_id`;

export function normaliseArticle<T extends { version: number; resolvedCount: number }>(row: T): T {
  return { ...row, version: Number(row.version), resolvedCount: Number(row.resolvedCount) };
}

async function requireCategory(db: Db, workspaceId: string, categoryId: string | null | undefined): Promise<void> {
  if (!categoryId) return;
  const found = await firstRow(db, sql`select 1 as ok from kb_categories where id = ${categoryId}::uuid and workspace_id = ${workspaceId}::uuid`);
  if (!found) throw invalid('categoryId', 'is not a category of this knowledge base');
}

async function loadArticle(db: Db, condition: SQL, id: string): Promise<ArticleRow | undefined> {
  const row = await firstRow<ArticleRow>(db, sql`select ${articleColumns} from kb_articles a ${articleJoins} where a.id = ${id}::uuid and ${condition}`);
  return row ? normaliseArticle(row) : undefined;
}

/** The article with its usefulness figures, if the actor may read it; 404 otherwise. */
export async function getArticle(ctx: Ctx, id: string): Promise<ArticleRow & { stats: ArticleStats; attachments: AttachmentRow[] }> {
  if (!isUuid(id)) throw notFound('article', id);
  const row = await loadArticle(ctx.db, articleReadCondition(ctx.actor), id);
  if (!row) throw notFound('article', id);
  return { ...row, stats: await articleStats(ctx.db, id, ctx.actor), attachments: await listAttachments(ctx.db, ctx.actor.workspaceId, id) };
}

export interface ArticleStats {
  views: number;
  resolutions: number;
  notHelpful: number;
  helpfulVotes: number;
  unhelpfulVotes: number;
  /** Share of helpful votes among public ratings, 0..1; null without votes. */
  rating: number | null;
}

/** An article's figures; with an actor, agents' marks count only when their case is one the actor may read. */
export async function articleStats(db: Db, articleId: string, actor?: Actor): Promise<ArticleStats> {
  const visible = actor ? feedbackVisibleCondition(actor, 'kb_article_feedback') : sql`true`;
  const row = await firstRow<Record<string, number | string | null>>(
    db,
    sql`select
      (select coalesce(sum(views), 0) from kb_article_views where article_id = ${articleId}::uuid) as views,
      (select count(*) from kb_article_feedback where article_id = ${articleId}::uuid and kind = 'resolved' and ${visible}) as resolutions,
      (select count(*) from kb_article_feedback where article_id = ${articleId}::uuid and kind = 'not_helpful' and ${visible}) as "notHelpful",
      (select count(*) filter (where helpful) from kb_article_ratings where article_id = ${articleId}::uuid) as "helpfulVotes",
      (select count(*) filter (where not helpful) from kb_article_ratings where article_id = ${articleId}::uuid) as "unhelpfulVotes"`,
  );
  const helpfulVotes = Number(row?.helpfulVotes ?? 0);
  const unhelpfulVotes = Number(row?.unhelpfulVotes ?? 0);
  return {
    views: Number(row?.views ?? 0),
    resolutions: Number(row?.resolutions ?? 0),
    notHelpful: Number(row?.notHelpful ?? 0),
    helpfulVotes,
    unhelpfulVotes,
    rating: helpfulVotes + unhelpfulVotes ? helpfulVotes / (helpfulVotes + unhelpfulVotes) : null,
  };
}

export interface AttachmentRow {
  id: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export async function listAttachments(db: Db, workspaceId: string, articleId: string): Promise<AttachmentRow[]> {
  const found = await rows<AttachmentRow>(
    db,
    sql`select id::text as id, name, content_type as "contentType", size, created_at as "createdAt" from stored_files
      where workspace_id = ${workspaceId}::uuid and record_type = ${RECORD_TYPE} and record_id = ${articleId}::uuid order by created_at, id`,
  );
  return found.map((row) => ({ ...row, size: Number(row.size) }));
}

export interface ListArticlesQuery {
  q?: string;
  categoryId?: string;
  status?: string;
  visibility?: string;
  language?: string;
  tag?: string;
  limit?: number;
  cursor?: string;
}

function listFilters(query: Record<string, unknown>): { conditions: SQL[]; q: string; limit: number; cursor: { updatedAt: string; id: string } | null } {
  const conditions: SQL[] = [];
  const text = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);
  const category = text('category') ?? text('categoryId');
  if (category) {
    if (!isUuid(category)) throw invalid('category', 'is not a valid id');
    // The category and its sub-categories.
    conditions.push(sql`a.category_id in (with recursive tree as (select id from kb_categories where id = ${category}::uuid union all select k.id from kb_categories k join tree on k.parent_id = tree.id) select id from tree)`);
  }
  const status = text('status');
  if (status) {
    if (!(kbStatuses as readonly string[]).includes(status)) throw invalid('status', 'must be draft, published or archived');
    conditions.push(sql`a.status = ${status}`);
  }
  const visibility = text('visibility');
  if (visibility) {
    if (!(kbVisibilities as readonly string[]).includes(visibility)) throw invalid('visibility', 'must be internal or public');
    conditions.push(sql`a.visibility = ${visibility}`);
  }
  const language = text('language');
  if (language) {
    if (!(kbLanguages as readonly string[]).includes(language)) throw invalid('language', 'must be ru or en');
    conditions.push(sql`a.language = ${language}`);
  }
  const tag = text('tag');
  if (tag) conditions.push(sql`${tag} = any(a.tags)`);
  const q = (text('q') ?? '').trim().slice(0, 500);
  const limitValue = query.limit === undefined ? 25 : Number(query.limit);
  if (!Number.isInteger(limitValue) || limitValue < 1 || limitValue > 100) throw invalid('limit', 'must be an integer from 1 to 100');
  let cursor: { updatedAt: string; id: string } | null = null;
  const rawCursor = text('cursor');
  if (rawCursor) {
    try {
      const parsed = JSON.parse(Buffer.from(rawCursor, 'base64url').toString('utf8')) as { u: string; i: string };
      if (typeof parsed.u !== 'string' || !isUuid(parsed.i) || Number.isNaN(Date.parse(parsed.u))) throw new Error('bad');
      cursor = { updatedAt: parsed.u, id: parsed.i };
    } catch {
      throw new AppError('INVALID_CURSOR', { message: 'The cursor is not one this list gave', details: [{ field: 'cursor', problem: 'is not valid' }] });
    }
  }
  return { conditions, q, limit: limitValue, cursor };
}

export type ArticleListItem = Omit<ArticleRow, 'body'> & { views: number };

/**
 * Articles the actor may read. With `q`: the best matches first (morphology, then near spellings of titles),
 * at most `limit`; without: newest change first with a keyset cursor.
 */
export async function listArticles(ctx: Ctx, query: Record<string, unknown>, base: SQL = articleReadCondition(ctx.actor)): Promise<{ data: ArticleListItem[]; nextCursor: string | null }> {
  const { conditions, q, limit, cursor } = listFilters(query);
  const where = sql.join([base, ...conditions], sql` and `);
  const columns = sql`${articleColumns}, (select coalesce(sum(v.views), 0) from kb_article_views v where v.article_id = a.id) as views`;
  if (q) {
    const found = await rows<ArticleRow & { views: number }>(
      ctx.db,
      sql`select ${columns} from kb_articles a ${articleJoins} where ${where} and ${searchCondition(q)} order by ${searchRank(q)} desc, a.id limit ${limit}`,
    );
    return { data: found.map(listItem), nextCursor: null };
  }
  const after = cursor ? sql` and (a.updated_at, a.id) < (${cursor.updatedAt}::timestamptz, ${cursor.id}::uuid)` : sql``;
  const found = await rows<ArticleRow & { views: number }>(ctx.db, sql`select ${columns} from kb_articles a ${articleJoins} where ${where}${after} order by a.updated_at desc, a.id desc limit ${limit + 1}`);
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = found.length > limit && last ? Buffer.from(JSON.stringify({ u: last.updatedAt, i: last.id })).toString('base64url') : null;
  return { data: page.map(listItem), nextCursor };
}

function listItem(row: ArticleRow & { views: number }): ArticleListItem {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { body, ...rest } = normaliseArticle(row);
  return { ...rest, views: Number(row.views) };
}

async function uniqueSlug(db: Db, workspaceId: string, title: string): Promise<string> {
  const base = slugify(title);
  const taken = await firstRow(db, sql`select 1 as ok from kb_articles where workspace_id = ${workspaceId}::uuid and slug = ${base}`);
  return taken ? `${base}-${randomBytes(3).toString('hex')}` : base;
}

const contentKeys = ['title', 'summary', 'body', 'categoryId', 'tags', 'language', 'status', 'visibility'] as const;
const snapshot = (row: Pick<ArticleRow, (typeof contentKeys)[number]>) => Object.fromEntries(contentKeys.map((key) => [key, row[key]]));

export async function createArticle(ctx: Ctx, body: unknown): Promise<ArticleRow> {
  requireKb(ctx.actor, 'create');
  const input = parseBody(kbArticleCreateSchema, body);
  await requireCategory(ctx.db, ctx.actor.workspaceId, input.categoryId);
  const html = sanitizeArticleHtml(input.body);
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const slug = await uniqueSlug(tx, ctx.actor.workspaceId, input.title);
    const created = await firstRow<{ id: string }>(
      tx,
      sql`insert into kb_articles (workspace_id, slug, title, summary, body, body_text, category_id, tags, language, status, visibility, author_id, updated_by, published_at)
        values (${ctx.actor.workspaceId}::uuid, ${slug}, ${input.title}, ${input.summary}, ${html}, ${articleText(html)}, ${input.categoryId}::uuid, ${pgArrayLiteral(input.tags)}::text[], ${input.language}, ${input.status}, ${input.visibility},
          ${ctx.actor.userId}::uuid, ${ctx.actor.userId}::uuid, ${input.status === 'published' ? sql`now()` : sql`null`})
        returning id::text as id`,
    );
    const row = (await loadArticle(tx, sql`a.workspace_id = ${ctx.actor.workspaceId}::uuid`, created!.id))!;
    await recordAudit(tx, ctx.actor, [{ recordType: RECORD_TYPE, recordId: row.id, action: 'create', changes: diffRecords(null, snapshot(row)) }]);
    if (row.status === 'published') await recordDomainEvent(tx, { workspaceId: ctx.actor.workspaceId, type: 'kb.article_published', object: 'kb_articles', recordId: row.id, actorId: ctx.actor.userId, data: { visibility: row.visibility } });
    return row;
  });
}

async function requireWritable(ctx: Ctx, tx: Db, id: string, options: { includeDeleted?: boolean } = {}): Promise<ArticleRow & { deletedAt: string | null }> {
  if (!isUuid(id)) throw notFound('article', id);
  const row = await firstRow<ArticleRow & { deletedAt: string | null }>(
    tx,
    sql`select ${articleColumns}, a.deleted_at as "deletedAt" from kb_articles a ${articleJoins} where a.id = ${id}::uuid and a.workspace_id = ${ctx.actor.workspaceId}::uuid ${options.includeDeleted ? sql`` : sql`and a.deleted_at is null`} for update of a`,
  );
  if (!row) throw notFound('article', id);
  if (!mayWriteKb(ctx.actor)) {
    // A reader who may see it learns they may not change it; one who may not see it gets 404.
    if (row.status === 'published' && !row.deletedAt) throw new AppError('FORBIDDEN', { message: 'You may not change knowledge base articles', details: { object: 'knowledge_base', action: 'update' } });
    throw notFound('article', id);
  }
  return normaliseArticle(row);
}

/** Keeps the article's current state as version `version` before it changes. */
async function keepVersion(tx: Db, workspaceId: string, row: ArticleRow): Promise<void> {
  await tx.execute(sql`insert into kb_article_versions (workspace_id, article_id, version, title, summary, body, category_id, tags, language, status, visibility, saved_by, saved_at)
    values (${workspaceId}::uuid, ${row.id}::uuid, ${row.version}, ${row.title}, ${row.summary}, ${row.body}, ${row.categoryId}::uuid, ${pgArrayLiteral(row.tags)}::text[], ${row.language}, ${row.status}, ${row.visibility}, ${row.updatedBy}::uuid, ${row.updatedAt}::timestamptz)
    on conflict (article_id, version) do nothing`);
}

type ArticleChange = Partial<Pick<ArticleRow, (typeof contentKeys)[number]>>;

async function applyChange(ctx: Ctx, tx: Db, current: ArticleRow, change: ArticleChange, meta: Record<string, unknown> = {}): Promise<ArticleRow> {
  const next = { ...snapshot(current), ...Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) } as ReturnType<typeof snapshot> & ArticleChange;
  const changes = diffRecords(snapshot(current), next);
  if (Object.keys(changes).length === 0) return current;
  // Every save of an article that has been published keeps what it replaced (drafts never published too:
  // the history is cheap and an author may want yesterday's draft back).
  await keepVersion(tx, ctx.actor.workspaceId, current);
  const html = next.body as string;
  await tx.execute(sql`update kb_articles set title = ${next.title as string}, summary = ${next.summary as string}, body = ${html}, body_text = ${articleText(html)},
      category_id = ${(next.categoryId as string | null) ?? null}::uuid, tags = ${pgArrayLiteral(next.tags as string[])}::text[], language = ${next.language as string}, status = ${next.status as string}, visibility = ${next.visibility as string},
      published_at = case when ${next.status as string} = 'published' then coalesce(published_at, now()) else published_at end,
      version = version + 1, updated_by = ${ctx.actor.userId}::uuid, updated_at = now()
    where id = ${current.id}::uuid`);
  await recordAudit(tx, ctx.actor, [{ recordType: RECORD_TYPE, recordId: current.id, action: 'update', changes, meta: { version: current.version + 1, ...meta } }]);
  if (changes.status && next.status === 'published') {
    await recordDomainEvent(tx, { workspaceId: ctx.actor.workspaceId, type: 'kb.article_published', object: 'kb_articles', recordId: current.id, actorId: ctx.actor.userId, data: { visibility: next.visibility } });
  }
  return (await loadArticle(tx, sql`a.workspace_id = ${ctx.actor.workspaceId}::uuid`, current.id))!;
}

export async function updateArticle(ctx: Ctx, id: string, body: unknown): Promise<ArticleRow> {
  // No early permission check: an article the actor cannot see answers 404, one they can see 403 (requireWritable).
  const input = parseBody(kbArticleUpdateSchema, body);
  await requireCategory(ctx.db, ctx.actor.workspaceId, input.categoryId);
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const current = await requireWritable(ctx, tx, id);
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw new AppError('CONFLICT', { message: 'Someone saved this article after you opened it; reload to see their version', details: [{ field: 'expectedVersion', problem: `is ${input.expectedVersion}, the article is at version ${current.version}` }] });
    }
    const { expectedVersion: _expected, ...change } = input;
    void _expected;
    return applyChange(ctx, tx, current, { ...change, body: change.body === undefined ? undefined : sanitizeArticleHtml(change.body) });
  });
}

export async function setArticleStatus(ctx: Ctx, id: string, status: 'published' | 'draft' | 'archived'): Promise<ArticleRow> {
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    return applyChange(ctx, tx, await requireWritable(ctx, tx, id), { status });
  });
}

export async function deleteArticle(ctx: Ctx, id: string): Promise<{ ok: true }> {
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await requireWritable(ctx, tx, id);
    requireKb(ctx.actor, 'delete');
    await tx.execute(sql`update kb_articles set deleted_at = now(), updated_at = now() where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: RECORD_TYPE, recordId: id, action: 'delete' }]);
    return { ok: true as const };
  });
}

export async function restoreArticle(ctx: Ctx, id: string): Promise<ArticleRow> {
  requireKb(ctx.actor, 'delete');
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const row = await requireWritable(ctx, tx, id, { includeDeleted: true });
    if (row.deletedAt) {
      await tx.execute(sql`update kb_articles set deleted_at = null, updated_at = now() where id = ${id}::uuid`);
      await recordAudit(tx, ctx.actor, [{ recordType: RECORD_TYPE, recordId: id, action: 'restore' }]);
    }
    return (await loadArticle(tx, sql`a.workspace_id = ${ctx.actor.workspaceId}::uuid`, id))!;
  });
}

export interface VersionRow {
  id: string;
  version: number;
  title: string;
  summary: string;
  body?: string;
  categoryId: string | null;
  tags: string[];
  language: string;
  status: string;
  visibility: string;
  savedBy: string | null;
  savedByName: string | null;
  savedAt: string;
}

const versionColumns = sql`v.id::text as id, v.version, v.title, v.summary, v.category_id::text as "categoryId", v.tags, v.language, v.status, v.visibility, v.saved_by::text as "savedBy", u.name as "savedByName", v.saved_at as "savedAt"`;

/** Earlier versions of an article, newest first (writers only: versions include unpublished states). */
export async function listVersions(ctx: Ctx, id: string): Promise<{ current: number; data: VersionRow[] }> {
  requireKb(ctx.actor, 'update');
  const article = await getArticleForWriter(ctx, id);
  const found = await rows<VersionRow>(ctx.db, sql`select ${versionColumns} from kb_article_versions v left join users u on u.id = v.saved_by where v.article_id = ${id}::uuid order by v.version desc limit 500`);
  return { current: article.version, data: found.map((row) => ({ ...row, version: Number(row.version) })) };
}

async function getArticleForWriter(ctx: Ctx, id: string): Promise<ArticleRow> {
  if (!isUuid(id)) throw notFound('article', id);
  const row = await loadArticle(ctx.db, sql`a.workspace_id = ${ctx.actor.workspaceId}::uuid and a.deleted_at is null`, id);
  if (!row) throw notFound('article', id);
  return row;
}

export async function getVersion(ctx: Ctx, id: string, version: number): Promise<VersionRow> {
  requireKb(ctx.actor, 'update');
  await getArticleForWriter(ctx, id);
  if (!Number.isInteger(version) || version < 1) throw invalid('version', 'must be a positive integer');
  const row = await firstRow<VersionRow>(ctx.db, sql`select ${versionColumns}, v.body from kb_article_versions v left join users u on u.id = v.saved_by where v.article_id = ${id}::uuid and v.version = ${version}`);
  if (!row) throw notFound('version', String(version));
  return { ...row, version: Number(row.version) };
}

/** Makes an earlier version's content current again (as a new version; the replaced state is kept too). */
export async function restoreVersion(ctx: Ctx, id: string, version: number): Promise<ArticleRow> {
  const old = await getVersion(ctx, id, version);
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const current = await requireWritable(ctx, tx, id);
    const categoryExists = old.categoryId ? await firstRow(tx, sql`select 1 as ok from kb_categories where id = ${old.categoryId}::uuid`) : null;
    return applyChange(ctx, tx, current, { title: old.title, summary: old.summary, body: sanitizeArticleHtml(old.body ?? ''), categoryId: categoryExists ? old.categoryId : null, tags: old.tags, language: old.language, visibility: old.visibility }, { restoredVersion: version });
  });
}
