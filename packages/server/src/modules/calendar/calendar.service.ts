// Calendars: the tasks (by due time) and meetings (by start and end) of one person or of a team,
// in a time range. Every row is filtered by core/access.ts, so a calendar never shows a record the
// actor could not open, and each item says whether the actor may move it.
import { sql, type SQL } from 'drizzle-orm';
import { accessCondition, permissionLevel } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { rows } from '../../db/client.js';
import type { CalendarItem } from '@svyaz/shared';

/** The longest range one request may cover (a month view with its leading and trailing weeks fits easily). */
export const MAX_RANGE_DAYS = 92;
/** At most this many items of each kind; `truncated` says when more exist. */
export const MAX_ITEMS = 2000;

export type CalendarScope = { kind: 'me' } | { kind: 'team' } | { kind: 'user'; userId: string };


export interface CalendarMember {
  id: string;
  name: string;
  teamId: string | null;
}

export interface Calendar {
  from: string;
  to: string;
  scope: string;
  items: CalendarItem[];
  members: CalendarMember[];
  truncated: boolean;
}

function parseInstant(field: string, value: unknown): Date {
  if (typeof value !== 'string' || !value) throw invalid(field, 'is required (an ISO 8601 date-time)');
  // A date-time with a zone (Z or ±hh:mm): a bare date would depend on the server's time zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) throw invalid(field, 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-02T00:00:00+03:00');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(field, 'is not a valid date-time');
  return date;
}

export function parseScope(value: unknown): CalendarScope {
  const text = value === undefined || value === '' ? 'me' : String(value);
  if (text === 'me') return { kind: 'me' };
  if (text === 'team') return { kind: 'team' };
  if (text.startsWith('user:')) {
    const userId = text.slice(5);
    if (!isUuid(userId)) throw invalid('scope', 'user:<id> needs a user id (UUID)');
    return { kind: 'user', userId };
  }
  throw invalid('scope', 'must be me, team or user:<id>');
}

/**
 * People whose calendars the actor can look at as "team": themselves and everyone in their team scope.
 * Someone in no team who reads every task (an administrator, an analyst) has the whole workspace as team.
 */
async function listTeamMembers(ctx: Ctx): Promise<CalendarMember[]> {
  const { actor } = ctx;
  const everyone = actor.teamScope.length === 0 && permissionLevel(actor, 'tasks', 'read') === 'all';
  return rows<CalendarMember>(
    ctx.db,
    sql`select u.id, u.name, u.team_id as "teamId" from users u
        where u.workspace_id = ${actor.workspaceId} and u.is_active
          and (${everyone} or u.id = ${actor.userId} or u.team_id = any(${pgArrayLiteral(actor.teamScope)}::uuid[]))
        order by u.name collate "und-x-icu", u.id`,
  );
}

export async function getCalendar(ctx: Ctx, query: Record<string, unknown>): Promise<Calendar> {
  const from = parseInstant('from', query.from);
  const to = parseInstant('to', query.to);
  if (to.getTime() <= from.getTime()) throw invalid('to', 'must be later than from');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw invalid('to', `the range may cover at most ${MAX_RANGE_DAYS} days`);
  const scope = parseScope(query.scope);
  const members = scope.kind === 'team' ? await listTeamMembers(ctx) : [];

  const ownerCondition = (alias: string): SQL => {
    const owner = sql.raw(`"${alias}"."owner_id"`);
    if (scope.kind === 'me') return sql`${owner} = ${ctx.actor.userId}`;
    if (scope.kind === 'user') return sql`${owner} = ${scope.userId}`;
    return members.length ? sql`${owner} = any(${pgArrayLiteral(members.map((member) => member.id))}::uuid[])` : sql`false`;
  };
  const fromIso = from.toISOString();
  const toIso = to.toISOString();

  const tasks = await rows<CalendarItem>(
    ctx.db,
    sql`select 'task' as type, t.id, t.title, t.due_at as start, null::timestamptz as "end", t.owner_id as "ownerId", u.name as "ownerName",
               t.status, t.priority, (t.status = 'open' and t.due_at < now()) as overdue, t.remind_at as "remindAt",
               t.record_type as "recordType", t.record_id as "recordId", (${accessCondition(ctx.actor, 'tasks', 'update', 't')}) as editable
        from tasks t left join users u on u.id = t.owner_id
        where ${accessCondition(ctx.actor, 'tasks', 'read', 't')} and ${ownerCondition('t')}
          and t.status <> 'cancelled' and t.due_at >= ${fromIso}::timestamptz and t.due_at < ${toIso}::timestamptz
        order by t.due_at, t.id limit ${MAX_ITEMS + 1}`,
  );
  // A meeting is in the range when it starts before the range ends and ends (or, without an end, starts) after it begins.
  const meetings = await rows<CalendarItem>(
    ctx.db,
    sql`select 'meeting' as type, a.id, coalesce(a.subject, '') as title, a.occurred_at as start, a.ends_at as "end", a.owner_id as "ownerId", u.name as "ownerName",
               null::text as status, null::text as priority, false as overdue, null::timestamptz as "remindAt",
               a.record_type as "recordType", a.record_id as "recordId", (${accessCondition(ctx.actor, 'activities', 'update', 'a')}) as editable
        from activities a left join users u on u.id = a.owner_id
        where ${accessCondition(ctx.actor, 'activities', 'read', 'a')} and ${ownerCondition('a')}
          and a.kind = 'meeting' and a.occurred_at < ${toIso}::timestamptz and coalesce(a.ends_at, a.occurred_at) >= ${fromIso}::timestamptz
        order by a.occurred_at, a.id limit ${MAX_ITEMS + 1}`,
  );
  const truncated = tasks.length > MAX_ITEMS || meetings.length > MAX_ITEMS;
  const items = [...tasks.slice(0, MAX_ITEMS), ...meetings.slice(0, MAX_ITEMS)].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  const scopeText = scope.kind === 'user' ? `user:${scope.userId}` : scope.kind;
  return { from: fromIso, to: toIso, scope: scopeText, items, members, truncated };
}
