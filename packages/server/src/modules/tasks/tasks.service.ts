// "My tasks": the actor's open tasks by bucket (overdue, today, upcoming) in their time zone.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { listRecords, type ListResult } from '../../core/records/record-service.js';
import { taskDefinition } from './tasks.definition.js';

export const taskBuckets = ['overdue', 'today', 'upcoming'] as const;
export type TaskBucket = (typeof taskBuckets)[number];

/** Parses '+03:00' / '-05:30' into an interval string PostgreSQL understands. */
function parseOffset(tz: string): string {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(tz);
  if (!match || Number(match[2]) > 14 || Number(match[3]) > 59) throw invalid('tz', 'must be a UTC offset such as +03:00');
  return `${match[1]}${match[2]}:${match[3]}`;
}

export async function listMyTasks(ctx: Ctx, query: Record<string, unknown>): Promise<ListResult> {
  const { bucket = 'today', tz = '+03:00', ...rest } = query as { bucket?: string; tz?: string };
  if (!(taskBuckets as readonly string[]).includes(bucket)) throw invalid('bucket', `must be one of ${taskBuckets.join(', ')}`);
  const offset = parseOffset(String(tz));
  // Local midnight today and tomorrow, as UTC instants.
  const startOfToday = sql`(date_trunc('day', now() + ${offset}::interval) - ${offset}::interval)`;
  const startOfTomorrow = sql`(${startOfToday} + interval '1 day')`;
  const conditions = [sql`t.owner_id = ${ctx.actor.userId}`, sql`t.status = 'open'`];
  if (bucket === 'overdue') conditions.push(sql`t.due_at < now()`);
  if (bucket === 'today') conditions.push(sql`t.due_at >= now() and t.due_at < ${startOfTomorrow}`);
  if (bucket === 'upcoming') conditions.push(sql`(t.due_at >= ${startOfTomorrow} or t.due_at is null)`);
  return listRecords(ctx, taskDefinition, { sort: 'dueAt', ...rest }, conditions);
}
