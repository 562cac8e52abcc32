import { sql } from 'drizzle-orm';
import pg from 'pg';
import { expect, it } from 'vitest';
import { rows } from '../../db/client.js';
import { drizzle } from 'drizzle-orm/node-postgres';
import { escalateOverdueTasks, notifyOverdueTasks, sendDueReminders } from '../tasks/tasks.jobs.js';
import { notifyUsers } from './notifications.service.js';
import { buildApp } from '../../http/app.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';

const hoursFrom = (base: Date, hours: number) => new Date(base.getTime() + hours * 3600_000).toISOString();

async function notificationsOf(world: TestWorld, userId: string, kind: string, recordId: string) {
  return rows<{ title: string }>(world.db, sql`select title from notifications where user_id = ${userId} and kind = ${kind} and record_id = ${recordId}`);
}

describeWithWorld('reminders, overdue and escalation', (world) => {
  it('sends a due reminder exactly once, even when two workers run at the same moment', async () => {
    const w = world();
    const now = new Date();
    const task = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Перезвонить', dueAt: hoursFrom(now, 2), remindAt: hoursFrom(now, 1) } });
    expect(await sendDueReminders(w.db, now)).toBe(0);
    const later = new Date(now.getTime() + 61 * 60_000);
    await Promise.all([sendDueReminders(w.db, later), sendDueReminders(w.db, later), sendDueReminders(w.db, later)]);
    const sent = await notificationsOf(w, w.users.managerA1.id, 'reminder', task.body.id);
    expect(sent).toEqual([{ title: 'Напоминание: Перезвонить' }]);
  });

  it('notifies the assignee when overdue, then escalates to the team head after the grace period', async () => {
    const w = world();
    const now = new Date();
    const task = await w.as('managerA2', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Отправить договор', dueAt: hoursFrom(now, -1) } });
    await notifyOverdueTasks(w.db, now);
    await notifyOverdueTasks(w.db, now);
    expect(await notificationsOf(w, w.users.managerA2.id, 'overdue', task.body.id)).toHaveLength(1);
    await escalateOverdueTasks(w.db, 24, now);
    expect(await notificationsOf(w, w.users.head.id, 'escalation', task.body.id)).toHaveLength(0);
    const afterGrace = new Date(now.getTime() + 24 * 3600_000);
    await escalateOverdueTasks(w.db, 24, afterGrace);
    await escalateOverdueTasks(w.db, 24, afterGrace);
    expect(await notificationsOf(w, w.users.head.id, 'escalation', task.body.id)).toHaveLength(1);
    // A done task is not escalated.
    const done = await w.as('managerA2', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Готово', dueAt: hoursFrom(now, -30), status: 'done' } });
    await escalateOverdueTasks(w.db, 24, afterGrace);
    expect(await notificationsOf(w, w.users.head.id, 'escalation', done.body.id)).toHaveLength(0);
  });

  it('escalates a head’s own overdue task to the head of the parent team, in that head’s language', async () => {
    const w = world();
    const [parent] = await rows<{ id: string }>(w.db, sql`insert into teams (workspace_id, name, head_user_id) values (${w.workspaceId}, 'Продажи', ${w.users.managerB1.id}) returning id`);
    await w.db.execute(sql`update teams set parent_team_id = ${parent.id} where id = ${w.teams.a}`);
    await w.db.execute(sql`update users set locale = 'en' where id = ${w.users.managerB1.id}`);
    try {
      const now = new Date();
      const task = await w.as('head', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Quarterly plan', dueAt: hoursFrom(now, -25) } });
      expect(await escalateOverdueTasks(w.db, 24, now)).toBe(1);
      expect(await notificationsOf(w, w.users.managerB1.id, 'escalation', task.body.id)).toEqual([{ title: 'Escalated overdue task: Quarterly plan' }]);
      expect(await notificationsOf(w, w.users.head.id, 'escalation', task.body.id)).toHaveLength(0);
      expect(await notificationsOf(w, w.users.admin.id, 'escalation', task.body.id)).toHaveLength(0);
    } finally {
      await w.db.execute(sql`update teams set parent_team_id = null where id = ${w.teams.a}`);
      await w.db.execute(sql`update users set locale = 'ru' where id = ${w.users.managerB1.id}`);
    }
  });

  it('escalates to the administrators when the team has no head, honouring the workspace grace period', async () => {
    const w = world();
    await w.db.execute(sql`update workspaces set settings = '{"escalationGraceHours": 2}'::jsonb where id = ${w.workspaceId}`);
    const now = new Date();
    const task = await w.as('managerB1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Team B task', dueAt: hoursFrom(now, -3) } });
    await escalateOverdueTasks(w.db, 24, now);
    expect(await notificationsOf(w, w.users.admin.id, 'escalation', task.body.id)).toHaveLength(1);
    await w.db.execute(sql`update workspaces set settings = '{}'::jsonb where id = ${w.workspaceId}`);
  });

  it('tells a user when a colleague gives them a task', async () => {
    const w = world();
    const task = await w.as('head', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Подготовить отчёт', ownerId: w.users.managerA1.id } });
    expect(task.status).toBe(201);
    expect(await notificationsOf(w, w.users.managerA1.id, 'assignment', task.body.id)).toEqual([{ title: 'Вам поручена задача: Подготовить отчёт' }]);
    const own = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Своя' } });
    expect(await notificationsOf(w, w.users.managerA1.id, 'assignment', own.body.id)).toHaveLength(0);
  });
});

/** A real HTTP client on the SSE stream: fetch, reading chunks as they arrive. */
async function openStream(address: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${address}/api/v1/notifications/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const stream = { response, received: '', ended: false, abort: () => controller.abort(), readUntil };
  // One read is outstanding at a time; a timed-out wait keeps it for the next round.
  let pending: Promise<{ done: boolean; value?: Uint8Array }> | undefined;
  async function readUntil(needle: string | null, ms = 10_000) {
    const deadline = Date.now() + ms;
    while (!stream.ended && (needle === null || !stream.received.includes(needle)) && Date.now() < deadline) {
      pending ??= reader.read();
      const chunk = await Promise.race([pending, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500))]);
      if (chunk) {
        pending = undefined;
        if (chunk.value) stream.received += decoder.decode(chunk.value);
        if (chunk.done) stream.ended = true;
      }
    }
    return needle === null ? stream.ended : stream.received.includes(needle);
  }
  return stream;
}

describeWithWorld('notifications API and live stream', (world) => {
  it('lists, counts and marks my notifications; another user’s answers 404', async () => {
    const w = world();
    await notifyUsers(w.db, [
      { workspaceId: w.workspaceId, userId: w.users.managerB1.id, kind: 'system', title: 'Первое' },
      { workspaceId: w.workspaceId, userId: w.users.managerB1.id, kind: 'system', title: 'Второе' },
    ]);
    const count = await w.as('managerB1', { method: 'GET', url: '/api/v1/notifications/unread-count' });
    expect(count.body.unread).toBe(2);
    const list = await w.as('managerB1', { method: 'GET', url: '/api/v1/notifications?limit=1' });
    expect(list.body.data).toHaveLength(1);
    const page2 = await w.as('managerB1', { method: 'GET', url: `/api/v1/notifications?limit=1&cursor=${list.body.nextCursor}` });
    expect(new Set([list.body.data[0].title, page2.body.data[0].title])).toEqual(new Set(['Первое', 'Второе']));
    const foreign = await w.as('managerA1', { method: 'POST', url: `/api/v1/notifications/${list.body.data[0].id}/read` });
    expect(foreign.status).toBe(404);
    const read = await w.as('managerB1', { method: 'POST', url: `/api/v1/notifications/${list.body.data[0].id}/read` });
    expect(read.body.readAt).toBeTruthy();
    const unreadOnly = await w.as('managerB1', { method: 'GET', url: '/api/v1/notifications?unread=true' });
    expect(unreadOnly.body.data.map((item: { title: string }) => item.title)).toEqual([page2.body.data[0].title]);
    const all = await w.as('managerB1', { method: 'GET', url: '/api/v1/notifications?unread=false' });
    expect(all.body.data).toHaveLength(2);
    const bad = await w.as('managerB1', { method: 'GET', url: '/api/v1/notifications?unread=yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('unread');
    await w.as('managerB1', { method: 'POST', url: '/api/v1/notifications/read-all' });
    expect((await w.as('managerB1', { method: 'GET', url: '/api/v1/notifications/unread-count' })).body.unread).toBe(0);
  });

  it('streams a notification created after the client connected, also from another database connection', async () => {
    const w = world();
    const address = await w.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openStream(address, w.users.managerA2.token);
    try {
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      expect(await stream.readUntil(': connected')).toBe(true);
      // Another process (here: a separate connection) writes the notification.
      if (w.database.pool) {
        const other = new pg.Pool({ ...(w.database.pool.options as pg.PoolConfig), max: 1 });
        await notifyUsers(drizzle(other) as never, [{ workspaceId: w.workspaceId, userId: w.users.managerA2.id, kind: 'system', title: 'Из другого процесса' }]);
        await other.end();
      } else {
        await notifyUsers(w.db, [{ workspaceId: w.workspaceId, userId: w.users.managerA2.id, kind: 'system', title: 'Из другого процесса' }]);
      }
      await notifyUsers(w.db, [{ workspaceId: w.workspaceId, userId: w.users.managerB1.id, kind: 'system', title: 'Не для вас' }]);
      expect(await stream.readUntil('Из другого процесса')).toBe(true);
      expect(stream.received).toContain('event: notification');
      expect(stream.received).not.toContain('Не для вас');
    } finally {
      stream.abort();
    }
  });

  it('ends the stream when the listening database connection is lost; a reconnecting client receives again', async () => {
    const w = world();
    if (!w.database.pool) return; // PGlite listens in-process: there is no connection to lose.
    const address = w.app.server.listening ? `http://127.0.0.1:${(w.app.server.address() as { port: number }).port}` : await w.app.listen({ port: 0, host: '127.0.0.1' });
    const first = await openStream(address, w.users.managerB1.token);
    expect(await first.readUntil(': connected')).toBe(true);
    await w.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN svyaz_notifications'`);
    expect(await first.readUntil(null)).toBe(true);
    const second = await openStream(address, w.users.managerB1.token);
    try {
      expect(await second.readUntil(': connected')).toBe(true);
      await notifyUsers(w.db, [{ workspaceId: w.workspaceId, userId: w.users.managerB1.id, kind: 'system', title: 'После переподключения' }]);
      expect(await second.readUntil('После переподключения')).toBe(true);
    } finally {
      second.abort();
    }
  });

  it('ends open streams when the server closes, without waiting for the clients', async () => {
    const w = world();
    const app = await buildApp({ database: w.database });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openStream(address, w.users.managerA1.token);
    expect(await stream.readUntil(': connected')).toBe(true);
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await stream.readUntil(null, 5_000)).toBe(true);
  });
});
