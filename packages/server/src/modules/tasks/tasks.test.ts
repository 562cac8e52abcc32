import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';

const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

describeWithWorld('tasks', (world) => {
  it('derives overdue, filters by it, and sorts by due date', async () => {
    const w = world();
    const late = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Позвонить вчера', dueAt: inHours(-5) } });
    const soon = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Отправить КП', dueAt: inHours(30) } });
    expect(late.status).toBe(201);
    expect(late.body.overdue).toBe(true);
    expect(soon.body.overdue).toBe(false);
    const overdue = await w.as('managerA1', { method: 'GET', url: '/api/v1/tasks?filter[overdue][eq]=true' });
    expect(overdue.body.data.map((task: { id: string }) => task.id)).toEqual([late.body.id]);
    const done = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/tasks/${late.body.id}`, payload: { status: 'done' } });
    expect(done.body.overdue).toBe(false);
    expect(done.body.completedAt).toBeTruthy();
    const reopened = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/tasks/${late.body.id}`, payload: { status: 'open' } });
    expect(reopened.body.completedAt).toBeNull();
    expect(reopened.body.overdue).toBe(true);
  });

  it('groups my open tasks into overdue, today and upcoming', async () => {
    const w = world();
    const tz = '+00:00';
    const endOfDay = new Date();
    endOfDay.setUTCHours(23, 59, 0, 0);
    const make = (title: string, dueAt: string | null) => w.as('managerA2', { method: 'POST', url: '/api/v1/tasks', payload: { title, dueAt } });
    await make('просрочена', inHours(-1));
    if (endOfDay.getTime() - Date.now() > 120_000) await make('сегодня', endOfDay.toISOString());
    await make('через два дня', inHours(49));
    await make('без срока', null);
    await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'чужая', dueAt: inHours(-1) } });
    const titles = async (bucket: string) =>
      (await w.as('managerA2', { method: 'GET', url: `/api/v1/tasks/my?bucket=${bucket}&tz=${encodeURIComponent(tz)}` })).body.data.map((task: { title: string }) => task.title);
    expect(await titles('overdue')).toEqual(['просрочена']);
    if (endOfDay.getTime() - Date.now() > 120_000) expect(await titles('today')).toEqual(['сегодня']);
    expect(await titles('upcoming')).toEqual(['через два дня', 'без срока']);
    const bad = await w.as('managerA2', { method: 'GET', url: '/api/v1/tasks/my?bucket=yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('bucket');
  });

  it('refuses a reminder after the due time and links only to visible records', async () => {
    const w = world();
    const late = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'x', dueAt: inHours(1), remindAt: inHours(2) } });
    expect(late.status).toBe(400);
    expect(late.body.error.details[0].field).toBe('remindAt');
    const foreign = await w.as('managerB1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Чужая компания' } });
    const linked = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'x', recordType: 'company', recordId: foreign.body.id } });
    expect(linked.status).toBe(400);
    expect(linked.body.error.details[0].field).toBe('recordId');
    const half = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'x', recordId: foreign.body.id } });
    expect(half.body.error.details[0].field).toBe('recordType');
  });

  it('re-arms the reminder when its time changes', async () => {
    const w = world();
    const task = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Напомнить', dueAt: inHours(5), remindAt: inHours(1) } });
    const { sql } = await import('drizzle-orm');
    await w.db.execute(sql`update tasks set reminded_at = now() where id = ${task.body.id}`);
    const moved = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/tasks/${task.body.id}`, payload: { remindAt: inHours(2) } });
    expect(moved.status).toBe(200);
    expect(moved.body.remindedAt).toBeNull();
  });

  it("hides a colleague's task from a manager but not from their team head", async () => {
    const w = world();
    const task = await w.as('managerA2', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Личная задача', dueAt: inHours(-2) } });
    const colleague = await w.as('managerA1', { method: 'GET', url: `/api/v1/tasks/${task.body.id}` });
    expect(colleague.status).toBe(404);
    const listed = await w.as('managerA1', { method: 'GET', url: '/api/v1/tasks?filter[overdue][eq]=true' });
    expect(listed.body.data.map((row: { id: string }) => row.id)).not.toContain(task.body.id);
    const edit = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/tasks/${task.body.id}`, payload: { status: 'done' } });
    expect(edit.status).toBe(404);
    const head = await w.as('head', { method: 'GET', url: `/api/v1/tasks/${task.body.id}` });
    expect(head.body.title).toBe('Личная задача');
  });

  it('lets overdue notices and escalation fire again when the due time moves', async () => {
    const w = world();
    const task = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Перенести', dueAt: inHours(-30) } });
    const { sql } = await import('drizzle-orm');
    await w.db.execute(sql`update tasks set overdue_notified_at = now(), escalated_at = now() where id = ${task.body.id}`);
    const moved = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/tasks/${task.body.id}`, payload: { dueAt: inHours(3) } });
    expect(moved.body.escalatedAt).toBeNull();
    expect(moved.body.overdue).toBe(false);
    const { rows } = await import('../../db/client.js');
    const [row] = await rows<{ notified: string | null }>(w.db, sql`select overdue_notified_at as notified from tasks where id = ${task.body.id}`);
    expect(row.notified).toBeNull();
  });
});
