import { expect, it } from 'vitest';
import type { UserKey } from '../../test/fixtures.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { monthsBetween } from './reports.service.js';

it('lists every month of a period, across a year end', () => {
  expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  expect(monthsBetween('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
});

describeWithWorld('dashboard report', (world) => {
  const today = new Date().toISOString().slice(0, 10);
  const month = today.slice(0, 7);
  const period = `from=${today.slice(0, 8)}01&to=${today}&tz=%2B00:00`;
  let stages: { id: string; name: string; kind: string }[] = [];

  async function deal(user: UserKey, amount: string, stage?: string) {
    const created = await world().as(user, { method: 'POST', url: '/api/v1/deals', payload: { title: `Сделка ${amount}`, amount } });
    expect(created.status).toBe(201);
    if (stage) expect((await world().as(user, { method: 'POST', url: `/api/v1/deals/${created.body.id}/move`, payload: { stageId: stage } })).status).toBe(200);
    return created.body.id as string;
  }
  async function activity(user: UserKey, kind: string) {
    expect((await world().as(user, { method: 'POST', url: '/api/v1/activities', payload: { kind, subject: kind } })).status).toBe(201);
  }

  it('aggregates on the server over the records each user may read', async () => {
    const pipelines = await world().as('admin', { method: 'GET', url: '/api/v1/pipelines' });
    stages = pipelines.body.data[0].stages;
    const won = stages.find((stage) => stage.kind === 'won')!.id;
    const second = stages[1].id;
    await deal('managerA1', '1000');
    await deal('managerA1', '500', second);
    await deal('managerA1', '700', won);
    await deal('managerA2', '300');
    await deal('managerB1', '9000', won);
    await activity('managerA1', 'call');
    await activity('managerA1', 'call');
    await activity('managerA1', 'meeting');
    await activity('managerB1', 'call');
    expect((await world().as('managerA1', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'ООО Отчёт' } })).status).toBe(201);
    expect((await world().as('managerB1', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'ООО Другой отчёт' } })).status).toBe(201);

    const head = await world().as('head', { method: 'GET', url: `/api/v1/reports/dashboard?${period}` });
    expect(head.status).toBe(200);
    const first = stages[0];
    expect(head.body.funnel.find((row: { stageId: string }) => row.stageId === first.id)).toMatchObject({ count: 2, sum: '1300.00' });
    expect(head.body.funnel.find((row: { stageId: string }) => row.stageId === won)).toMatchObject({ count: 2, sum: '9700.00' });
    expect(head.body.wonByMonth.find((row: { month: string }) => row.month === month)).toMatchObject({ count: 2, sum: '9700.00' });
    expect(head.body.newCompaniesByMonth).toEqual([{ month, count: 2 }]);
    const a1 = head.body.activitiesByManager.find((row: { ownerId: string }) => row.ownerId === world().users.managerA1.id);
    expect(a1).toMatchObject({ total: 3, byKind: { call: 2, meeting: 1 }, name: 'Алексей Менеджер' });
    expect(head.body.activitiesByManager[0].ownerId).toBe(world().users.managerA1.id);
    const open = head.body.openDealsByManager.find((row: { ownerId: string }) => row.ownerId === world().users.managerA1.id);
    expect(open).toMatchObject({ count: 2, sum: '1500.00' });

    // A sales manager's charts count only their own records.
    const manager = await world().as('managerA1', { method: 'GET', url: `/api/v1/reports/dashboard?${period}` });
    expect(manager.body.activitiesByManager.map((row: { ownerId: string }) => row.ownerId)).toEqual([world().users.managerA1.id]);
    expect(manager.body.wonByMonth.find((row: { month: string }) => row.month === month)).toMatchObject({ count: 1, sum: '700.00' });
    expect(manager.body.newCompaniesByMonth).toEqual([{ month, count: 1 }]);
    expect(manager.body.openDealsByManager).toHaveLength(1);

    // The team filter keeps team A's records only.
    const teamA = await world().as('head', { method: 'GET', url: `/api/v1/reports/dashboard?${period}&teamId=${world().teams.a}` });
    expect(teamA.body.teamIds).toEqual([world().teams.a]);
    expect(teamA.body.wonByMonth.find((row: { month: string }) => row.month === month)).toMatchObject({ count: 1, sum: '700.00' });
    expect(teamA.body.activitiesByManager.some((row: { ownerId: string }) => row.ownerId === world().users.managerB1.id)).toBe(false);
    expect(teamA.body.openByStage.find((row: { stageId: string }) => row.stageId === first.id)).toMatchObject({ count: 2, sum: '1300.00' });
  });

  it('defaults to the last twelve months and the default pipeline', async () => {
    const report = await world().as('head', { method: 'GET', url: '/api/v1/reports/dashboard' });
    expect(report.status).toBe(200);
    expect(report.body.wonByMonth).toHaveLength(12);
    expect(report.body.wonByMonth.at(-1).month).toBe(report.body.period.to.slice(0, 7));
    expect(report.body.pipelineId).toBeTruthy();
    // A period before any record counts nothing.
    const empty = await world().as('head', { method: 'GET', url: '/api/v1/reports/dashboard?from=2020-01-01&to=2020-02-29' });
    expect(empty.body.wonByMonth).toEqual([{ month: '2020-01', count: 0, sum: '0' }, { month: '2020-02', count: 0, sum: '0' }]);
    expect(empty.body.funnel.every((row: { count: number }) => row.count === 0)).toBe(true);
    expect(empty.body.activitiesByManager).toEqual([]);
  });

  it('names the bad parameter', async () => {
    const cases: [string, string][] = [
      ['from=2026-13-01', 'from'],
      ['from=2026-03-01&to=2026-02-01', 'to'],
      ['tz=Moscow', 'tz'],
      [`pipelineId=${world().teams.a}`, 'pipelineId'],
      [`teamId=${world().users.admin.id}`, 'teamId'],
      ['from=2010-01-01&to=2026-01-01', 'from'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const response = await world().as('head', { method: 'GET', url: `/api/v1/reports/dashboard?${query}` });
      expect(response.status, query).toBe(400);
      expect(response.body.error.details[0].field, query).toBe(field);
    }
  });
});
