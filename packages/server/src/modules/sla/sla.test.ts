// Service hours and SLA policies over real databases: defaults, validation naming the field, admin-only writes, audit.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { businessDeadline, choosePolicy, defaultWeeklyHours } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { workspaceCalendar } from './sla.service.js';

const policy = (extra: Record<string, unknown> = {}) => ({ name: 'VIP срочные', priorities: ['urgent', 'high'], tiers: ['VIP'], firstResponseMinutes: 30, resolutionMinutes: 480, warningPercent: 80, ...extra });

describeWithWorld('service hours and SLA policies', (world) => {
  it('serves the built-in Russian calendar until an admin saves one', async () => {
    const w = world();
    const read = await w.as('managerA1', { method: 'GET', url: '/api/v1/business-calendar' });
    expect(read.status).toBe(200);
    expect(read.body.isDefault).toBe(true);
    expect(read.body.timeZone).toBe('Europe/Moscow');
    expect(read.body.years.find((year: { year: number }) => year.year === 2026).holidays).toContain('2026-01-09');
  });

  it('refuses a bad calendar naming each field and keeps the old one', async () => {
    const w = world();
    const bad = await w.as('admin', {
      method: 'PUT',
      url: '/api/v1/business-calendar',
      payload: { timeZone: 'Europe/Atlantis', weeklyHours: { ...defaultWeeklyHours, mon: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '18:00' }], tue: [{ start: '18:00', end: '09:00' }] }, years: [{ year: 2026, holidays: ['2026-02-30', '2027-01-01'], workingDays: [], shortDays: [] }] },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['timeZone', 'weeklyHours.mon[1]', 'weeklyHours.tue[0].end', 'years[0].holidays[0]', 'years[0].holidays[1]']));
    expect((await w.as('admin', { method: 'GET', url: '/api/v1/business-calendar' })).body.isDefault).toBe(true);
  });

  it('lets an admin change the hours, which deadlines then follow; a manager may not', async () => {
    const w = world();
    const payload = { timeZone: 'Europe/Berlin', weeklyHours: { ...defaultWeeklyHours, sat: [{ start: '10:00', end: '14:00' }] }, years: [{ year: 2026, holidays: ['2026-12-24'], workingDays: [], shortDays: [] }] };
    expect((await w.as('managerA1', { method: 'PUT', url: '/api/v1/business-calendar', payload })).status).toBe(403);
    const saved = await w.as('admin', { method: 'PUT', url: '/api/v1/business-calendar', payload });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.isDefault).toBe(false);
    const calendar = await workspaceCalendar(w.db, w.workspaceId);
    // Fri 27.11.2026 17:00 CET (16:00Z) + 120: 60 to 18:00; Sat 28.11 10:00 CET (09:00Z) + 60 = 10:00Z
    expect(new Date(businessDeadline(calendar, Date.parse('2026-11-27T16:00Z'), 120)).toISOString()).toBe('2026-11-28T10:00:00.000Z');
    const audit = await rows<{ action: string }>(w.db, sql`select action from audit_events where record_type = 'business_calendar' and workspace_id = ${w.workspaceId}`);
    expect(audit.length).toBeGreaterThan(0);
  });

  it('creates, orders, changes and deletes policies; zero or negative targets are refused by field', async () => {
    const w = world();
    const zero = await w.as('admin', { method: 'POST', url: '/api/v1/sla-policies', payload: policy({ firstResponseMinutes: 0 }) });
    expect(zero.status).toBe(400);
    expect(zero.body.error.details[0].field).toBe('firstResponseMinutes');
    const negative = await w.as('admin', { method: 'POST', url: '/api/v1/sla-policies', payload: policy({ resolutionMinutes: -5 }) });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].field).toBe('resolutionMinutes');
    expect((await w.as('managerA1', { method: 'POST', url: '/api/v1/sla-policies', payload: policy() })).status).toBe(403);

    const vip = await w.as('admin', { method: 'POST', url: '/api/v1/sla-policies', payload: policy() });
    expect(vip.status, JSON.stringify(vip.body)).toBe(201);
    const general = await w.as('admin', { method: 'POST', url: '/api/v1/sla-policies', payload: policy({ name: 'Все обращения', priorities: [], tiers: [], firstResponseMinutes: 240, resolutionMinutes: 2400 }) });
    expect(general.body.position).toBe(vip.body.position + 1);
    const list = await w.as('reader', { method: 'GET', url: '/api/v1/sla-policies' });
    expect(list.status).toBe(200);
    expect(choosePolicy<{ name: string; priorities: string[]; tiers: string[]; isActive: boolean; position: number }>(list.body.data, { priority: 'urgent', tier: ['vip'] })?.name).toBe('VIP срочные');
    expect(choosePolicy<{ name: string; priorities: string[]; tiers: string[]; isActive: boolean; position: number }>(list.body.data, { priority: 'low', tier: 'VIP' })?.name).toBe('Все обращения');

    const patched = await w.as('admin', { method: 'PATCH', url: `/api/v1/sla-policies/${vip.body.id}`, payload: { isActive: false, resolutionMinutes: 0 } });
    expect(patched.status).toBe(400);
    const off = await w.as('admin', { method: 'PATCH', url: `/api/v1/sla-policies/${vip.body.id}`, payload: { isActive: false } });
    expect(off.body.isActive).toBe(false);
    expect(off.body.resolutionMinutes).toBe(480);
    expect((await w.as('admin', { method: 'DELETE', url: `/api/v1/sla-policies/${general.body.id}` })).status).toBe(200);
    expect((await w.as('admin', { method: 'GET', url: `/api/v1/sla-policies/${general.body.id}` })).status).toBe(404);
    const audit = await rows<{ action: string }>(w.db, sql`select action from audit_events where record_type = 'sla_policy' and workspace_id = ${w.workspaceId}`);
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['create', 'update', 'delete']));
  });

  // Last in the suite: it leaves the shared world's calendar round the clock.
  it('applies a changed policy or calendar to the very next case, though the policies are cached per workspace', async () => {
    const w = world();
    const newCase = async (subject: string) => {
      const created = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body as { createdAt: string; slaPolicyId: string | null; firstResponseDueAt: string | null };
    };
    // Within a second: the stored creation time has microseconds, the deadline was computed from the write's clock.
    const expectDue = async (created: { createdAt: string; firstResponseDueAt: string | null }, minutes: number) =>
      expect(Math.abs(Date.parse(created.firstResponseDueAt!) - businessDeadline(await workspaceCalendar(w.db, w.workspaceId), Date.parse(created.createdAt), minutes))).toBeLessThan(1000);
    expect((await newCase('До политик')).slaPolicyId).toBeNull();
    const general = await w.as('admin', { method: 'POST', url: '/api/v1/sla-policies', payload: policy({ name: 'Все', priorities: [], tiers: [], firstResponseMinutes: 60, resolutionMinutes: 600 }) });
    expect(general.status).toBe(201);
    const first = await newCase('Первое');
    expect(first.slaPolicyId).toBe(general.body.id);
    await expectDue(first, 60);
    expect((await w.as('admin', { method: 'PATCH', url: `/api/v1/sla-policies/${general.body.id}`, payload: { firstResponseMinutes: 120 } })).status).toBe(200);
    const second = await newCase('Второе');
    await expectDue(second, 120);
    // Round the clock: the next case's deadline is exactly two hours on, whatever the day.
    const allDay = Object.fromEntries(Object.keys(defaultWeeklyHours).map((day) => [day, [{ start: '00:00', end: '24:00' }]]));
    expect((await w.as('admin', { method: 'PUT', url: '/api/v1/business-calendar', payload: { timeZone: 'Europe/Moscow', weeklyHours: allDay, years: [] } })).status).toBe(200);
    const third = await newCase('Третье');
    expect(Math.abs(Date.parse(third.firstResponseDueAt!) - Date.parse(third.createdAt) - 120 * 60_000)).toBeLessThan(1000);
    expect((await w.as('admin', { method: 'DELETE', url: `/api/v1/sla-policies/${general.body.id}` })).status).toBe(200);
    expect((await newCase('Четвёртое')).slaPolicyId).toBeNull();
    // Another process's change (a row written behind this process's back) reaches this cache through the notification.
    const [foreign] = await rows<{ id: string }>(
      w.db,
      sql`insert into sla_policies (workspace_id, name, priorities, tiers, first_response_minutes, resolution_minutes, warning_percent, position)
          values (${w.workspaceId}, 'Из другого процесса', '{}', '{}', 30, 300, 80, 5) returning id::text as id`,
    );
    expect((await newCase('Пятое')).slaPolicyId).toBeNull(); // still the cached answer
    await w.db.execute(sql`select pg_notify('svyaz_sla_settings', ${w.workspaceId})`);
    let sixth = await newCase('Шестое');
    for (let attempt = 0; attempt < 20 && sixth.slaPolicyId === null; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      sixth = await newCase('Шестое');
    }
    expect(sixth.slaPolicyId).toBe(foreign.id);
    expect((await w.as('admin', { method: 'DELETE', url: `/api/v1/sla-policies/${foreign.id}` })).status).toBe(200);
  });
});
