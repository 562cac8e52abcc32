import { expect, it } from 'vitest';
import { periodOf } from '@svyaz/shared';
import type { UserKey } from '../../test/fixtures.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { kpiScore } from './kpi.service.js';
import { localToday } from './plans.service.js';

it('finds the month, quarter and year of a day, across a year end', () => {
  expect(periodOf('month', '2026-12-07')).toEqual({ start: '2026-12-01', end: '2027-01-01' });
  expect(periodOf('quarter', '2026-11-30')).toEqual({ start: '2026-10-01', end: '2027-01-01' });
  expect(periodOf('quarter', '2026-02-10')).toEqual({ start: '2026-01-01', end: '2026-04-01' });
  expect(periodOf('year', '2026-06-15')).toEqual({ start: '2026-01-01', end: '2027-01-01' });
  expect(localToday('+03:00', new Date('2026-11-30T22:30:00Z'))).toBe('2026-12-01');
  expect(localToday('-05:00', new Date('2026-12-01T02:00:00Z'))).toBe('2026-11-30');
});

it('weights the KPI score', () => {
  const weights = { planAttainment: 50, conversion: 50, averageDeal: 0, activity: 0 };
  // 80 % of plan and 50 % conversion, equally weighted: 65.
  expect(kpiScore({ planAttainment: 80, conversion: 50, averageDeal: 10, activityCount: 3 }, { averageDeal: 20, activity: 6 }, weights)).toBe(65);
  // Over-achievement counts as 100 %; average deal and activity compare with the best shown.
  expect(kpiScore({ planAttainment: 150, conversion: null, averageDeal: 10, activityCount: 3 }, { averageDeal: 20, activity: 6 }, { planAttainment: 1, conversion: 1, averageDeal: 1, activity: 1 })).toBe(50);
});

describeWithWorld('sales plans and KPI cards', (world) => {
  const tz = '%2B03:00';
  const today = localToday('+03:00');
  const month = periodOf('month', today);
  let won = '';
  let lost = '';

  async function deal(user: UserKey, amount: number, stage?: 'won' | 'lost') {
    const created = await world().as(user, { method: 'POST', url: '/api/v1/deals', payload: { title: `Сделка ${amount}`, amount: String(amount) } });
    expect(created.status).toBe(201);
    if (stage) {
      const moved = await world().as(user, { method: 'POST', url: `/api/v1/deals/${created.body.id}/move`, payload: { stageId: stage === 'won' ? won : lost, ...(stage === 'lost' ? { lostReason: 'Дорого' } : {}) } });
      expect(moved.status).toBe(200);
    }
    return created.body.id as string;
  }

  it('counts progress from the records each viewer may read: a manager sees their own plan, the head the team', async () => {
    const pipelines = await world().as('admin', { method: 'GET', url: '/api/v1/pipelines' });
    const stages = pipelines.body.data[0].stages as { id: string; kind: string }[];
    won = stages.find((stage) => stage.kind === 'won')!.id;
    lost = stages.find((stage) => stage.kind === 'lost')!.id;
    const { managerA1, managerA2, managerB1 } = world().users;

    const grid = await world().as('head', {
      method: 'PUT',
      url: '/api/v1/plans/grid',
      payload: { measure: 'won_amount', periodKind: 'month', periodStart: today, plans: [{ userId: managerA1.id, target: 1000 }, { userId: managerA2.id, target: 2000 }] },
    });
    expect(grid.status).toBe(200);
    expect(grid.body.data).toHaveLength(2);
    // The head of team A may not set the plan of team B's manager; the administrator may.
    const foreign = await world().as('head', { method: 'PUT', url: '/api/v1/plans/grid', payload: { measure: 'won_amount', periodKind: 'month', periodStart: today, plans: [{ userId: managerB1.id, target: 5000 }] } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.details.field).toBe('plans[0].userId');
    const b1Plan = await world().as('admin', { method: 'POST', url: '/api/v1/plans', payload: { userId: managerB1.id, measure: 'won_amount', periodKind: 'month', periodStart: today, target: 5000 } });
    expect(b1Plan.status).toBe(201);
    const calls = await world().as('head', { method: 'POST', url: '/api/v1/plans', payload: { userId: managerA1.id, measure: 'calls', periodKind: 'month', periodStart: month.start, target: 4 } });
    expect(calls.status).toBe(201);
    const team = await world().as('head', { method: 'POST', url: '/api/v1/plans', payload: { teamId: world().teams.a, measure: 'won_amount', periodKind: 'month', periodStart: today, mode: 'sum' } });
    expect(team.status).toBe(201);
    expect(team.body).toMatchObject({ target: 3000, actual: 0, mode: 'sum' });

    await deal('managerA1', 700, 'won');
    await deal('managerA1', 300, 'won');
    await deal('managerA1', 400, 'lost');
    await deal('managerA1', 999); // open: not counted
    await deal('managerA2', 500, 'won');
    await deal('managerB1', 9000, 'won');
    for (let index = 0; index < 3; index += 1) expect((await world().as('managerA1', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'call', subject: 'Звонок' } })).status).toBe(201);
    expect((await world().as('managerA1', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'meeting', subject: 'Встреча' } })).status).toBe(201);

    const head = await world().as('head', { method: 'GET', url: `/api/v1/plans?tz=${tz}` });
    expect(head.status).toBe(200);
    expect(head.body.period).toEqual({ kind: 'month', ...month });
    const byKey = (body: { data: { userId: string | null; teamId: string | null; measure: string }[] }, id: string, measure = 'won_amount') =>
      body.data.find((plan) => (plan.userId === id || plan.teamId === id) && plan.measure === measure);
    expect(byKey(head.body, managerA1.id)).toMatchObject({ target: 1000, actual: 1000, percent: 100, canEdit: true });
    expect(byKey(head.body, managerA2.id)).toMatchObject({ target: 2000, actual: 500, percent: 25 });
    expect(byKey(head.body, managerA1.id, 'calls')).toMatchObject({ target: 4, actual: 3, percent: 75 });
    expect(byKey(head.body, world().teams.a)).toMatchObject({ target: 3000, actual: 1500, percent: 50 });
    expect(byKey(head.body, managerB1.id)).toBeUndefined();

    const mine = await world().as('managerA1', { method: 'GET', url: `/api/v1/plans/my?tz=${tz}` });
    expect(mine.body.data.map((plan: { measure: string; actual: number }) => [plan.measure, plan.actual]).sort()).toEqual([['calls', 3], ['won_amount', 1000]]);
    expect(mine.body.data.every((plan: { canEdit: boolean }) => !plan.canEdit)).toBe(true);
    // A manager sees their own plans and their team's, not a colleague's.
    const a1All = await world().as('managerA1', { method: 'GET', url: `/api/v1/plans?tz=${tz}` });
    expect(byKey(a1All.body, managerA2.id)).toBeUndefined();
    // The team plan seen by a manager counts only what the manager may read: their own 1,000.
    expect(byKey(a1All.body, world().teams.a)).toMatchObject({ actual: 1000 });
    const a2Plan = byKey(head.body, managerA2.id) as unknown as { id: string };
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/plans/${a2Plan.id}` })).status).toBe(404);
    expect((await world().as('managerA2', { method: 'PATCH', url: `/api/v1/plans/${a2Plan.id}`, payload: { target: 1 } })).status).toBe(403);

    const admin = await world().as('admin', { method: 'GET', url: `/api/v1/plans?tz=${tz}&measure=won_amount` });
    expect(byKey(admin.body, managerB1.id)).toMatchObject({ actual: 9000, percent: 180 });

    // KPI cards: A1 won 2 of 3 closed deals (66.7 %), average 500, 4 activities, 100 % of plan.
    const kpi = await world().as('head', { method: 'GET', url: `/api/v1/kpi?tz=${tz}` });
    expect(kpi.status).toBe(200);
    const a1 = kpi.body.data.find((card: { userId: string }) => card.userId === managerA1.id);
    expect(a1).toMatchObject({ wonAmount: 1000, wonCount: 2, lostCount: 1, activityCount: 4, conversion: 66.7, averageDeal: 500, planAttainment: 87.5 });
    expect(kpi.body.data.map((card: { userId: string }) => card.userId)).not.toContain(managerB1.id);
    const managerKpi = await world().as('managerA2', { method: 'GET', url: `/api/v1/kpi?tz=${tz}` });
    expect(managerKpi.body.data.map((card: { userId: string }) => card.userId)).toEqual([managerA2.id]);
  });

  it('refuses a negative target, overlapping periods and plans set by a manager, naming the field', async () => {
    const { managerA1 } = world().users;
    const negative = await world().as('head', { method: 'POST', url: '/api/v1/plans', payload: { userId: managerA1.id, measure: 'meetings', periodKind: 'month', periodStart: today, target: -5 } });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details).toEqual([expect.objectContaining({ field: 'target' })]);
    const negativeGrid = await world().as('head', { method: 'PUT', url: '/api/v1/plans/grid', payload: { measure: 'meetings', periodKind: 'month', periodStart: today, plans: [{ userId: managerA1.id, target: -1 }] } });
    expect(negativeGrid.status).toBe(400);
    expect(negativeGrid.body.error.details[0].field).toBe('plans[0].target');
    const quarter = await world().as('head', { method: 'POST', url: '/api/v1/plans', payload: { userId: managerA1.id, measure: 'won_amount', periodKind: 'quarter', periodStart: today, target: 10000 } });
    expect(quarter.status).toBe(400);
    expect(quarter.body.error.details).toEqual([expect.objectContaining({ field: 'periodStart' })]);
    const again = await world().as('admin', { method: 'POST', url: '/api/v1/plans', payload: { userId: managerA1.id, measure: 'won_amount', periodKind: 'month', periodStart: month.start, target: 1 } });
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].field).toBe('periodStart');
    const byManager = await world().as('managerA1', { method: 'POST', url: '/api/v1/plans', payload: { userId: managerA1.id, measure: 'meetings', periodKind: 'month', periodStart: today, target: 5 } });
    expect(byManager.status).toBe(403);
    const badWeights = await world().as('admin', { method: 'PUT', url: '/api/v1/kpi/weights', payload: { planAttainment: -1, conversion: 1, averageDeal: 1, activity: 1 } });
    expect(badWeights.status).toBe(400);
    expect(badWeights.body.error.details[0].field).toBe('planAttainment');
    const zero = await world().as('admin', { method: 'PUT', url: '/api/v1/kpi/weights', payload: { planAttainment: 0, conversion: 0, averageDeal: 0, activity: 0 } });
    expect(zero.status).toBe(400);
    expect((await world().as('head', { method: 'PUT', url: '/api/v1/kpi/weights', payload: { planAttainment: 1, conversion: 0, averageDeal: 0, activity: 0 } })).status).toBe(403);
    const saved = await world().as('admin', { method: 'PUT', url: '/api/v1/kpi/weights', payload: { planAttainment: 1, conversion: 0, averageDeal: 0, activity: 0 } });
    expect(saved.status).toBe(200);
    const kpi = await world().as('admin', { method: 'GET', url: `/api/v1/kpi?tz=${tz}` });
    // Plan attainment only: A1's (100 % + 75 %) / 2 = 87.5.
    expect(kpi.body.data.find((card: { userId: string }) => card.userId === managerA1.id).score).toBe(87.5);
    // Nothing of the refused writes was stored.
    const plans = await world().as('admin', { method: 'GET', url: `/api/v1/plans?tz=${tz}&userId=${managerA1.id}` });
    expect(plans.body.data.map((plan: { measure: string }) => plan.measure).sort()).toEqual(['calls', 'won_amount']);
  });
});
