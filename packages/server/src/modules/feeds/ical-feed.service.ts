// A user's iCalendar feed at a secret URL (/ical/<token>.ics): their meetings and the deadlines of their
// tasks, read with their own rights, for Google Calendar, Outlook or Apple Calendar to subscribe to.
// The token is shown once when created or rotated and kept only as a hash; rotating ends the old URL.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { loadActor, sha256 } from '../auth/auth.service.js';
import { component, escapeText, utcDateTime, type Property } from './ical-format.js';

/** How far back and ahead the feed reaches, and its size cap. */
export const feedLimits = { pastDays: 90, futureDays: 400, maxItems: 5000 };

export interface FeedState {
  exists: boolean;
  createdAt: string | null;
}

export async function getFeedState(ctx: Ctx): Promise<FeedState> {
  const row = await firstRow<{ createdAt: string }>(ctx.db, sql`select created_at as "createdAt" from ical_feeds where user_id = ${ctx.actor.userId}`);
  return { exists: Boolean(row), createdAt: row?.createdAt ?? null };
}

/** A new secret for the user's feed (the old URL stops working); the token is returned only here. */
export async function rotateFeedToken(ctx: Ctx): Promise<{ token: string; path: string; createdAt: string }> {
  const token = randomBytes(24).toString('base64url');
  const [row] = await rows<{ createdAt: string }>(
    ctx.db,
    sql`insert into ical_feeds (workspace_id, user_id, token_hash) values (${ctx.actor.workspaceId}, ${ctx.actor.userId}, ${sha256(token)})
        on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = now() returning created_at as "createdAt"`,
  );
  return { token, path: `/ical/${token}.ics`, createdAt: row.createdAt };
}

export async function revokeFeedToken(ctx: Ctx): Promise<void> {
  await ctx.db.execute(sql`delete from ical_feeds where user_id = ${ctx.actor.userId}`);
}

interface FeedItem {
  kind: 'meeting' | 'task';
  id: string;
  title: string;
  description: string | null;
  start: string;
  end: string | null;
  status: string | null;
  updatedAt: string;
  createdAt: string;
}

/** The feed of the token's user, or 404 for an unknown (or rotated) token and a deactivated user. */
export async function renderFeed(db: Db, token: string): Promise<string> {
  const feed = await firstRow<{ userId: string }>(db, sql`select user_id as "userId" from ical_feeds where token_hash = ${sha256(token)}`);
  const actor = feed ? await loadActor(db, feed.userId) : undefined;
  if (!actor) throw notFound('calendar feed');
  const from = sql`now() - make_interval(days => ${feedLimits.pastDays})`;
  const to = sql`now() + make_interval(days => ${feedLimits.futureDays})`;
  const items = await rows<FeedItem>(
    db,
    sql`(select 'meeting' as kind, a.id, coalesce(a.subject, '') as title, a.body as description, a.occurred_at as start, a.ends_at as "end", null::text as status,
                a.updated_at as "updatedAt", a.created_at as "createdAt"
         from activities a
         where ${accessCondition(actor, 'activities', 'read', 'a')} and a.owner_id = ${actor.userId} and a.kind = 'meeting'
           and a.occurred_at >= ${from} and a.occurred_at < ${to}
         order by a.occurred_at limit ${feedLimits.maxItems})
        union all
        (select 'task', t.id, t.title, t.description, t.due_at, null, t.status, t.updated_at, t.created_at
         from tasks t
         where ${accessCondition(actor, 'tasks', 'read', 't')} and t.owner_id = ${actor.userId} and t.due_at is not null and t.status <> 'cancelled'
           and t.due_at >= ${from} and t.due_at < ${to}
         order by t.due_at limit ${feedLimits.maxItems})`,
  );
  const name = actor.locale === 'en' ? 'Svyaz CRM: meetings and tasks' : 'Связь CRM: встречи и задачи';
  const events = items.map((item) => component('VEVENT', eventProperties(item, actor.locale)));
  return `${component('VCALENDAR', [['VERSION', '2.0'], ['PRODID', '-//Svyaz CRM//Calendar feed//RU'], ['CALSCALE', 'GREGORIAN'], ['METHOD', 'PUBLISH'], ['X-WR-CALNAME', escapeText(name)], ['X-PUBLISHED-TTL', 'PT15M']], events)}\r\n`;
}

function eventProperties(item: FeedItem, locale: string): Property[] {
  const start = new Date(item.start);
  const common: Property[] = [
    ['UID', `${item.kind}-${item.id}@svyaz-crm`],
    ['DTSTAMP', utcDateTime(item.updatedAt)],
    ['CREATED', utcDateTime(item.createdAt)],
    ['LAST-MODIFIED', utcDateTime(item.updatedAt)],
    ['DTSTART', utcDateTime(start)],
  ];
  if (item.kind === 'meeting') {
    // A meeting without an end lasts an hour in the calendar.
    const end = item.end ? new Date(item.end) : new Date(start.getTime() + 3_600_000);
    return [...common, ['DTEND', utcDateTime(end)], ['SUMMARY', escapeText(item.title)], ['DESCRIPTION', item.description ? escapeText(item.description) : null], ['CATEGORIES', locale === 'en' ? 'Meeting' : 'Встреча']];
  }
  const prefix = locale === 'en' ? 'Due' : 'Срок';
  const done = item.status === 'done' ? (locale === 'en' ? ' (done)' : ' (выполнена)') : '';
  return [
    ...common,
    ['DURATION', 'PT15M'],
    ['SUMMARY', escapeText(`${prefix}: ${item.title}${done}`)],
    ['DESCRIPTION', item.description ? escapeText(item.description) : null],
    ['CATEGORIES', locale === 'en' ? 'Task' : 'Задача'],
    ['STATUS', 'CONFIRMED'],
    ['TRANSP', 'TRANSPARENT'],
  ];
}
