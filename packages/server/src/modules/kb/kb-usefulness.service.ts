// How useful articles are: agents' marks (resolved a case, did not help), public readers' votes (one per
// browser, changeable), views per day (one upserted row per article and day), the report of articles that
// resolve most and those that fail, and the experts of a category.
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Actor, Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { recordAudit } from '../../core/audit.js';
import { accessCondition } from '../../core/access.js';
import { isUuid } from '../../core/records/record-service.js';
import { kbFeedbackSchema, kbRatingSchema } from '@svyaz/shared';
import { articleReadCondition, feedbackVisibleCondition } from './kb-access.js';
import { articleStats, RECORD_TYPE, type ArticleStats } from './kb-articles.service.js';

async function requireReadable(ctx: Ctx, id: string): Promise<{ id: string; status: string }> {
  if (!isUuid(id)) throw notFound('article', id);
  const row = await firstRow<{ id: string; status: string }>(ctx.db, sql`select a.id::text as id, a.status from kb_articles a where a.id = ${id}::uuid and ${articleReadCondition(ctx.actor)}`);
  if (!row) throw notFound('article', id);
  return row;
}

/**
 * An agent's mark on an article: it resolved a case (with the case's id; marking the same case twice
 * changes nothing) or it did not help. Audited on the article.
 */
export async function recordFeedback(ctx: Ctx, articleId: string, body: unknown): Promise<{ ok: true; created: boolean; stats: ArticleStats }> {
  const input = parseBody(kbFeedbackSchema, body);
  await requireReadable(ctx, articleId);
  if (input.caseId) {
    const found = await firstRow(ctx.db, sql`select 1 as one from cases c where c.id = ${input.caseId}::uuid and ${accessCondition(ctx.actor, 'cases', 'read', 'c')}`);
    if (!found) throw notFound('case', input.caseId);
  }
  const created = await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const inserted = await rows(
      tx,
      sql`insert into kb_article_feedback (workspace_id, article_id, kind, case_id, user_id, comment)
        values (${ctx.actor.workspaceId}::uuid, ${articleId}::uuid, ${input.kind}, ${input.caseId}::uuid, ${ctx.actor.userId}::uuid, ${input.comment})
        on conflict (article_id, case_id, kind) where case_id is not null do nothing returning id`,
    );
    if (inserted.length === 0) return false;
    if (input.kind === 'resolved') await tx.execute(sql`update kb_articles set resolved_count = resolved_count + 1 where id = ${articleId}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: RECORD_TYPE, recordId: articleId, action: 'update', meta: { feedback: input.kind, caseId: input.caseId } }]);
    return true;
  });
  return { ok: true, created, stats: await articleStats(ctx.db, articleId, ctx.actor) };
}

export interface CaseMark {
  articleId: string;
  title: string;
  slug: string;
  visibility: string;
  kind: 'resolved' | 'not_helpful';
  userId: string | null;
  userName: string | null;
  createdAt: string;
}

/**
 * The marks stored on one case (which articles resolved it or did not help), so the case screen shows them
 * after a reload. The case must be one the actor may read (else 404); articles they may not read are left out.
 */
export async function caseMarks(ctx: Ctx, caseId: string): Promise<{ data: CaseMark[] }> {
  if (!isUuid(caseId)) throw notFound('case', caseId);
  const found = await firstRow(ctx.db, sql`select 1 as one from cases c where c.id = ${caseId}::uuid and ${accessCondition(ctx.actor, 'cases', 'read', 'c')}`);
  if (!found) throw notFound('case', caseId);
  const marks = await rows<CaseMark & { createdAt: Date | string }>(
    ctx.db,
    sql`select a.id::text as "articleId", a.title, a.slug, a.visibility, f.kind, f.user_id::text as "userId", u.name as "userName", f.created_at as "createdAt"
      from kb_article_feedback f join kb_articles a on a.id = f.article_id left join users u on u.id = f.user_id
      where f.workspace_id = ${ctx.actor.workspaceId}::uuid and f.case_id = ${caseId}::uuid and ${articleReadCondition(ctx.actor)}
      order by f.created_at, f.id`,
  );
  return { data: marks.map((mark) => ({ ...mark, createdAt: new Date(mark.createdAt).toISOString() })) };
}

/** Counts one view of an article today: one upsert on (article, day), never an update of the article row. */
export async function countView(db: Db, workspaceId: string, articleId: string): Promise<void> {
  await db.execute(sql`insert into kb_article_views (workspace_id, article_id, day, views) values (${workspaceId}::uuid, ${articleId}::uuid, current_date, 1)
    on conflict (article_id, day) do update set views = kb_article_views.views + 1`);
}

export async function viewArticle(ctx: Ctx, articleId: string): Promise<{ ok: true }> {
  const article = await requireReadable(ctx, articleId);
  if (article.status === 'published') await countView(ctx.db, ctx.actor.workspaceId, articleId);
  return { ok: true };
}

/** The hashed voter key of a browser token (the raw token never reaches the database). */
export function voterKey(token: string): string {
  return createHash('sha256').update(`kb-voter:${token}`).digest('hex');
}

/** A public reader's vote; the same browser voting again changes its vote. */
export async function rateArticle(db: Db, workspaceId: string, articleId: string, voter: string, body: unknown): Promise<{ helpfulVotes: number; unhelpfulVotes: number; yourVote: boolean }> {
  const input = parseBody(kbRatingSchema, body);
  await db.execute(sql`insert into kb_article_ratings (workspace_id, article_id, voter, helpful) values (${workspaceId}::uuid, ${articleId}::uuid, ${voter}, ${input.helpful})
    on conflict (article_id, voter) do update set helpful = excluded.helpful, updated_at = now()`);
  const stats = await articleStats(db, articleId);
  return { helpfulVotes: stats.helpfulVotes, unhelpfulVotes: stats.unhelpfulVotes, yourVote: input.helpful };
}

export interface ReportRow {
  id: string;
  title: string;
  slug: string;
  visibility: string;
  views: number;
  resolutions: number;
  notHelpful: number;
  helpfulVotes: number;
  unhelpfulVotes: number;
}

function periodDays(query: Record<string, unknown>): number {
  const days = query.days === undefined ? 90 : Number(query.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw invalid('days', 'must be an integer from 1 to 3650');
  return days;
}

/**
 * Over the last `days`: the articles that resolved most cases, and the failing ones — shown (viewed) or
 * voted on, yet rated down or marked unhelpful, and resolving nothing.
 */
export async function usefulnessReport(ctx: Ctx, query: Record<string, unknown>): Promise<{ days: number; resolvingMost: ReportRow[]; failing: (ReportRow & { failScore: number })[] }> {
  const days = periodDays(query);
  const since = sql`now() - make_interval(days => ${days})`;
  const visible = feedbackVisibleCondition(ctx.actor);
  const figures = sql`select a.id::text as id, a.title, a.slug, a.visibility,
      coalesce((select sum(v.views) from kb_article_views v where v.article_id = a.id and v.day >= (${since})::date), 0) as views,
      (select count(*) from kb_article_feedback f where f.article_id = a.id and f.kind = 'resolved' and f.created_at >= ${since} and ${visible}) as resolutions,
      (select count(*) from kb_article_feedback f where f.article_id = a.id and f.kind = 'not_helpful' and f.created_at >= ${since} and ${visible}) as "notHelpful",
      (select count(*) from kb_article_ratings r where r.article_id = a.id and r.helpful and r.updated_at >= ${since}) as "helpfulVotes",
      (select count(*) from kb_article_ratings r where r.article_id = a.id and not r.helpful and r.updated_at >= ${since}) as "unhelpfulVotes"
    from kb_articles a where ${articleReadCondition(ctx.actor)} and a.status = 'published'`;
  const numbers = (row: ReportRow) => ({ ...row, views: Number(row.views), resolutions: Number(row.resolutions), notHelpful: Number(row.notHelpful), helpfulVotes: Number(row.helpfulVotes), unhelpfulVotes: Number(row.unhelpfulVotes) });
  const resolvingMost = await rows<ReportRow>(ctx.db, sql`select * from (${figures}) s where s.resolutions > 0 order by s.resolutions desc, s.views desc, s.id limit 20`);
  // Failing: no resolution; each unhelpful mark or down-vote counts 3, every 10 views without a resolution 1.
  const failing = await rows<ReportRow & { failScore: number }>(
    ctx.db,
    sql`select *, ("notHelpful" * 3 + "unhelpfulVotes" * 3 - "helpfulVotes" + views / 10.0) as "failScore" from (${figures}) s
      where s.resolutions = 0 and (s."notHelpful" > 0 or s."unhelpfulVotes" > s."helpfulVotes" or s.views >= 20)
      order by "failScore" desc, s.id limit 20`,
  );
  return { days, resolvingMost: resolvingMost.map(numbers), failing: failing.map((row) => ({ ...numbers(row), failScore: Number(row.failScore) })) };
}

export interface ExpertRow {
  userId: string;
  name: string;
  email: string;
  articlesAuthored: number;
  resolutions: number;
  score: number;
}

/**
 * Contributions per person in a category (with its sub-categories): articles they authored (published,
 * 2 points each) and cases they resolved with its articles (1 point each: the case's marks "resolved" by
 * that person). Only what the viewer may see counts: published articles (plus drafts for readers of the
 * whole knowledge base, `articleReadCondition`) and marks whose case the viewer may read.
 */
export function expertContributions(actor: Actor, categories: SQL): SQL[] {
  return [
    sql`select a.author_id as user_id, 'authored' as kind, 2 as points from kb_articles a
      where ${articleReadCondition(actor)} and a.status = 'published' and a.author_id is not null and (${categories})`,
    sql`select f.user_id, 'resolved' as kind, 1 as points from kb_article_feedback f join kb_articles a on a.id = f.article_id
      where f.workspace_id = ${actor.workspaceId}::uuid and f.kind = 'resolved' and f.user_id is not null and ${articleReadCondition(actor)} and (${categories})
        and ${feedbackVisibleCondition(actor)}`,
  ];
}

export async function findExperts(ctx: Ctx, query: Record<string, unknown>): Promise<{ data: ExpertRow[] }> {
  const category = typeof query.category === 'string' && query.category ? query.category : null;
  if (category && !isUuid(category)) throw invalid('category', 'is not a valid id');
  const categories = category
    ? sql`a.category_id in (with recursive tree as (select id from kb_categories where id = ${category}::uuid and workspace_id = ${ctx.actor.workspaceId}::uuid union all select k.id from kb_categories k join tree on k.parent_id = tree.id) select id from tree)`
    : sql`true`;
  const found = await rows<ExpertRow>(
    ctx.db,
    sql`with contributions as (${sql.join(expertContributions(ctx.actor, categories), sql` union all `)})
      select u.id::text as "userId", u.name, u.email,
        count(*) filter (where c.kind = 'authored') as "articlesAuthored",
        count(*) filter (where c.kind = 'resolved') as resolutions,
        sum(c.points) as score
      from contributions c join users u on u.id = c.user_id and u.workspace_id = ${ctx.actor.workspaceId}::uuid and u.is_active
      group by u.id, u.name, u.email
      order by score desc, u.name limit 20`,
  );
  return { data: found.map((row) => ({ ...row, articlesAuthored: Number(row.articlesAuthored), resolutions: Number(row.resolutions), score: Number(row.score) })) };
}
