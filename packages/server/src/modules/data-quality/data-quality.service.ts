// Data quality: the duplicate finder (a background run whose groups are stored) and a report of
// records without owner, without any contact channel, with an invalid INN, and stale deals. Every
// entry lists its records; everything is filtered by the actor's read rights.
import { sql, type SQL } from 'drizzle-orm';
import { isValidInn } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition, requirePermission, type OwnedObject } from '../../core/access.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { findDuplicatePairs, groupPairs, type DuplicateGroup } from './duplicate-finder.js';

const display: Record<string, string> = { companies: 't.name', contacts: 't.full_name', deals: 't.title', leads: 't.title' };

interface Issue {
  key: string;
  object: OwnedObject;
  title: { ru: string; en: string };
  where: (actor: Actor) => SQL;
}

const staleDays = 30;
const issues: Issue[] = [
  ...(['companies', 'contacts', 'deals', 'leads'] as const).map<Issue>((object) => ({
    key: `${object}-without-owner`,
    object,
    title: { ru: 'Без ответственного', en: 'Without owner' },
    where: () => sql`t.owner_id is null`,
  })),
  ...(['companies', 'contacts'] as const).map<Issue>((object) => ({
    key: `${object}-without-contact-channel`,
    object,
    title: { ru: 'Нет ни телефона, ни e-mail', en: 'No phone and no email' },
    where: () => sql`cardinality(t.phones) = 0 and cardinality(t.emails) = 0`,
  })),
  ...(['companies', 'leads'] as const).map<Issue>((object) => ({
    key: `${object}-invalid-inn`,
    object,
    title: { ru: 'Неверный ИНН', en: 'Invalid INN' },
    // Format here; the checksum is checked in code on the candidates (see invalidInnIds).
    where: () => sql`t.inn is not null and t.inn <> ''`,
  })),
  {
    key: 'deals-stale',
    object: 'deals',
    title: { ru: `Сделки без движения ${staleDays} дней`, en: `Deals without activity for ${staleDays} days` },
    where: () => sql`exists (select 1 from stages s where s.id = t.stage_id and s.kind = 'open')
      and t.created_at < now() - make_interval(days => ${staleDays}) and coalesce(t.stage_entered_at, t.created_at) < now() - make_interval(days => ${staleDays})
      and not exists (select 1 from activities a where a.workspace_id = t.workspace_id and a.record_id = t.id and a.deleted_at is null and a.occurred_at > now() - make_interval(days => ${staleDays}))`,
  },
];

async function issueIds(ctx: Ctx, issue: Issue, limit: number, after?: string): Promise<{ id: string; name: string }[]> {
  const base = sql`from ${sql.raw(`"${issue.object}"`)} t where ${accessCondition(ctx.actor, issue.object, 'read', 't')} and ${issue.where(ctx.actor)} ${after ? sql`and t.id > ${after}::uuid` : sql``}`;
  if (issue.key.endsWith('invalid-inn')) {
    const found: { id: string; name: string }[] = [];
    let cursor = after;
    for (;;) {
      const page = await rows<{ id: string; name: string; inn: string }>(
        ctx.db,
        sql`select t.id, ${sql.raw(display[issue.object])} as name, t.inn from ${sql.raw(`"${issue.object}"`)} t where ${accessCondition(ctx.actor, issue.object, 'read', 't')} and ${issue.where(ctx.actor)} ${cursor ? sql`and t.id > ${cursor}::uuid` : sql``} order by t.id limit 5000`,
      );
      for (const row of page) if (!isValidInn(row.inn)) found.push({ id: row.id, name: row.name });
      if (found.length >= limit || page.length < 5000) return found.slice(0, limit);
      cursor = page[page.length - 1].id;
    }
  }
  return rows(ctx.db, sql`select t.id, ${sql.raw(display[issue.object])} as name ${base} order by t.id limit ${limit}`);
}

async function issueCount(ctx: Ctx, issue: Issue): Promise<number> {
  if (issue.key.endsWith('invalid-inn')) return (await issueIds(ctx, issue, 1_000_000)).length;
  const row = await firstRow<{ n: number }>(ctx.db, sql`select count(*)::int as n from ${sql.raw(`"${issue.object}"`)} t where ${accessCondition(ctx.actor, issue.object, 'read', 't')} and ${issue.where(ctx.actor)}`);
  return row?.n ?? 0;
}

/** Every check with its count and the first records behind it (open the rest with listIssueRecords). */
export async function buildQualityReport(ctx: Ctx) {
  const entries = [];
  for (const issue of issues) {
    if (ctx.actor.permissions[issue.object]?.read === undefined || ctx.actor.permissions[issue.object]?.read === 'none') continue;
    const count = await issueCount(ctx, issue);
    entries.push({ key: issue.key, object: issue.object, title: issue.title, count, records: count ? await issueIds(ctx, issue, 20) : [], link: `/api/v1/data-quality/issues/${issue.key}` });
  }
  return { generatedAt: new Date().toISOString(), entries };
}

export async function listIssueRecords(ctx: Ctx, key: string, query: { cursor?: string; limit?: string }) {
  const issue = issues.find((candidate) => candidate.key === key);
  if (!issue) throw notFound('data quality check', key);
  requirePermission(ctx.actor, issue.object, 'read');
  const limit = query.limit ? Number(query.limit) : 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('limit', 'must be an integer from 1 to 1000');
  if (query.cursor && !/^[0-9a-f-]{36}$/i.test(query.cursor)) throw invalid('cursor', 'is malformed');
  const data = await issueIds(ctx, issue, limit + 1, query.cursor);
  const more = data.length > limit;
  if (more) data.pop();
  return { key, object: issue.object, data, nextCursor: more ? data[data.length - 1].id : null };
}

// ---------------------------------------------------------------- duplicate finder runs

let schedule: (db: Db, runId: string, workspaceId: string) => void = (db, runId, workspaceId) => setImmediate(() => void runDuplicateFinder(db, runId, workspaceId));

export function registerDuplicateFinderRunner(runner: typeof schedule): void {
  schedule = runner;
}

function requireWorkspaceView(actor: Actor): void {
  if (actor.permissions.contacts?.read !== 'all' && actor.permissions.companies?.read !== 'all') {
    throw new AppError('FORBIDDEN', { message: 'Finding duplicates across the workspace needs read rights on all contacts or companies' });
  }
}

export async function startDuplicateFinder(ctx: Ctx) {
  requireWorkspaceView(ctx.actor);
  const [run] = await rows<{ id: string }>(ctx.db, sql`insert into data_quality_runs (workspace_id, kind, created_by) values (${ctx.actor.workspaceId}, 'duplicates', ${ctx.actor.userId}) returning id`);
  schedule(ctx.db, run.id, ctx.actor.workspaceId);
  return getDuplicateRun(ctx, run.id);
}

export async function runDuplicateFinder(db: Db, runId: string, workspaceId: string): Promise<void> {
  try {
    const groups = groupPairs(await findDuplicatePairs(db, workspaceId));
    await db.execute(sql`update data_quality_runs set status = 'done', finished_at = now(), result = ${JSON.stringify({ groups })}::jsonb where id = ${runId}`);
  } catch (error) {
    await db.execute(sql`update data_quality_runs set status = 'failed', finished_at = now(), result = ${JSON.stringify({ error: (error as Error).message })}::jsonb where id = ${runId}`);
  }
}

/** A run with its groups, each limited to the records the actor may read (groups left with one record are dropped). */
export async function getDuplicateRun(ctx: Ctx, id: string) {
  requireWorkspaceView(ctx.actor);
  const run = id === 'latest'
    ? await firstRow<{ id: string; status: string; result: { groups?: DuplicateGroup[] }; createdAt: string; finishedAt: string | null }>(ctx.db, sql`select id, status, result, created_at as "createdAt", finished_at as "finishedAt" from data_quality_runs where workspace_id = ${ctx.actor.workspaceId} and kind = 'duplicates' order by created_at desc limit 1`)
    : /^[0-9a-f-]{36}$/i.test(id)
      ? await firstRow<{ id: string; status: string; result: { groups?: DuplicateGroup[] }; createdAt: string; finishedAt: string | null }>(ctx.db, sql`select id, status, result, created_at as "createdAt", finished_at as "finishedAt" from data_quality_runs where workspace_id = ${ctx.actor.workspaceId} and id = ${id}`)
      : undefined;
  if (!run) throw notFound('duplicate finder run', id);
  const groups = run.result.groups ?? [];
  const visible = new Map<string, string>();
  for (const [type, object] of [['contact', 'contacts'], ['company', 'companies']] as const) {
    const ids = groups.filter((group) => group.type === type).flatMap((group) => group.ids);
    if (!ids.length || (ctx.actor.permissions[object]?.read ?? 'none') === 'none') continue;
    for (let start = 0; start < ids.length; start += 5000) {
      const found = await rows<{ id: string; name: string }>(ctx.db, sql`select t.id, ${sql.raw(display[object])} as name from ${sql.raw(`"${object}"`)} t where ${accessCondition(ctx.actor, object, 'read', 't')} and t.id = any(${pgArrayLiteral(ids.slice(start, start + 5000))}::uuid[])`);
      for (const row of found) visible.set(row.id, row.name);
    }
  }
  const shown = groups
    .map((group) => ({ ...group, records: group.ids.filter((recordId) => visible.has(recordId)).map((recordId) => ({ id: recordId, name: visible.get(recordId) })) }))
    .filter((group) => group.records.length > 1)
    .map(({ ids: _ids, ...group }) => group);
  return { id: run.id, status: run.status, createdAt: run.createdAt, finishedAt: run.finishedAt, groups: shown };
}
