// The report builder through the API, on PGlite and PostgreSQL: figures against a hand-computed
// expectation, rights on the source and on every joined object, refusals naming the field, the cap on
// groups, drill-down equal to the cell, saved reports shared with a team, and the XLSX export.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';
import { MAX_GROUPS } from './report-compiler.js';

interface Row {
  keys: (string | null)[];
  labels: (string | null)[];
  values: (number | string | null)[];
}

describeWithWorld('report builder', (world) => {
  let stages: { id: string; name: string; kind: string }[] = [];
  const ids: Record<string, string> = {};
  const byMonthAndStage = {
    source: 'deals',
    filters: [{ field: 'title', op: 'contains', value: 'RB-' }],
    groupBy: [
      { field: 'createdAt', bucket: 'month' },
      { field: 'stageId' },
    ],
    measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }],
    chart: 'bar',
    tz: '+03:00',
  };

  async function deal(user: 'head' | 'managerA1' | 'managerA2' | 'managerB1' | 'admin', key: string, amount: string, createdAt: string, stage?: string, extra: Record<string, unknown> = {}) {
    const created = await world().as(user, { method: 'POST', url: '/api/v1/deals', payload: { title: `RB-${key}`, amount, ...extra } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    if (stage) expect((await world().as(user, { method: 'POST', url: `/api/v1/deals/${created.body.id}/move`, payload: { stageId: stage } })).status).toBe(200);
    await world().db.execute(sql`update deals set created_at = ${createdAt}::timestamptz where id = ${created.body.id}`);
    ids[key] = created.body.id;
  }

  const run = (user: Parameters<ReturnType<typeof world>['as']>[0], definition: unknown) => world().as(user, { method: 'POST', url: '/api/v1/reports/run', payload: definition as Record<string, unknown> });
  const cells = (rows: Row[]) => rows.map((row) => [...row.keys, ...row.values]);

  it('groups by month and stage and sums amounts as computed by hand, for the rights of each viewer', async () => {
    const pipelines = await world().as('admin', { method: 'GET', url: '/api/v1/pipelines' });
    stages = pipelines.body.data[0].stages;
    const [first, second] = stages;
    const won = stages.find((stage) => stage.kind === 'won')!;
    await deal('managerA1', 'a1-jan-1', '1000', '2026-01-15T10:00:00+03:00');
    await deal('managerA1', 'a1-jan-2', '500.50', '2026-01-20T10:00:00+03:00', second.id);
    await deal('managerA1', 'a1-feb-won', '700', '2026-02-03T10:00:00+03:00', won.id);
    // 22:30 UTC on 31 January is 1 February in Moscow: a February deal.
    await deal('managerA2', 'a2-feb', '300', '2026-01-31T22:30:00Z');
    await deal('managerB1', 'b1-feb-won', '9000', '2026-02-10T10:00:00+03:00', won.id);

    const head = await run('head', byMonthAndStage);
    expect(head.status, JSON.stringify(head.body)).toBe(200);
    expect(head.body.capped).toBeNull();
    expect(cells(head.body.rows)).toEqual([
      ['2026-01-01', first.id, 1, '1000.00'],
      ['2026-01-01', second.id, 1, '500.50'],
      ['2026-02-01', first.id, 1, '300.00'],
      ['2026-02-01', won.id, 2, '9700.00'],
    ]);
    expect(head.body.rows.map((row: Row) => row.labels[1])).toEqual([first.name, second.name, first.name, won.name]);
    expect(head.body.columns.map((column: { key: string }) => column.key)).toEqual(['g0', 'g1', 'm0', 'm1']);

    // A manager's figures are their own records only; another team's manager sees theirs.
    const a1 = await run('managerA1', byMonthAndStage);
    expect(cells(a1.body.rows)).toEqual([
      ['2026-01-01', first.id, 1, '1000.00'],
      ['2026-01-01', second.id, 1, '500.50'],
      ['2026-02-01', won.id, 1, '700.00'],
    ]);
    const b1 = await run('managerB1', byMonthAndStage);
    expect(cells(b1.body.rows)).toEqual([['2026-02-01', won.id, 1, '9000.00']]);

    // Won amount by manager and month, with the other measures.
    const wonByManager = await run('head', {
      source: 'deals',
      filters: [
        { field: 'title', op: 'contains', value: 'RB-' },
        { field: 'stageKind', op: 'eq', value: 'won' },
      ],
      groupBy: [{ field: 'ownerId' }, { field: 'createdAt', bucket: 'quarter' }],
      measures: [{ fn: 'sum', field: 'amount' }, { fn: 'avg', field: 'amount' }, { fn: 'max', field: 'amount' }, { fn: 'distinctCount', field: 'stageId' }],
      chart: 'pivot',
    });
    expect(wonByManager.status, JSON.stringify(wonByManager.body)).toBe(200);
    const byOwner = Object.fromEntries(wonByManager.body.rows.map((row: Row) => [row.labels[0], [row.keys[1], ...row.values]]));
    expect(byOwner).toEqual({ 'Алексей Менеджер': ['2026-01-01', '700.00', '700.00', '700.00', 1], 'Bob Manager': ['2026-01-01', '9000.00', '9000.00', '9000.00', 1] });
    // Without a group-by: one row of totals.
    const total = await run('head', { source: 'deals', filters: byMonthAndStage.filters, measures: [{ fn: 'sum', field: 'amount' }, { fn: 'count' }] });
    expect(total.body.rows).toEqual([{ keys: [], labels: [], values: ['11500.50', 5] }]);
  });

  it('joins through a link and filters every joined object by the viewer\'s own rights', async () => {
    const w = world();
    const company = await w.as('admin', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'ООО Нефть Отчёт', industry: 'Нефть' } });
    expect(company.status).toBe(201);
    // The admin's company, on Anna's (managerA1's) deal: Anna reads the deal but not the company.
    await deal('admin', 'joined', '250', '2026-03-05T10:00:00+03:00', undefined, { companyId: company.body.id, ownerId: w.users.managerA1.id });
    const definition = {
      source: 'deals',
      joins: ['company'],
      filters: [
        { field: 'title', op: 'contains', value: 'RB-joined' },
        { field: 'company.name', op: 'contains', value: 'Нефть' },
      ],
      groupBy: [{ field: 'company.industry' }],
      measures: [{ fn: 'sum', field: 'amount' }],
      chart: 'pie',
    };
    const head = await run('head', definition);
    expect(head.status, JSON.stringify(head.body)).toBe(200);
    expect(cells(head.body.rows)).toEqual([['Нефть', '250.00']]);
    // For Anna the joined company is invisible, so the filter on its name matches nothing.
    const anna = await run('managerA1', definition);
    expect(anna.body.rows).toEqual([]);
    // Without the company filter her deal counts, under an empty industry.
    const unfiltered = await run('managerA1', { ...definition, filters: [definition.filters[0]] });
    expect(cells(unfiltered.body.rows)).toEqual([[null, '250.00']]);
    // Grouping by the link's id shows the company's name only to whoever may read it.
    const byCompany = await run('head', { ...definition, filters: [definition.filters[0]], groupBy: [{ field: 'companyId' }] });
    expect(byCompany.body.rows[0].labels).toEqual(['ООО Нефть Отчёт']);
    const annaByCompany = await run('managerA1', { ...definition, filters: [definition.filters[0]], groupBy: [{ field: 'companyId' }] });
    expect(annaByCompany.body.rows[0]).toMatchObject({ keys: [company.body.id], labels: [null] });
  });

  it('refuses unknown links and fields, naming them, and fields the viewer may not read', async () => {
    const w = world();
    const cases: [unknown, string, string][] = [
      [{ source: 'deals', joins: ['planet'], measures: [{ fn: 'count' }] }, 'joins[0]', 'planet'],
      [{ source: 'deals', joins: ['company.owner'], measures: [{ fn: 'count' }] }, 'joins[0]', 'owner'],
      [{ source: 'deals', groupBy: [{ field: 'amountt' }] }, 'groupBy[0].field', 'amountt'],
      [{ source: 'deals', groupBy: [{ field: 'company.industry' }] }, 'groupBy[0].field', 'not joined'],
      [{ source: 'deals', joins: ['company'], groupBy: [{ field: 'company.colour' }] }, 'groupBy[0].field', 'colour'],
      [{ source: 'deals', filters: [{ field: 'amount', op: 'gt', value: 'lots' }] }, 'filters[0].value', 'lots'],
      [{ source: 'deals', filters: [{ field: 'wat', op: 'eq', value: '1' }] }, 'filters[0].field', 'wat'],
      [{ source: 'deals', measures: [{ fn: 'sum', field: 'title' }] }, 'measures[0].field', 'title'],
      [{ source: 'deals', groupBy: [{ field: 'amount', bucket: 'month' }] }, 'groupBy[0].bucket', 'date'],
      [{ source: 'deals', groupBy: [{ field: 'tags' }] }, 'groupBy[0].field', 'tags'],
      [{ source: 'deals', chart: 'pivot', groupBy: [{ field: 'stageId' }] }, 'chart', 'pivot'],
      [{ source: 'planets' }, 'source', ''],
      [{ source: 'deals', groupBy: [{ field: 'a' }, { field: 'b' }, { field: 'c' }] }, 'groupBy', 'two'],
    ];
    for (const [definition, field, text] of cases) {
      const response = await run('head', definition);
      expect(response.status, JSON.stringify(definition)).toBe(400);
      expect(response.body.error.details[0].field, JSON.stringify(definition)).toBe(field);
      expect(response.body.error.message, JSON.stringify(definition)).toContain(text);
    }
    // The read-only role loses companies: a report reaching a company field is refused, naming it.
    const roles = await w.as('admin', { method: 'GET', url: '/api/v1/roles' });
    const readOnly = roles.body.data.find((role: { key: string }) => role.key === 'read_only');
    const none = { read: 'none', create: 'none', update: 'none', delete: 'none', export: 'none' };
    const permissions = { settings: none, ...readOnly.permissions, companies: { ...readOnly.permissions.companies, read: 'none' } };
    const patched = await w.as('admin', { method: 'PATCH', url: `/api/v1/roles/${readOnly.id}`, payload: { permissions } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const refused = await run('reader', { source: 'deals', joins: ['company'], groupBy: [{ field: 'company.industry' }] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details[0]).toMatchObject({ field: 'joins[0]', value: 'company' });
    const measure = await run('reader', { source: 'contacts', joins: ['company'], measures: [{ fn: 'distinctCount', field: 'company.inn' }] });
    expect(measure.status).toBe(403);
    expect(measure.body.error.message).toContain('companies');
    expect((await run('reader', { source: 'companies' })).status).toBe(403);
    // The same reader may still report on deals.
    const deals = await run('reader', { source: 'deals', filters: byMonthAndStage.filters });
    expect(deals.status).toBe(200);
    expect(deals.body.rows[0].values[0]).toBe(6);
  });

  it('caps a group-by on a field with many values, with a message naming it', async () => {
    const count = MAX_GROUPS + 20;
    const records = Array.from({ length: count }, (_, index) => ({ title: `RBCAP-${String(index).padStart(4, '0')}`, amount: String(index + 1) }));
    const created = await world().as('head', { method: 'POST', url: '/api/v1/deals', payload: { records } });
    expect(created.status).toBe(201);
    const response = await run('head', { source: 'deals', filters: [{ field: 'title', op: 'contains', value: 'RBCAP-' }], groupBy: [{ field: 'title' }], measures: [{ fn: 'sum', field: 'amount' }], chart: 'table' });
    expect(response.status).toBe(200);
    expect(response.body.capped).toMatchObject({ limit: MAX_GROUPS, groups: count, fields: ['title'] });
    expect(response.body.capped.message).toContain('"title"');
    expect(response.body.rows).toHaveLength(MAX_GROUPS);
    // The largest are kept (amounts 21…520), in the field's order.
    const amounts = response.body.rows.map((row: Row) => Number(row.values[0]));
    expect(Math.min(...amounts)).toBe(21);
    expect(response.body.rows[0].keys[0]).toBe('RBCAP-0020');
    expect(response.body.rows.at(-1).keys[0]).toBe(`RBCAP-${String(count - 1).padStart(4, '0')}`);
  });

  it('drills into a cell: the records behind it, as many as the cell counts, with the viewer\'s rights', async () => {
    const w = world();
    const won = stages.find((stage) => stage.kind === 'won')!;
    const head = await run('head', byMonthAndStage);
    for (const row of head.body.rows as Row[]) {
      const drill = await w.as('head', { method: 'POST', url: '/api/v1/reports/drill', payload: { definition: byMonthAndStage, cell: row.keys } });
      expect(drill.status, JSON.stringify(drill.body)).toBe(200);
      expect(drill.body.total).toBe(row.values[0]);
      expect(drill.body.data).toHaveLength(row.values[0] as number);
      const sum = drill.body.data.reduce((acc: number, record: { values: Record<string, string> }) => acc + Number(record.values.amount), 0);
      expect(sum.toFixed(2)).toBe(row.values[1]);
    }
    const cell = ['2026-02-01', won.id];
    const headDrill = await w.as('head', { method: 'POST', url: '/api/v1/reports/drill', payload: { definition: byMonthAndStage, cell } });
    expect(headDrill.body.data.map((record: { id: string }) => record.id).sort()).toEqual([ids['a1-feb-won'], ids['b1-feb-won']].sort());
    expect(headDrill.body.fields).toEqual(['createdAt', 'stageId', 'amount']);
    const annaDrill = await w.as('managerA1', { method: 'POST', url: '/api/v1/reports/drill', payload: { definition: byMonthAndStage, cell } });
    expect(annaDrill.body).toMatchObject({ total: 1, data: [{ id: ids['a1-feb-won'], name: 'RB-a1-feb-won' }] });
    // Pages follow the cursor.
    const paged = await w.as('head', { method: 'POST', url: '/api/v1/reports/drill', payload: { definition: byMonthAndStage, cell, limit: 1 } });
    expect(paged.body.data).toHaveLength(1);
    const next = await w.as('head', { method: 'POST', url: '/api/v1/reports/drill', payload: { definition: byMonthAndStage, cell, limit: 1, cursor: paged.body.nextCursor } });
    expect(next.body.data).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    expect(next.body.data[0].id).not.toBe(paged.body.data[0].id);
    // An empty value drills into "is empty"; a malformed one is a 400 naming it.
    const bad = await w.as('head', { method: 'POST', url: '/api/v1/reports/drill', payload: { definition: byMonthAndStage, cell: ['February', won.id] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('cell[0]');
    const short = await w.as('head', { method: 'POST', url: '/api/v1/reports/drill', payload: { definition: byMonthAndStage, cell: ['2026-02-01'] } });
    expect(short.body.error.details[0].field).toBe('cell');
  });

  it('saves reports privately or for the team, runs them with the runner\'s rights, and exports XLSX', async () => {
    const w = world();
    const won = stages.find((stage) => stage.kind === 'won')!;
    const saved = await w.as('head', { method: 'POST', url: '/api/v1/reports', payload: { name: 'Выручка по месяцам', visibility: 'team', definition: byMonthAndStage } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({ name: 'Выручка по месяцам', visibility: 'team', ownerId: w.users.head.id, ownerName: 'Ирина Руководитель', isOwner: true });
    const secret = await w.as('head', { method: 'POST', url: '/api/v1/reports', payload: { name: 'Личный', definition: { source: 'deals' } } });
    expect(secret.status).toBe(201);
    // Anna (team A) sees the shared one, not the private one; Bob (team B) neither.
    const annaList = await w.as('managerA1', { method: 'GET', url: '/api/v1/reports' });
    expect(annaList.body.data.map((report: { name: string }) => report.name)).toEqual(['Выручка по месяцам']);
    expect((await w.as('managerB1', { method: 'GET', url: '/api/v1/reports' })).body.data).toEqual([]);
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/reports/${saved.body.id}/run` })).status).toBe(404);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/reports/${secret.body.id}` })).status).toBe(404);
    // Anna runs the head's report and sees her own figures.
    const annaRun = await w.as('managerA1', { method: 'GET', url: `/api/v1/reports/${saved.body.id}/run` });
    expect(annaRun.status).toBe(200);
    expect(annaRun.body.report).toMatchObject({ id: saved.body.id, isOwner: false });
    expect(annaRun.body.rows.find((row: Row) => row.keys[1] === won.id).values).toEqual([1, '700.00']);
    const headRun = await w.as('head', { method: 'GET', url: `/api/v1/reports/${saved.body.id}/run` });
    expect(headRun.body.rows.find((row: Row) => row.keys[1] === won.id).values).toEqual([2, '9700.00']);
    const drill = await w.as('managerA1', { method: 'POST', url: `/api/v1/reports/${saved.body.id}/drill`, payload: { cell: ['2026-02-01', won.id] } });
    expect(drill.body.total).toBe(1);
    // Only the owner changes it; a bad definition is refused whole.
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/reports/${saved.body.id}`, payload: { name: 'Моё' } })).status).toBe(403);
    const badUpdate = await w.as('head', { method: 'PATCH', url: `/api/v1/reports/${saved.body.id}`, payload: { name: 'Новое', definition: { source: 'deals', groupBy: [{ field: 'nope' }] } } });
    expect(badUpdate.status).toBe(400);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/reports/${saved.body.id}` })).body.name).toBe('Выручка по месяцам');
    const renamed = await w.as('head', { method: 'PATCH', url: `/api/v1/reports/${saved.body.id}`, payload: { name: 'Выручка' } });
    expect(renamed.body.name).toBe('Выручка');

    // XLSX: the head's figures; a sales manager has no export right on deals.
    const exported = await w.app.inject({ method: 'GET', url: `/api/v1/reports/${saved.body.id}/export`, headers: { authorization: `Bearer ${w.users.head.token}` } });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'createdAt', 'stageId', 'Количество', 'Сумма: amount']);
    const wonRow = sheet.getRow(5).values as unknown[];
    expect(wonRow.slice(1)).toEqual(['2026-02-01', won.name, 2, 9700]);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/reports/${saved.body.id}/export` })).status).toBe(403);

    expect((await w.as('head', { method: 'DELETE', url: `/api/v1/reports/${secret.body.id}` })).status).toBe(200);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/reports/${secret.body.id}` })).status).toBe(404);
  });

  it('describes the sources, fields and links the builder offers', async () => {
    const metadata = await world().as('managerA1', { method: 'GET', url: '/api/v1/reports/metadata' });
    expect(metadata.status).toBe(200);
    expect(metadata.body.sources).toContain('orderLines');
    const deals = metadata.body.objects.find((object: { key: string }) => object.key === 'deals');
    expect(deals.links.map((link: { name: string }) => link.name)).toEqual(['company', 'contact', 'lead']);
    expect(deals.fields.find((field: { name: string }) => field.name === 'amount')).toEqual({ name: 'amount', type: 'decimal', freeText: false });
  });
});
