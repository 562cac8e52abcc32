// The public portal of a workspace's knowledge base: its address (a slug an administrator chooses), and
// what anyone may read there — published public articles — with search, categories and votes.
import { sql } from 'drizzle-orm';
import { firstRow, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { recordAudit, diffRecords } from '../../core/audit.js';
import { requirePermission } from '../../core/access.js';
import { kbPortalSchema } from '@svyaz/shared';
import { publicArticleCondition } from './kb-access.js';
import { articleColumns, articleJoins, articleStats, listAttachments, listArticles, normaliseArticle, type ArticleRow } from './kb-articles.service.js';
import { countView } from './kb-usefulness.service.js';

export interface Portal {
  workspaceId: string;
  slug: string;
  enabled: boolean;
  title: string;
}

export async function getPortalSettings(ctx: Ctx): Promise<Portal | { slug: null; enabled: false; title: '' }> {
  const row = await firstRow<Portal>(ctx.db, sql`select workspace_id::text as "workspaceId", slug, enabled, title from kb_portals where workspace_id = ${ctx.actor.workspaceId}::uuid`);
  return row ?? { slug: null, enabled: false, title: '' };
}

export async function updatePortalSettings(ctx: Ctx, body: unknown): Promise<Portal> {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(kbPortalSchema, body);
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const before = await firstRow<Portal>(tx, sql`select slug, enabled, title from kb_portals where workspace_id = ${ctx.actor.workspaceId}::uuid for update`);
    const taken = await firstRow(tx, sql`select 1 as ok from kb_portals where slug = ${input.slug} and workspace_id <> ${ctx.actor.workspaceId}::uuid`);
    if (taken) {
      throw new AppError('CONFLICT', { message: 'This portal address is taken', details: [{ field: 'slug', problem: 'is taken by another workspace' }] });
    }
    await tx.execute(sql`insert into kb_portals (workspace_id, slug, enabled, title) values (${ctx.actor.workspaceId}::uuid, ${input.slug}, ${input.enabled}, ${input.title})
      on conflict (workspace_id) do update set slug = excluded.slug, enabled = excluded.enabled, title = excluded.title, updated_at = now()`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'kb_portal', recordId: ctx.actor.workspaceId, action: before ? 'update' : 'create', changes: diffRecords((before as unknown as Record<string, unknown>) ?? null, input) }]);
    return { workspaceId: ctx.actor.workspaceId, ...input };
  });
}

/** The enabled portal at this address; 404 for an unknown or disabled one. */
export async function findPortal(db: Db, slug: string): Promise<Portal> {
  const row = typeof slug === 'string' && slug.length <= 63 ? await firstRow<Portal>(db, sql`select workspace_id::text as "workspaceId", slug, enabled, title from kb_portals where slug = ${slug} and enabled`) : undefined;
  if (!row) throw notFound('portal', slug);
  return row;
}

/** A public reader's context: no user, no rights beyond the public articles. */
function publicCtx(db: Db, portal: Portal): Ctx {
  return { db, actor: { userId: '00000000-0000-0000-0000-000000000000', workspaceId: portal.workspaceId, roleKey: 'public', permissions: {}, teamId: null, teamScope: [], locale: 'ru' } };
}

export interface PublicArticle {
  slug: string;
  title: string;
  summary: string;
  categoryId: string | null;
  categoryName: string | null;
  language: string;
  tags: string[];
  publishedAt: string | null;
  updatedAt: string;
}

const publicFields = (row: Omit<ArticleRow, 'body'>): PublicArticle => ({
  slug: row.slug,
  title: row.title,
  summary: row.summary,
  categoryId: row.categoryId,
  categoryName: row.categoryName,
  language: row.language,
  tags: row.tags,
  publishedAt: row.publishedAt,
  updatedAt: row.updatedAt,
});

export async function listPublicArticles(db: Db, portal: Portal, query: Record<string, unknown>): Promise<{ data: PublicArticle[]; nextCursor: string | null }> {
  const { status: _status, visibility: _visibility, ...rest } = query;
  void _status;
  void _visibility;
  const result = await listArticles(publicCtx(db, portal), rest, publicArticleCondition(portal.workspaceId));
  return { data: result.data.map(publicFields), nextCursor: result.nextCursor };
}

/** A public article by its slug (counted as a view), with its public figures. */
export async function getPublicArticle(db: Db, portal: Portal, slug: string, options: { countView?: boolean } = {}): Promise<PublicArticle & { id: string; body: string; helpfulVotes: number; unhelpfulVotes: number; attachments: { id: string; name: string; size: number }[] }> {
  const row = typeof slug === 'string' && slug.length <= 200 ? await firstRow<ArticleRow>(db, sql`select ${articleColumns} from kb_articles a ${articleJoins} where a.slug = ${slug} and ${publicArticleCondition(portal.workspaceId)}`) : undefined;
  if (!row) throw notFound('article', slug);
  const article = normaliseArticle(row);
  if (options.countView !== false) await countView(db, portal.workspaceId, article.id);
  const stats = await articleStats(db, article.id);
  const attachments = (await listAttachments(db, portal.workspaceId, article.id)).map(({ id, name, size }) => ({ id, name, size }));
  return { ...publicFields(article), id: article.id, body: article.body, helpfulVotes: stats.helpfulVotes, unhelpfulVotes: stats.unhelpfulVotes, attachments };
}

export async function publicArticleId(db: Db, portal: Portal, slug: string): Promise<string> {
  const row = typeof slug === 'string' && slug.length <= 200 ? await firstRow<{ id: string }>(db, sql`select a.id::text as id from kb_articles a where a.slug = ${slug} and ${publicArticleCondition(portal.workspaceId)}`) : undefined;
  if (!row) throw notFound('article', slug);
  return row.id;
}
