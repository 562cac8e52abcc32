// SLA compliance over a period, per team and per person: of the cases with an SLA created in the period that the
// viewer may read (accessCondition: a head sees the team's, a manager their own), how many got their first
// response and their resolution by the deadline, how long both took in business minutes on the workspace
// calendar (waits for the customer excluded from resolution), and how many open cases breach now; plus the
// list of breaches (case_sla_events) behind the figures, keyset-paged.
import { sql, type SQL } from 'drizzle-orm';
import { businessMinutesBetween, localToInstant, slaBreachQuerySchema, slaReportQuerySchema, zoneOffset, type CompiledCalendar, type Pause, type SlaBreach, type SlaReport, type SlaReportRow, type SlaTargetStats } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { loadBusinessCalendar, workspaceCalendar } from './sla.service.js';

const DAY = 86_400_000;
const MAX_DAYS = 367;

interface Period {
  from: string;
  to: string;
  start: string;
  end: string;
  timeZone: string;
}

/** Whole days [from, to] in the calendar's zone; default the last 30 days up to today. */
async function periodOf(ctx: Ctx, query: { from?: string; to?: string }): Promise<Period> {
  const { timeZone } = await loadBusinessCalendar(ctx.db, ctx.actor.workspaceId);
  const today = new Date(Date.now() + zoneOffset(timeZone, Date.now())).toISOString().slice(0, 10);
  const to = query.to ?? today;
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
  const fromWall = Date.parse(`${from}T00:00:00Z`);
  const toWall = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(fromWall)) throw invalid('from', 'is not a date YYYY-MM-DD');
  if (!Number.isFinite(toWall)) throw invalid('to', 'is not a date YYYY-MM-DD');
  if (toWall < fromWall) throw invalid('to', 'must not be before from');
  if ((toWall - fromWall) / DAY >= MAX_DAYS) throw invalid('to', `the period may span at most ${MAX_DAYS - 1} days`);
  return { from, to, timeZone, start: new Date(localToInstant(timeZone, fromWall)).toISOString(), end: new Date(localToInstant(timeZone, toWall + DAY)).toISOString() };
}

interface CaseRow {
  ownerId: string | null;
  teamId: string | null;
  createdAt: string;
  firstResponseAt: string | null;
  firstResponseDueAt: string | null;
  firstResponseBreachedAt: string | null;
  resolvedAt: string | null;
  resolutionDueAt: string | null;
  resolutionBreachedAt: string | null;
  pauses: { from: string; to: string | null }[] | string | null;
}

type Outcome = 'met' | 'breached' | 'pending';
interface Judged {
  ownerId: string | null;
  teamId: string | null;
  firstResponse: Outcome;
  firstResponseMinutes: number | null;
  resolution: Outcome;
  resolutionMinutes: number | null;
}

const at = (value: string | null) => (value ? Date.parse(value) : null);

function outcome(doneAt: number | null, dueAt: number | null, breachedAt: number | null, now: number): Outcome {
  if (doneAt !== null) return breachedAt !== null || (dueAt !== null && doneAt > dueAt) ? 'breached' : 'met';
  return breachedAt !== null || (dueAt !== null && dueAt < now) ? 'breached' : 'pending';
}

function judge(calendar: CompiledCalendar, row: CaseRow, now: number): Judged {
  const created = Date.parse(row.createdAt);
  const responded = at(row.firstResponseAt);
  const resolved = at(row.resolvedAt);
  const stored = typeof row.pauses === 'string' ? (JSON.parse(row.pauses) as { from: string; to: string | null }[]) : (row.pauses ?? []);
  const pauses: Pause[] = stored.map((pause) => ({ from: Date.parse(pause.from), to: pause.to ? Date.parse(pause.to) : resolved }));
  return {
    ownerId: row.ownerId,
    teamId: row.teamId,
    firstResponse: outcome(responded, at(row.firstResponseDueAt), at(row.firstResponseBreachedAt), now),
    firstResponseMinutes: responded === null ? null : Math.round(businessMinutesBetween(calendar, created, responded)),
    resolution: outcome(resolved, at(row.resolutionDueAt), at(row.resolutionBreachedAt), now),
    resolutionMinutes: resolved === null ? null : Math.round(businessMinutesBetween(calendar, created, resolved, pauses)),
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

function stats(outcomes: Outcome[], minutes: (number | null)[]): SlaTargetStats {
  const met = outcomes.filter((item) => item === 'met').length;
  const breached = outcomes.filter((item) => item === 'breached').length;
  const known = minutes.filter((value): value is number => value !== null);
  return {
    met,
    breached,
    pending: outcomes.length - met - breached,
    metPercent: percent(met, met + breached),
    breachedPercent: percent(breached, met + breached),
    averageMinutes: known.length ? Math.round(known.reduce((sum, value) => sum + value, 0) / known.length) : null,
    medianMinutes: median(known),
  };
}

function summarise(id: string | null, name: string | null, cases: Judged[], breachingNow: number): SlaReportRow {
  return {
    id,
    name,
    cases: cases.length,
    firstResponse: stats(cases.map((item) => item.firstResponse), cases.map((item) => item.firstResponseMinutes)),
    resolution: stats(cases.map((item) => item.resolution), cases.map((item) => item.resolutionMinutes)),
    breachingNow,
  };
}

function groupRows(judged: Judged[], breaching: { key: string | null; count: number }[], key: 'ownerId' | 'teamId', names: Map<string, string>): SlaReportRow[] {
  const groups = new Map<string | null, Judged[]>();
  for (const item of judged) groups.set(item[key], [...(groups.get(item[key]) ?? []), item]);
  for (const row of breaching) if (!groups.has(row.key)) groups.set(row.key, []);
  return [...groups.entries()]
    .map(([id, cases]) => summarise(id, id ? (names.get(id) ?? null) : null, cases, breaching.find((row) => row.key === id)?.count ?? 0))
    .sort((a, b) => b.cases - a.cases || b.breachingNow - a.breachingNow || String(a.name ?? '').localeCompare(String(b.name ?? ''), 'ru'));
}

export async function getSlaReport(ctx: Ctx, query: unknown): Promise<SlaReport> {
  requirePermission(ctx.actor, 'cases', 'read');
  const input = parseBody(slaReportQuerySchema, query ?? {});
  const period = await periodOf(ctx, input);
  const visible = accessCondition(ctx.actor, 'cases', 'read', 'c');
  const now = Date.now();
  const cases = await rows<CaseRow>(
    ctx.db,
    sql`select c.owner_id as "ownerId", c.team_id as "teamId", c.created_at as "createdAt", c.first_response_at as "firstResponseAt",
          c.first_response_due_at as "firstResponseDueAt", c.first_response_breached_at as "firstResponseBreachedAt", c.resolved_at as "resolvedAt",
          c.resolution_due_at as "resolutionDueAt", c.resolution_breached_at as "resolutionBreachedAt",
          (select coalesce(json_agg(json_build_object('from', p.paused_at, 'to', p.resumed_at) order by p.paused_at), '[]'::json) from case_sla_pauses p where p.case_id = c.id) as pauses
        from cases c
        where ${visible} and c.sla_policy_id is not null and c.created_at >= ${period.start}::timestamptz and c.created_at < ${period.end}::timestamptz`,
  );
  // Breaching now: open readable cases of any date past a deadline that still runs (or was marked breached).
  const breaching = await rows<{ ownerId: string | null; teamId: string | null; count: number }>(
    ctx.db,
    sql`select c.owner_id as "ownerId", c.team_id as "teamId", count(*)::int as count from cases c
        where ${visible} and c.is_open and (
          (c.first_response_at is null and (c.first_response_breached_at is not null or c.first_response_due_at <= now()))
          or c.resolution_breached_at is not null or c.resolution_due_at <= now())
        group by c.owner_id, c.team_id`,
  );
  const calendar = await workspaceCalendar(ctx.db, ctx.actor.workspaceId);
  const judged = cases.map((row) => judge(calendar, row, now));
  const teamIds = [...new Set([...judged.map((item) => item.teamId), ...breaching.map((row) => row.teamId)].filter((id): id is string => Boolean(id)))];
  const userIds = [...new Set([...judged.map((item) => item.ownerId), ...breaching.map((row) => row.ownerId)].filter((id): id is string => Boolean(id)))];
  const names = new Map<string, string>();
  if (teamIds.length) for (const team of await rows<{ id: string; name: string }>(ctx.db, sql`select id, name from teams where workspace_id = ${ctx.actor.workspaceId} and id = any(${pgArrayLiteral(teamIds)}::uuid[])`)) names.set(team.id, team.name);
  if (userIds.length) for (const user of await rows<{ id: string; name: string }>(ctx.db, sql`select id, name from users where workspace_id = ${ctx.actor.workspaceId} and id = any(${pgArrayLiteral(userIds)}::uuid[])`)) names.set(user.id, user.name);
  const sumBy = (key: 'ownerId' | 'teamId') => {
    const totals = new Map<string | null, number>();
    for (const row of breaching) totals.set(row[key], (totals.get(row[key]) ?? 0) + row.count);
    return [...totals.entries()].map(([id, count]) => ({ key: id, count }));
  };
  return {
    from: period.from,
    to: period.to,
    timeZone: period.timeZone,
    total: summarise(null, null, judged, breaching.reduce((sum, row) => sum + row.count, 0)),
    teams: groupRows(judged, sumBy('teamId'), 'teamId', names),
    people: groupRows(judged, sumBy('ownerId'), 'ownerId', names),
  };
}

function decodeCursor(raw: string | undefined): { at: string; id: string } | null {
  if (!raw) return null;
  try {
    const decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { a?: unknown; i?: unknown };
    if (typeof decoded.a === 'string' && !Number.isNaN(Date.parse(decoded.a)) && typeof decoded.i === 'string' && /^[0-9a-f-]{36}$/.test(decoded.i)) return { at: decoded.a, id: decoded.i };
  } catch {
    /* reported below */
  }
  throw new AppError('INVALID_CURSOR', { message: 'cursor: is not a cursor of this list; start again without one', details: [{ field: 'cursor', problem: 'is not a cursor of this list' }] });
}

/** The breaches behind the report: newest first, only of readable cases, by team, person and target. */
export async function listSlaBreaches(ctx: Ctx, query: unknown): Promise<{ data: SlaBreach[]; nextCursor: string | null }> {
  requirePermission(ctx.actor, 'cases', 'read');
  const input = parseBody(slaBreachQuerySchema, query ?? {});
  const period = await periodOf(ctx, input);
  const cursor = decodeCursor(input.cursor);
  const conditions: SQL[] = [
    sql`e.workspace_id = ${ctx.actor.workspaceId}`,
    sql`e.kind = 'breach'`,
    accessCondition(ctx.actor, 'cases', 'read', 'c'),
    sql`e.occurred_at >= ${period.start}::timestamptz and e.occurred_at < ${period.end}::timestamptz`,
  ];
  if (input.teamId) conditions.push(sql`c.team_id = ${input.teamId}::uuid`);
  if (input.ownerId) conditions.push(sql`c.owner_id = ${input.ownerId}::uuid`);
  if (input.target) conditions.push(sql`e.target = ${input.target}`);
  if (cursor) conditions.push(sql`(e.occurred_at, e.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const found = await rows<SlaBreach>(
    ctx.db,
    sql`select e.id, e.case_id as "caseId", c.number, c.subject, e.target, e.due_at as "dueAt", e.occurred_at as "breachedAt", c.status,
          c.owner_id as "ownerId", c.team_id as "teamId", to_jsonb(e.escalated_to) as "escalatedTo"
        from case_sla_events e join cases c on c.id = e.case_id
        where ${sql.join(conditions, sql` and `)}
        order by e.occurred_at desc, e.id desc limit ${input.limit + 1}`,
  );
  const data = found.slice(0, input.limit);
  const last = data[data.length - 1];
  const nextCursor = found.length > input.limit && last ? Buffer.from(JSON.stringify({ a: last.breachedAt, i: last.id })).toString('base64url') : null;
  return { data, nextCursor };
}
