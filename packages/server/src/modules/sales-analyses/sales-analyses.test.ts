// The ready-made analyses on hand-made data whose every figure is computed by hand below: a wrong SQL
// (percentile_disc for a median, ntile for quintiles, the current stage instead of the stage at a month's
// start, an order counted again as its deal) changes a number. Each suite runs on PGlite and PostgreSQL.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { rows } from '../../db/client.js';
import type { UserKey } from '../../test/fixtures.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { rfmSegment } from './rfm.js';
import { shiftMonths } from './sales-analyses.window.js';

const DAY = 86_400_000;
const t0 = Date.parse('2025-03-03T10:00:00Z');
const at = (days: number) => new Date(t0 + days * DAY).toISOString();
const Y2025 = 'from=2025-01-01&to=2025-12-31&tz=%2B00:00';
const Y2024 = 'from=2024-01-01&to=2024-12-31&tz=%2B00:00';

it('names RFM segments from the recency and frequency scores', () => {
  expect(rfmSegment(5, 5)).toBe('champions');
  expect(rfmSegment(3, 4)).toBe('loyal');
  expect(rfmSegment(4, 1)).toBe('promising');
  expect(rfmSegment(3, 2)).toBe('needsAttention');
  expect(rfmSegment(2, 3)).toBe('atRisk');
  expect(rfmSegment(2, 1)).toBe('hibernating');
  expect(rfmSegment(1, 2)).toBe('lost');
});

describeWithWorld('sales analyses', (world) => {
  let stages: { id: string; kind: string; name: string }[] = [];
  const ids: Record<string, string> = {};
  const today = new Date().toISOString().slice(0, 10);
  const current = today.slice(0, 7);
  const previous = shiftMonths(`${current}-01`, -1);

  async function company(user: UserKey, key: string, fields: Record<string, string>) {
    const created = await world().as(user, { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: `ООО ${key}`, ...fields } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids[key] = created.body.id;
  }
  /** A deal made through the API (so rights are the engine's), then given its history and dates in SQL. */
  async function deal(user: UserKey, key: string, amount: string, path: [number, number][], extra: { lostReason?: string; companyId?: string; source?: string; expectedCloseDate?: string } = {}) {
    const created = await world().as(user, { method: 'POST', url: '/api/v1/deals', payload: { title: key, amount, ...(extra.expectedCloseDate ? { expectedCloseDate: extra.expectedCloseDate } : {}) } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    ids[key] = id;
    const { db } = world();
    await db.execute(sql`delete from deal_stage_history where deal_id = ${id}`);
    let previousStage: string | null = null;
    for (const [stage, time] of path) {
      await db.execute(sql`insert into deal_stage_history (workspace_id, deal_id, from_stage_id, to_stage_id, entered_at) values (${world().workspaceId}, ${id}, ${previousStage}, ${stages[stage].id}, ${new Date(time).toISOString()})`);
      previousStage = stages[stage].id;
    }
    const [lastStage, lastTime] = path[path.length - 1];
    const kind = stages[lastStage].kind;
    await db.execute(sql`update deals set stage_id = ${stages[lastStage].id}, created_at = ${new Date(path[0][1]).toISOString()}, stage_entered_at = ${new Date(lastTime).toISOString()},
      closed_at = ${kind === 'open' ? null : new Date(lastTime).toISOString()}, lost_reason = ${extra.lostReason ?? null}, company_id = ${extra.companyId ?? null}, source = ${extra.source ?? null} where id = ${id}`);
    return id;
  }
  async function order(user: UserKey, companyKey: string, orderedAt: string, total: string, options: { status?: string; dealKey?: string; lines?: [string, string, string][] } = {}) {
    const owner = world().users[user].id;
    const [row] = await rows<{ id: string }>(
      world().db,
      sql`insert into orders (workspace_id, number, company_id, deal_id, status, ordered_at, total, owner_id, team_id)
          select ${world().workspaceId}, ${`N-${Math.random().toString(36).slice(2, 10)}`}, ${ids[companyKey]}, ${options.dealKey ? ids[options.dealKey] : null}, ${options.status ?? 'done'}, ${orderedAt}, ${total}, u.id, u.team_id
          from users u where u.id = ${owner} returning id`,
    );
    for (const [productKey, quantity, amount] of options.lines ?? [])
      await world().db.execute(sql`insert into order_lines (workspace_id, order_id, product_id, quantity, price, amount) values (${world().workspaceId}, ${row.id}, ${ids[productKey]}, ${quantity}, ${amount}, ${amount})`);
  }

  beforeAll(async () => {
    // The head of sales reads their team's records (the built-in role reads everything): team A is A1 and A2.
    const roles = await world().as('admin', { method: 'GET', url: '/api/v1/roles' });
    const headRole = roles.body.data.find((role: { key: string }) => role.key === 'head_of_sales');
    const none = { read: 'none', create: 'none', update: 'none', delete: 'none', export: 'none' };
    const permissions: Record<string, Record<string, string>> = { settings: none, ...headRole.permissions };
    for (const object of ['companies', 'contacts', 'leads', 'deals', 'activities', 'tasks', 'orders']) permissions[object] = { ...permissions[object], read: 'team' };
    const patched = await world().as('admin', { method: 'PATCH', url: `/api/v1/roles/${headRole.id}`, payload: { permissions } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const pipelines = await world().as('admin', { method: 'GET', url: '/api/v1/pipelines' });
    stages = pipelines.body.data.find((item: { isDefault: boolean }) => item.isDefault).stages;
    const [S0, S1, S2, S3, W, L] = [0, 1, 2, 3, 4, 5];
    expect(stages.map((stage) => stage.kind)).toEqual(['open', 'open', 'open', 'open', 'won', 'lost']);
    // Companies with addresses and sources (regions); customers K1..K7 for RFM.
    await company('managerA1', 'C1', { region: 'Москва', city: 'Москва', source: 'Партнёр' });
    await company('managerA1', 'C2', { region: 'Свердловская область', city: 'Екатеринбург', source: 'Реклама' });
    await company('managerA1', 'C3', { region: 'Свердловская область', city: 'Нижний Тагил' });
    await company('managerB1', 'C4', { region: 'Москва', city: 'Москва' });
    for (const key of ['K1', 'K2', 'K3', 'K4', 'K5', 'K7']) await company('managerA1', key, { industry: key === 'K2' ? 'Розница' : 'Производство' });
    await company('managerB1', 'K6', {});

    // The funnel's cohort: deals created in 2025 in the default pipeline.
    await deal('managerA1', 'X', '1000', [[S0, t0], [S1, t0 + 2 * DAY], [S2, t0 + 5 * DAY], [W, t0 + 6 * DAY]], { companyId: ids.C1 });
    await deal('managerA1', 'Y', '500', [[S0, t0], [S1, t0 + 4 * DAY], [L, t0 + 5 * DAY]], { lostReason: 'Дорого', source: 'Выставка' });
    await deal('managerA1', 'Z', '300', [[S0, t0], [S1, t0 + 1 * DAY]], { companyId: ids.C2 });
    await deal('managerA2', 'V', '200', [[S0, t0], [L, t0 + 3 * DAY]], { lostReason: 'Нет бюджета' });
    await deal('managerB1', 'U', '9000', [[S0, t0], [W, t0 + 10 * DAY]], { companyId: ids.C4 });

    // Open deals for the forecast, expected this month, next month, long ago.
    const next = shiftMonths(`${current}-01`, 1);
    const now = Date.now();
    await deal('managerA1', 'F1', '1000', [[S0, now - 3 * DAY], [S2, now - DAY]], { expectedCloseDate: `${current}-15` });
    await deal('managerA2', 'F2', '2000', [[S0, now - DAY]], { expectedCloseDate: `${next}-10` });
    await deal('managerB1', 'F3', '4000', [[S0, now - 3 * DAY], [S3, now - DAY]], { expectedCloseDate: `${current}-20` });
    await deal('managerA1', 'F4', '100', [[S0, now - 3 * DAY], [S3, now - DAY]], { expectedCloseDate: '2020-01-10' });
    await deal('managerA1', 'F5', '600', [[S0, now - DAY]], { expectedCloseDate: `${next}-20` });
    // Forecast accuracy of last month: at its start deal A was in S2 (50 %) expected within it; since then it
    // moved to S3 and its expected date was moved (through the API, so the audit log knows) to a later month.
    const twoBack = Date.parse(`${shiftMonths(`${current}-01`, -2)}-02T00:00:00Z`);
    await deal('managerA1', 'A', '800', [[S0, twoBack], [S2, twoBack + 3 * DAY], [S3, now - 60_000]], { expectedCloseDate: `${previous}-15` });
    const later = shiftMonths(`${current}-01`, 2);
    expect((await world().as('managerA1', { method: 'PATCH', url: `/api/v1/deals/${ids.A}`, payload: { expectedCloseDate: `${later}-05` } })).status).toBe(200);
    // Won last month, without history (so it changes no stage rate).
    await deal('managerA1', 'W1', '700', [[W, Date.parse(`${previous}-10T12:00:00Z`)]]);
    await world().db.execute(sql`update deals set created_at = ${new Date(twoBack).toISOString()} where id = ${ids.W1}`);
    await world().db.execute(sql`delete from deal_stage_history where deal_id = ${ids.W1}`);

    // Lead sources (2025): L1 converted into X.
    for (const [key, source] of [['L1', 'Сайт'], ['L2', 'Сайт'], ['L3', 'Выставка']]) {
      const lead = await world().as('managerA1', { method: 'POST', url: '/api/v1/leads', payload: { title: key, source } });
      expect(lead.status, JSON.stringify(lead.body)).toBe(201);
      ids[key] = lead.body.id;
      await world().db.execute(sql`update leads set created_at = ${at(-1)} where id = ${ids[key]}`);
    }
    await world().db.execute(sql`update leads set status = 'converted', converted_deal_id = ${ids.X}, converted_at = ${at(0)} where id = ${ids.L1}`);
    await world().db.execute(sql`update deals set lead_id = ${ids.L1} where id = ${ids.X}`);

    // Orders of 2025 (regions) and of 2023-2024 (RFM, purchases).
    await order('managerA1', 'C2', '2025-04-01T12:00:00Z', '300');
    await order('managerA1', 'C3', '2025-05-01T12:00:00Z', '200');
    await order('managerA1', 'C3', '2025-05-02T12:00:00Z', '500', { status: 'cancelled' });
    for (const [key, category] of [['P1', 'Упаковка'], ['P2', 'ИТ']])
      [{ id: ids[key] }] = await rows<{ id: string }>(world().db, sql`insert into products (workspace_id, sku, name, category) values (${world().workspaceId}, ${key}, ${key}, ${category}) returning id`);
    await order('managerA1', 'K1', '2024-12-30T12:00:00Z', '100', { lines: [['P1', '2', '100']] });
    await order('managerA1', 'K1', '2024-12-01T12:00:00Z', '100');
    await order('managerA1', 'K1', '2024-11-01T12:00:00Z', '100');
    await order('managerA1', 'K1', '2023-05-01T12:00:00Z', '1');
    // K2's order was made from a won deal: counted once.
    await deal('managerA1', 'D2', '1000', [[W, Date.parse('2024-12-19T12:00:00Z')]], { companyId: ids.K2 });
    await world().db.execute(sql`delete from deal_stage_history where deal_id = ${ids.D2}`);
    await order('managerA1', 'K2', '2024-12-20T12:00:00Z', '1000', { dealKey: 'D2', lines: [['P2', '1', '1000']] });
    for (const month of ['06', '07', '08', '09']) await order('managerA1', 'K3', `2024-${month}-01T12:00:00Z`, '50');
    await order('managerA1', 'K4', '2024-02-01T12:00:00Z', '5000', { lines: [['P1', '10', '5000']] });
    await order('managerA1', 'K4', '2024-03-01T12:00:00Z', '5000');
    // K5 bought once by order and once by a won deal without an order.
    await order('managerA1', 'K5', '2024-12-25T12:00:00Z', '10');
    await deal('managerA1', 'D5', '90', [[W, Date.parse('2024-12-28T12:00:00Z')]], { companyId: ids.K5 });
    await world().db.execute(sql`delete from deal_stage_history where deal_id = ${ids.D5}`);
    await order('managerA1', 'K7', '2023-06-01T12:00:00Z', '1');
    await order('managerB1', 'K6', '2024-05-05T12:00:00Z', '70');
  });

  const get = async (user: UserKey, url: string) => {
    const response = await world().as(user, { method: 'GET', url });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  it('counts the funnel, its conversion and the median time per stage over readable deals', async () => {
    const head = await get('head', `/api/v1/analyses/funnel?${Y2025}`);
    expect(head.totals).toMatchObject({ deals: 4, open: 1, won: 1, wonAmount: '1000.00', lost: 2, lostAmount: '700.00' });
    expect(head.totals.winRate).toBeCloseTo(1 / 3, 6);
    expect(head.stages.map((stage: { reached: number }) => stage.reached)).toEqual([4, 3, 1, 1]);
    expect(head.stages[0].amount).toBe('2000.00');
    expect(head.stages.map((stage: { conversionToNext: number }) => stage.conversionToNext)).toEqual([0.75, 1 / 3, 1, 1]);
    // Stays in the first stage: 2, 4, 1 and 3 days -> median 2.5 days (Z's stay in the second stage is not over).
    expect(head.stages[0].time).toMatchObject({ stays: 4, medianSeconds: 2.5 * 86400 });
    expect(head.stages[1].time).toMatchObject({ stays: 2, medianSeconds: 2 * 86400 });
    expect(head.stages[2].time).toMatchObject({ stays: 1, medianSeconds: 86400 });
    expect(head.stages[3].time).toMatchObject({ stays: 0, medianSeconds: null });
    expect(head.stages[0].lost).toEqual({ count: 1, amount: '200.00' });
    expect(head.stages[1].lost).toEqual({ count: 1, amount: '500.00' });
    expect(head.lostReasons).toEqual([{ reason: 'Дорого', count: 1, amount: '500.00' }, { reason: 'Нет бюджета', count: 1, amount: '200.00' }]);

    // A manager's funnel holds only their own deals.
    const manager = await get('managerA1', `/api/v1/analyses/funnel?${Y2025}`);
    expect(manager.totals).toMatchObject({ deals: 3, won: 1, lost: 1 });
    expect(manager.stages[0].time.medianSeconds).toBe(2 * 86400);
    expect(manager.lostReasons).toEqual([{ reason: 'Дорого', count: 1, amount: '500.00' }]);
    // The administrator sees team B's deal won straight from the first stage: it passed every stage.
    const admin = await get('admin', `/api/v1/analyses/funnel?${Y2025}`);
    expect(admin.stages.map((stage: { reached: number }) => stage.reached)).toEqual([5, 4, 2, 2]);
    expect(admin.stages[0].time.medianSeconds).toBe(3 * 86400);
    // The team filter of an administrator: team B only.
    const teamB = await get('admin', `/api/v1/analyses/funnel?${Y2025}&teamId=${world().teams.b}`);
    expect(teamB.totals).toMatchObject({ deals: 1, won: 1, wonAmount: '9000.00' });
  });

  it('forecasts by stage probability and by the stage-to-won rates of the deals closed before', async () => {
    const head = await get('head', '/api/v1/analyses/forecast?tz=%2B00:00&historyMonths=36&months=3&accuracyMonths=2');
    // Team A's closed deals: X won (was in S0, S1, S2), Y lost (S0, S1), V lost (S0).
    const rate = (index: number) => head.rates.find((row: { stageId: string }) => row.stageId === stages[index].id);
    expect(rate(0)).toMatchObject({ closed: 3, won: 1, basis: 'history' });
    expect(rate(1)).toMatchObject({ closed: 2, won: 1, rate: 0.5 });
    expect(rate(2)).toMatchObject({ closed: 1, won: 1, rate: 1 });
    expect(rate(3)).toMatchObject({ closed: 0, rate: null, used: 0.75, basis: 'probability' });
    expect(head.months.map((row: { month: string }) => row.month)).toEqual([current, shiftMonths(`${current}-01`, 1), shiftMonths(`${current}-01`, 2)]);
    expect(head.months[0]).toEqual({ month: current, count: 1, amount: '1000.00', weighted: '500.00', historical: '1000.00', plan: null });
    // F2 (2000 in S0) and F5 (600 in S0): 10 % by probability, 1/3 by history.
    expect(head.months[1]).toMatchObject({ count: 2, amount: '2600.00', weighted: '260.00', historical: '866.67' });
    // A: 800 in S3 now, 75 % both ways (S3 has no closed deals).
    expect(head.months[2]).toMatchObject({ count: 1, amount: '800.00', weighted: '600.00', historical: '600.00' });
    expect(head.overdue).toEqual({ count: 1, amount: '100.00', weighted: '75.00', historical: '75.00' });
    expect(head.undated).toEqual({ count: 1, amount: '300.00', weighted: '60.00', historical: '150.00' });
    expect(head.planAvailable).toBe(false);
    // Last month: at its start A was in S2 (50 %) expected in it -> 400 forecast; W1 won 700.
    const last = head.accuracy.find((row: { month: string }) => row.month === previous);
    expect(last).toMatchObject({ forecastCount: 1, pipelineAmount: '800.00', forecast: '400.00', wonCount: 1, won: '700.00', plan: null });
    expect(last.accuracy).toBeCloseTo(1 - 300 / 700, 6);

    // Manager A1: own closed deals X (won) and Y (lost) make S0 1/2.
    const manager = await get('managerA1', '/api/v1/analyses/forecast?tz=%2B00:00&historyMonths=36&months=2&accuracyMonths=0');
    expect(manager.months[1]).toMatchObject({ count: 1, amount: '600.00', weighted: '60.00', historical: '300.00' });
    expect(manager.accuracy).toEqual([]);
    const teamB = await get('managerB1', '/api/v1/analyses/forecast?tz=%2B00:00&historyMonths=36&months=1');
    expect(teamB.months[0]).toMatchObject({ count: 1, amount: '4000.00', weighted: '3000.00' });
  });

  it('puts the won-amount plans of the people the viewer may see beside the forecast', async () => {
    const w = world();
    const year = current.slice(0, 4);
    const plan = async (user: 'head' | 'admin', payload: Record<string, unknown>) => {
      const created = await w.as(user, { method: 'POST', url: '/api/v1/plans', payload: { measure: 'won_amount', ...payload } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    };
    await plan('head', { userId: w.users.managerA1.id, periodKind: 'month', periodStart: `${current}-01`, target: 5000 });
    // A year plan counts a twelfth in each of its months.
    await plan('head', { userId: w.users.managerA2.id, periodKind: 'year', periodStart: `${year}-01-01`, target: 12000 });
    // Team B's manager: not the head's (team A) to see.
    await plan('admin', { userId: w.users.managerB1.id, periodKind: 'month', periodStart: `${current}-01`, target: 7000 });
    const sameYear = (month: string) => month.startsWith(year);
    const head = await get('head', '/api/v1/analyses/forecast?tz=%2B00:00&historyMonths=36&months=2&accuracyMonths=1');
    expect(head.planAvailable).toBe(true);
    expect(head.months.map((row: { plan: string | null }) => row.plan)).toEqual(['6000.00', sameYear(shiftMonths(`${current}-01`, 1)) ? '1000.00' : null]);
    expect(head.accuracy[0].plan).toBe(sameYear(previous) ? '1000.00' : null);
    const manager = await get('managerA1', '/api/v1/analyses/forecast?tz=%2B00:00&historyMonths=36&months=1&accuracyMonths=0');
    expect(manager.months[0].plan).toBe('5000.00');
    const admin = await get('admin', `/api/v1/analyses/forecast?tz=%2B00:00&historyMonths=36&months=1&accuracyMonths=0&teamId=${w.teams.b}`);
    expect(admin.months[0].plan).toBe('7000.00');
  });

  it('measures the sales cycle of won deals', async () => {
    const head = await get('head', `/api/v1/analyses/sales-cycle?${Y2025}`);
    expect(head.overall).toMatchObject({ count: 1, medianDays: 6, amount: '1000.00' });
    const admin = await get('admin', `/api/v1/analyses/sales-cycle?${Y2025}`);
    expect(admin.overall).toMatchObject({ count: 2, medianDays: 8, averageDays: 8 });
    expect(admin.buckets.slice(0, 3)).toEqual([
      { fromDays: 0, toDays: 7, count: 1, amount: '1000.00' },
      { fromDays: 7, toDays: 14, count: 1, amount: '9000.00' },
      { fromDays: 14, toDays: 30, count: 0, amount: '0.00' },
    ]);
    expect(admin.byPipeline).toHaveLength(1);
    expect(admin.byPipeline[0]).toMatchObject({ count: 2, medianDays: 8 });
  });

  it('groups companies, won deals and orders by region and city', async () => {
    const head = await get('head', `/api/v1/analyses/regions?${Y2025}`);
    type Region = Record<string, unknown> & { region: string | null; cities: Record<string, unknown>[] };
    const region = (body: { regions: Region[] }, name: string) => body.regions.find((row) => row.region === name)!;
    expect(region(head, 'Москва')).toMatchObject({ companies: 1, wonCount: 1, wonAmount: '1000.00', orderCount: 0 });
    const sverdlovsk = region(head, 'Свердловская область');
    expect(sverdlovsk).toMatchObject({ companies: 2, wonCount: 0, orderCount: 2, orderAmount: '500.00' });
    expect(sverdlovsk.cities.map((city) => [city.city, city.orderAmount])).toEqual([['Екатеринбург', '300.00'], ['Нижний Тагил', '200.00']]);
    const admin = await get('admin', `/api/v1/analyses/regions?${Y2025}`);
    expect(region(admin, 'Москва')).toMatchObject({ companies: 2, wonCount: 2, wonAmount: '10000.00' });
  });

  it('follows lead sources to deals and won amounts', async () => {
    const head = await get('head', `/api/v1/analyses/lead-sources?${Y2025}`);
    const source = (name: string | null) => head.sources.find((row: { source: string | null }) => row.source === name);
    expect(source('Сайт')).toMatchObject({ leads: 2, convertedLeads: 1, leadConversion: 0.5, deals: 1, dealsFromLeads: 1, wonCount: 1, wonAmount: '1000.00' });
    expect(source('Выставка')).toMatchObject({ leads: 1, convertedLeads: 0, deals: 1, wonCount: 0, lostCount: 1, winRate: 0 });
    expect(source('Реклама')).toMatchObject({ leads: 0, deals: 1, wonCount: 0 });
    expect(source(null)).toMatchObject({ deals: 1, lostCount: 1 });
    expect(source('Партнёр')).toBeUndefined();
    const other = await get('managerB1', `/api/v1/analyses/lead-sources?${Y2025}`);
    expect(other.sources).toEqual([expect.objectContaining({ source: null, deals: 1, wonAmount: '9000.00', leads: 0 })]);
  });

  it('scores customers by recency, frequency and monetary quintiles', async () => {
    const head = await get('head', `/api/v1/analyses/customers?${Y2024}`);
    const score = (key: string) => {
      const row = head.customers.find((item: { companyId: string }) => item.companyId === ids[key]);
      return [row.r, row.f, row.m, row.frequency, row.monetary, row.segment];
    };
    expect(head.totals).toMatchObject({ customers: 5, purchases: 12, amount: '11600.00', repeatCustomers: 4, repeatRate: 0.8 });
    expect(score('K1')).toEqual([5, 4, 3, 3, '300.00', 'champions']);
    expect(score('K2')).toEqual([3, 1, 4, 1, '1000.00', 'needsAttention']);
    expect(score('K3')).toEqual([2, 5, 2, 4, '200.00', 'atRisk']);
    expect(score('K4')).toEqual([1, 2, 5, 2, '10000.00', 'lost']);
    expect(score('K5')).toEqual([4, 2, 1, 2, '100.00', 'promising']);
    expect(head.customers[0].name).toBe('ООО K4');
    expect(head.customers.find((item: { companyId: string }) => item.companyId === ids.K1).recencyDays).toBe(1);
    expect(head.segments.find((row: { segment: string }) => row.segment === 'champions')).toEqual({ segment: 'champions', customers: 1, amount: '300.00' });
    expect(head.grid[4][3]).toBe(1);
    // 2023: K1 and K7 bought; only K1 came back in 2024.
    expect(head.totals).toMatchObject({ previousCustomers: 2, retained: 1, churned: 1, churnRate: 0.5 });
    const other = await get('managerB1', `/api/v1/analyses/customers?${Y2024}`);
    expect(other.customers.map((row: { companyId: string; segment: string }) => [row.companyId, row.segment])).toEqual([[ids.K6, 'lost']]);
  });

  it('sums purchases by product category, industry and month', async () => {
    const category = await get('head', `/api/v1/analyses/purchases?${Y2024}&by=category`);
    expect(category.rows).toEqual([
      { key: 'Упаковка', orders: 2, customers: 2, quantity: '12.000', amount: '5100.00' },
      { key: 'ИТ', orders: 1, customers: 1, quantity: '1.000', amount: '1000.00' },
    ]);
    const industry = await get('head', `/api/v1/analyses/purchases?${Y2024}&by=industry`);
    expect(industry.rows.map((row: { key: string; amount: string }) => [row.key, row.amount])).toEqual([['Производство', '5100.00'], ['Розница', '1000.00']]);
    const month = await get('head', `/api/v1/analyses/purchases?${Y2024}&by=month`);
    expect(month.rows.map((row: { key: string; amount: string }) => [row.key, row.amount])).toEqual([['2024-02', '5000.00'], ['2024-12', '1100.00']]);
    const filtered = await get('head', `/api/v1/analyses/purchases?${Y2024}&by=industry&category=${encodeURIComponent('ИТ')}`);
    expect(filtered.rows.map((row: { key: string }) => row.key)).toEqual(['Розница']);
    expect((await get('managerB1', `/api/v1/analyses/purchases?${Y2024}&by=category`)).rows).toEqual([]);
  });

  it('names the bad parameter', async () => {
    const cases: [string, string][] = [
      [`funnel?pipelineId=${world().teams.a}`, 'pipelineId'],
      ['funnel?pipelineId=abc', 'pipelineId'],
      ['funnel?from=2025-03-01&to=2025-02-01', 'to'],
      ['funnel?from=2025-02-30', 'from'],
      ['sales-cycle?from=2010-01-01&to=2025-01-01', 'from'],
      ['regions?teamId=' + world().users.admin.id, 'teamId'],
      ['forecast?months=99', 'months'],
      ['forecast?historyMonths=abc', 'historyMonths'],
      [`forecast?pipelineId=${world().users.head.id}`, 'pipelineId'],
      ['purchases?by=colour', 'by'],
      ['customers?tz=Moscow', 'tz'],
      ['lead-sources?colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const response = await world().as('head', { method: 'GET', url: `/api/v1/analyses/${query}` });
      expect(response.status, query).toBe(400);
      expect(response.body.error.details[0].field, query).toBe(field);
    }
  });
});
