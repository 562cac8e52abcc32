// SLA warnings, breaches and the compliance report over real databases: a warning before the deadline, a breach
// after it (marked on the case, audited, on the timeline, escalated to the head) exactly once under concurrent
// sweeps, the resolution clock standing still while the case waits, an outbound call as the first response, and
// the report and breach list counting only the cases the viewer may read.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { weekdays } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';
import { sweepSla } from './sla.jobs.js';

const MINUTE = 60_000;
const allDay = Object.fromEntries(weekdays.map((day) => [day, [{ start: '00:00', end: '24:00' }]]));

/** A 24/7 calendar and a policy only for companies tagged with a tier of this test, so tests do not meet. */
async function tieredPolicy(w: TestWorld, tier: string, extra: Record<string, unknown> = {}): Promise<string> {
  const calendar = await w.as('admin', { method: 'PUT', url: '/api/v1/business-calendar', payload: { timeZone: 'Europe/Moscow', weeklyHours: allDay, years: [] } });
  expect(calendar.status, JSON.stringify(calendar.body)).toBe(200);
  const policy = await w.as('admin', {
    method: 'POST',
    url: '/api/v1/sla-policies',
    payload: { name: `SLA ${tier}`, tiers: [tier], firstResponseMinutes: 60, resolutionMinutes: 240, warningPercent: 50, position: 0, ...extra },
  });
  expect(policy.status, JSON.stringify(policy.body)).toBe(201);
  return policy.body.id as string;
}

async function caseFor(w: TestWorld, user: UserKey, tier: string, subject: string): Promise<{ id: string; createdAt: number; firstResponseDueAt: string; resolutionDueAt: string }> {
  const company = await w.as(user, { method: 'POST', url: '/api/v1/companies', payload: { name: `${subject} ООО`, tags: [tier] } });
  expect(company.status, JSON.stringify(company.body)).toBe(201);
  const created = await w.as(user, { method: 'POST', url: '/api/v1/cases', payload: { subject, companyId: company.body.id, priority: 'high' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { ...created.body, createdAt: Date.parse(created.body.createdAt) };
}

const noticesOf = (w: TestWorld, user: UserKey, caseId: string) =>
  rows<{ kind: string; title: string; data: { target: string; escalated: boolean } }>(
    w.db,
    sql`select kind, title, data from notifications where user_id = ${w.users[user].id}::uuid and record_id = ${caseId}::uuid and kind like 'sla_%' order by created_at, id`,
  );

describeWithWorld('SLA warnings, breaches and compliance', (world) => {
  it('warns the assignee before the deadline and escalates the breach to the head once, on the case, its audit and its timeline', async () => {
    const w = world();
    await tieredPolicy(w, 'Tier-warn');
    const item = await caseFor(w, 'managerA1', 'Tier-warn', 'Не печатает принтер');
    // The clock starts at creation (prepare's instant, a few ms before the row's created_at).
    const start = Date.parse(item.firstResponseDueAt) - 60 * MINUTE;
    expect(Math.abs(start - item.createdAt)).toBeLessThan(2000);
    expect(Date.parse(item.resolutionDueAt) - start).toBe(240 * MINUTE);
    const at = (minutes: number) => new Date(start + minutes * MINUTE);

    expect(await sweepSla(w.db, at(20))).toMatchObject({ warnings: 0, breaches: 0 });
    expect(await noticesOf(w, 'managerA1', item.id)).toEqual([]);
    // 50 % of the first-response target: breaching soon, the assignee alone is told.
    expect((await sweepSla(w.db, at(31))).warnings).toBeGreaterThanOrEqual(1);
    expect(await sweepSla(w.db, at(32))).toMatchObject({ warnings: 0, breaches: 0 });
    const warned = await noticesOf(w, 'managerA1', item.id);
    expect(warned).toMatchObject([{ kind: 'sla_warning', data: { target: 'first_response' } }]);
    expect(warned[0].title).toContain('Скоро срок первого ответа');
    expect(await noticesOf(w, 'head', item.id)).toEqual([]);

    // Past the deadline: two workers sweep at once, the breach is claimed and told once.
    const [one, two] = await Promise.all([sweepSla(w.db, at(61)), sweepSla(w.db, at(61))]);
    expect(one.breaches + two.breaches).toBe(1);
    expect(await sweepSla(w.db, at(62))).toMatchObject({ breaches: 0 });
    const headNotices = await noticesOf(w, 'head', item.id);
    expect(headNotices).toMatchObject([{ kind: 'sla_breach', data: { target: 'first_response', escalated: true } }]);
    expect(headNotices[0].title).toContain('Просрочен первый ответ');
    expect((await noticesOf(w, 'managerA1', item.id)).map((notice) => notice.kind)).toEqual(['sla_warning', 'sla_breach']);

    const read = await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${item.id}` });
    expect(Date.parse(read.body.firstResponseBreachedAt)).toBe(at(61).getTime());
    expect(read.body.resolutionBreachedAt).toBeNull();
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${item.id}/timeline?kinds=sla` });
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(200);
    expect(timeline.body.data.map((entry: { data: { kind: string; target: string } }) => `${entry.data.kind}:${entry.data.target}`)).toEqual(['breach:first_response', 'warning:first_response']);
    expect(timeline.body.data[0].data.escalatedToNames).toEqual(['Ирина Руководитель']);
    const audit = await rows<{ meta: { sla: string; target: string }; actorId: string | null }>(
      w.db,
      sql`select meta, actor_id as "actorId" from audit_events where record_id = ${item.id}::uuid and meta->>'sla' = 'breach'`,
    );
    expect(audit).toMatchObject([{ meta: { sla: 'breach', target: 'first_response' }, actorId: null }]);

    // The resolution target (240) breaches on its own later; a resolved case never does.
    expect((await sweepSla(w.db, at(241))).breaches).toBeGreaterThanOrEqual(1);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${item.id}` })).body.resolutionBreachedAt).not.toBeNull();
  });

  it('stops the resolution clock while the case waits for the customer, and counts an outbound call as the first response', async () => {
    const w = world();
    await tieredPolicy(w, 'Tier-pause');
    const waiting = await caseFor(w, 'managerA2', 'Tier-pause', 'Ждём ответа клиента');
    const answered = await caseFor(w, 'managerA2', 'Tier-pause', 'Позвонили клиенту');
    const call = await w.as('managerA2', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'call', direction: 'outbound', subject: 'Перезвонили', recordType: 'case', recordId: answered.id } });
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    const afterCall = await w.as('managerA2', { method: 'GET', url: `/api/v1/cases/${answered.id}` });
    expect(afterCall.body.firstResponseAt).not.toBeNull();
    expect(afterCall.body.status).toBe('in_progress');

    expect((await w.as('managerA2', { method: 'POST', url: `/api/v1/cases/${waiting.id}/status`, payload: { status: 'in_progress' } })).status).toBe(200);
    const paused = await w.as('managerA2', { method: 'POST', url: `/api/v1/cases/${waiting.id}/status`, payload: { status: 'waiting_customer' } });
    expect(paused.body.resolutionDueAt).toBeNull();
    const late = new Date(waiting.createdAt + 300 * MINUTE);
    await sweepSla(w.db, late);
    const stillWaiting = (await w.as('managerA2', { method: 'GET', url: `/api/v1/cases/${waiting.id}` })).body;
    expect(stillWaiting.resolutionBreachedAt).toBeNull();
    // Leaving "new" for waiting answered the customer, so the first response did not breach either.
    expect(stillWaiting.firstResponseBreachedAt).toBeNull();
    expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/cases/${answered.id}` })).body.firstResponseBreachedAt).toBeNull();

    const resumed = await w.as('managerA2', { method: 'POST', url: `/api/v1/cases/${waiting.id}/status`, payload: { status: 'in_progress' } });
    expect(Date.parse(resumed.body.resolutionDueAt)).toBeGreaterThan(waiting.createdAt + 240 * MINUTE);
    await sweepSla(w.db, late);
    expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/cases/${waiting.id}` })).body.resolutionBreachedAt).not.toBeNull();
  });

  it('reports compliance per team and person and lists breaches only of the cases the viewer may read', async () => {
    const w = world();
    await tieredPolicy(w, 'Tier-report');
    const personRow = (body: { people: { id: string }[] }, user: UserKey) => body.people.find((row) => row.id === w.users[user].id) as { cases: number; firstResponse: { met: number; breached: number } } | undefined;
    const before = personRow((await w.as('managerA1', { method: 'GET', url: '/api/v1/sla/report' })).body, 'managerA1') ?? { cases: 0, firstResponse: { met: 0, breached: 0 } };
    const late = await caseFor(w, 'managerA1', 'Tier-report', 'Отчёт: просрочено');
    const onTime = await caseFor(w, 'managerA1', 'Tier-report', 'Отчёт: вовремя');
    const foreign = await caseFor(w, 'managerB1', 'Tier-report', 'Отчёт: чужое');
    await w.as('managerA1', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'call', direction: 'outbound', recordType: 'case', recordId: onTime.id } });
    await sweepSla(w.db, new Date(late.createdAt + 65 * MINUTE));

    const forA1 = await w.as('managerA1', { method: 'GET', url: '/api/v1/sla/report' });
    expect(forA1.status, JSON.stringify(forA1.body)).toBe(200);
    const mine = forA1.body.people.find((row: { id: string }) => row.id === w.users.managerA1.id);
    const met = before.firstResponse.met + 1;
    const breached = before.firstResponse.breached + 1;
    expect(mine).toMatchObject({
      name: 'Алексей Менеджер',
      cases: before.cases + 2,
      firstResponse: { met, breached, metPercent: Math.round((met / (met + breached)) * 1000) / 10, averageMinutes: 0, medianMinutes: 0 },
    });
    expect(forA1.body.people.map((row: { id: string }) => row.id)).not.toContain(w.users.managerB1.id);
    expect(forA1.body.teams).toHaveLength(1);

    const forHead = await w.as('head', { method: 'GET', url: '/api/v1/sla/report' });
    expect(forHead.body.people.map((row: { id: string }) => row.id)).toEqual(expect.arrayContaining([w.users.managerA1.id, w.users.managerB1.id]));
    expect(forHead.body.total.cases).toBeGreaterThan(forA1.body.total.cases);
    expect(forHead.body.total.breachingNow).toBeGreaterThanOrEqual(2);

    const breachIds = (response: { body: { data: { caseId: string }[] } }) => response.body.data.map((breach) => breach.caseId);
    // The sweep ran on a clock moved 65 minutes on, which late in the evening is tomorrow in the workspace's zone,
    // past the default period (up to today); ask for days around both instants.
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const period = `from=${day(late.createdAt - 86_400_000)}&to=${day(late.createdAt + 2 * 86_400_000)}`;
    const a1Breaches = await w.as('managerA1', { method: 'GET', url: `/api/v1/sla/breaches?target=first_response&${period}` });
    expect(breachIds(a1Breaches)).toContain(late.id);
    expect(breachIds(a1Breaches)).not.toContain(foreign.id);
    expect(breachIds(a1Breaches)).not.toContain(onTime.id);
    const headB1 = await w.as('head', { method: 'GET', url: `/api/v1/sla/breaches?ownerId=${w.users.managerB1.id}&${period}` });
    expect(breachIds(headB1)).toContain(foreign.id);
    expect(breachIds(headB1)).not.toContain(late.id);
    expect(breachIds(await w.as('managerB1', { method: 'GET', url: `/api/v1/sla/breaches?${period}` }))).not.toContain(late.id);
    // Keyset pages of one breach add up to the list.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await w.as('head', { method: 'GET', url: `/api/v1/sla/breaches?limit=1&${period}${cursor ? `&cursor=${cursor}` : ''}` });
      paged.push(...page.body.data.map((breach) => breach.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual((await w.as('head', { method: 'GET', url: `/api/v1/sla/breaches?${period}` })).body.data.map((breach: { id: string }) => breach.id));

    const bad = await w.as('head', { method: 'GET', url: '/api/v1/sla/report?from=2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('from');
    const backwards = await w.as('head', { method: 'GET', url: '/api/v1/sla/report?from=2026-06-01&to=2026-05-01' });
    expect(backwards.body.error.details[0].field).toBe('to');
    expect((await w.as('head', { method: 'GET', url: '/api/v1/sla/breaches?cursor=garbage' })).body.error.details[0].field).toBe('cursor');
  });

  it('runs the sweep on request only for administrators and refuses a moved clock outside tests', async () => {
    const w = world();
    expect((await w.as('managerA1', { method: 'POST', url: '/api/v1/sla/sweep', payload: {} })).status).toBe(403);
    const moved = await w.as('admin', { method: 'POST', url: '/api/v1/sla/sweep', payload: { at: new Date(Date.now() + 3600_000).toISOString() } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details[0].field).toBe('at');
  });
});
