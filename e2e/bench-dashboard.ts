/// <reference lib="dom" />
// `npm run bench:dashboard` (issue 13: a dashboard with 8 widgets over the demo data, all rendered ≤ 1.5 s
// after navigation): a production build and the real server on PGlite with the demo data; the demo head of
// sales saves 8 reports over deals, activities, tasks, companies and contacts and puts them on one
// dashboard. A fresh browser context navigates to it; the time is from navigation start until every widget
// has its chart drawn (an ECharts canvas, or the table). Reference in the same run: the same 8 saved-report
// runs requested at once over the API (what the widgets wait for). Writes bench/results/dashboard.json and
// the "## Dashboard (issue 13)" section of BENCHMARKS.md.
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumArgs } from './playwright.config';
import { buildWeb, startServer } from './server';
import { DEMO_ADMIN, login } from './api';
import { percentile, replaceSection, writeResult } from '../bench/bench-report';

const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 10);
const HEAD = 'head.moscow@demo.svyaz.local';

const reports = [
  { name: 'Сумма сделок по месяцам', definition: { source: 'deals', groupBy: [{ field: 'createdAt', bucket: 'month' }], measures: [{ fn: 'sum', field: 'amount' }], chart: 'line' } },
  { name: 'Сделки по этапам', definition: { source: 'deals', groupBy: [{ field: 'stageId' }], measures: [{ fn: 'count' }], chart: 'funnel' } },
  { name: 'Сумма по менеджерам', definition: { source: 'deals', groupBy: [{ field: 'ownerId' }], measures: [{ fn: 'sum', field: 'amount' }], chart: 'bar' } },
  { name: 'Открытые, выигранные и проигранные', definition: { source: 'deals', groupBy: [{ field: 'stageKind' }], measures: [{ fn: 'count' }], chart: 'donut' } },
  { name: 'Активности по месяцам', definition: { source: 'activities', groupBy: [{ field: 'createdAt', bucket: 'month' }], measures: [{ fn: 'count' }], chart: 'bar' } },
  { name: 'Задачи по менеджерам', definition: { source: 'tasks', groupBy: [{ field: 'ownerId' }], measures: [{ fn: 'count' }], chart: 'bar' } },
  { name: 'Новые компании по кварталам', definition: { source: 'companies', groupBy: [{ field: 'createdAt', bucket: 'quarter' }], measures: [{ fn: 'count' }], chart: 'line' } },
  { name: 'Контакты по менеджерам', definition: { source: 'contacts', groupBy: [{ field: 'ownerId' }], measures: [{ fn: 'count' }], chart: 'table' } },
];

async function main(): Promise<void> {
  buildWeb();
  const server = await startServer();
  try {
    const head = await login(server.url, HEAD, DEMO_ADMIN.password);
    const ids: string[] = [];
    for (const report of reports) {
      const saved = await head.call('POST', '/reports', { name: report.name, visibility: 'team', definition: report.definition });
      if (saved.status !== 201) throw new Error(`report ${report.name}: ${saved.status} ${JSON.stringify(saved.body)}`);
      ids.push(saved.body.id);
    }
    const board = await head.call('POST', '/dashboards', { name: 'Бенчмарк', visibility: 'team', widgets: ids.map((reportId) => ({ reportId, width: 2 })) });
    if (board.status !== 201) throw new Error(`dashboard: ${board.status} ${JSON.stringify(board.body)}`);

    const reference: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const started = performance.now();
      const answers = await Promise.all(ids.map((id) => head.call('GET', `/reports/${id}/run`)));
      if (answers.some((answer) => answer.status !== 200)) throw new Error('a widget report failed');
      if (run > 0) reference.push(performance.now() - started);
    }
    const cells = (await Promise.all(ids.map((id) => head.call('GET', `/reports/${id}/run`)))).reduce((sum, answer) => sum + (answer.body.rows as unknown[]).length, 0);

    const loginResponse = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: HEAD, password: DEMO_ADMIN.password }) });
    const cookie = (loginResponse.headers.get('set-cookie') ?? '').split(';')[0].split('=').slice(1).join('=');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    const times: number[] = [];
    try {
      for (let run = 0; run <= RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
        await context.addCookies([{ name: 'svyaz_session', value: cookie, url: server.url }]);
        const page = await context.newPage();
        await page.goto(`${server.url}/dashboards/${board.body.id}`);
        await page.waitForFunction(
          (count) => {
            const widgets = Array.from(document.querySelectorAll('[data-testid="dashboard-widget"]'));
            return widgets.length === count && widgets.every((widget) => widget.querySelector('[data-widget-ready] canvas, [data-widget-ready] [data-testid="report-table"]'));
          },
          ids.length,
          { timeout: 60_000, polling: 'raf' },
        ).catch(async (error: unknown) => {
          await page.screenshot({ path: '/tmp/bench-dashboard-timeout.png', fullPage: true });
          throw error;
        });
        const at = await page.evaluate(() => performance.now());
        if (run > 0) times.push(at);
        if (run === RUNS) await page.screenshot({ path: '/tmp/bench-dashboard.png', fullPage: true });
        await context.close();
      }
    } finally {
      await browser.close();
    }
    const result = {
      date: new Date().toISOString(),
      widgets: ids.length,
      cells,
      runs: RUNS,
      rendered: { p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: Math.max(...times) },
      reference: { p50: percentile(reference, 0.5), p95: percentile(reference, 0.95) },
      target: { ms: 1500 },
      load: loadavg()[0],
    };
    writeResult('dashboard.json', result);
    console.log(JSON.stringify(result, null, 2));
    const f = (value: number) => Math.round(value).toString();
    replaceSection(
      '## Dashboard (issue 13)',
      [
        '## Dashboard (issue 13)',
        '',
        `\`npm run bench:dashboard\` (e2e/bench-dashboard.ts): production build, the server on PGlite with the demo data, headless Debian Chromium with software rendering, 2 cores. ${result.date.slice(0, 10)}.`,
        '',
        '| what | measured | reference (same run) | ratio | target |',
        '|---|---|---|---|---|',
        `| A dashboard of ${ids.length} saved reports (deals, activities, tasks, companies, contacts; ${cells} cells) as the demo head of sales: navigation start to every widget drawn (chart canvas or table), fresh browser context each run | p50 ${f(result.rendered.p50)} ms, p95 ${f(result.rendered.p95)} ms, max ${f(result.rendered.max)} ms | the same ${ids.length} report runs requested at once over the API: p50 ${f(result.reference.p50)} ms, p95 ${f(result.reference.p95)} ms | ${(result.rendered.p50 / result.reference.p50).toFixed(1)} (p50) | all widgets ≤ 1,500 ms (p95 ${(result.rendered.p95 / 1500).toFixed(2)} of it) |`,
        '',
        `${RUNS} runs after a warm-up run. The time includes downloading the page's chunks (ECharts among them) into a fresh context, the session check, the dashboard and the ${ids.length} report requests (PGlite answers them one after another), and drawing. 1-minute load at the end: ${result.load.toFixed(1)} (the machine is shared).`,
      ].join('\n'),
    );
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
