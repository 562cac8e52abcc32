/// <reference lib="dom" />
// `npm run bench:web`: the gzipped size of the JS the login route loads, and the time to the first
// rendered row of the companies list (browser navigation to first data row) against a server with
// demo data plus BENCH_WEB_ROWS generated companies, beside the bare API request for the same page
// (the reference, measured in the same run). Also the frame times while scrolling the virtualised list
// through BENCH_WEB_SCROLL_ROWS rows. Writes bench/results/web.json and BENCHMARKS.md "## Web app (issue 3)".
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumArgs } from './playwright.config';
import { buildWeb, repoRoot, startServer } from './server';
import { DEMO_ADMIN, login } from './api';
import { createDemoData, createManyCompanies } from './demo-data';
import { measureFirstScreen, type FirstScreen } from './first-screen';

const ROWS = Number(process.env.BENCH_WEB_ROWS ?? 100_000);
const SCROLL_ROWS = Number(process.env.BENCH_WEB_SCROLL_ROWS ?? 20_000);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const dist = path.join(repoRoot, 'packages/web/dist');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** The entry script, its static imports (modulepreload) and the CSS of index.html, and the lazy chunk of a route. */
function measureSizes() {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
  const sizes = files.map((file) => {
    const content = readFileSync(path.join(dist, file));
    return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
  });
  const js = sizes.filter((item) => item.file.endsWith('.js'));
  return { files: sizes, jsGzip: js.reduce((sum, item) => sum + item.gzip, 0), jsRaw: js.reduce((sum, item) => sum + item.bytes, 0), cssGzip: sizes.filter((item) => item.file.endsWith('.css')).reduce((sum, item) => sum + item.gzip, 0) };
}

async function main(): Promise<void> {
  buildWeb();
  const sizes = measureSizes();
  console.log(`login route: ${kb(sizes.jsGzip)} KB JS gzipped (${kb(sizes.jsRaw)} KB raw), ${kb(sizes.cssGzip)} KB CSS gzipped`);
  const server = await startServer();
  try {
    const admin = await login(server.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
    await createDemoData(admin);
    const seedStart = Date.now();
    await createManyCompanies(admin, ROWS);
    console.log(`${ROWS} companies created in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
    const total = (await admin.call('GET', '/companies?limit=1&count=true')).body.total as number;

    // Reference: the bare API request for the page the list asks for first.
    const query = '/companies?limit=100&sort=-createdAt&fields=id,name,inn,industry,city,phones,ownerId,createdAt';
    const apiTimes: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const started = performance.now();
      const response = await admin.call('GET', query);
      if (response.status !== 200) throw new Error(`list: ${response.status}`);
      if (run > 0) apiTimes.push(performance.now() - started);
    }

    const loginResponse = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_ADMIN) });
    const cookie = (loginResponse.headers.get('set-cookie') ?? '').split(';')[0].split('=').slice(1).join('=');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    // Login plus the first screen of each role, as downloaded by a fresh browser (the seeded demo users).
    const firstScreens: FirstScreen[] = [];
    for (const [role, email] of [['sales manager', 'manager1@demo.svyaz.local'], ['head of sales', 'head.moscow@demo.svyaz.local'], ['administrator', DEMO_ADMIN.email]]) {
      const probe = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_ADMIN.password }) });
      if (!probe.ok) continue;
      firstScreens.push(await measureFirstScreen(browser, server.url, role, email, DEMO_ADMIN.password));
      console.log(`${role}: login + ${firstScreens.at(-1)!.path} ${firstScreens.at(-1)!.totalKB} KB JS gzipped`);
    }
    const renderTimes: number[] = [];
    let frames: { p50: number; p95: number; max: number; over50: number; count: number; rows: number } | null = null;
    for (let run = 0; run < RUNS + 1; run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 820 }, locale: 'ru-RU' });
      await context.addCookies([{ name: 'svyaz_session', value: cookie, url: server.url }]);
      const page = await context.newPage();
      await page.addInitScript(() => {
        const observer = new MutationObserver(() => {
          if (document.querySelector('[role="row"][aria-rowindex="2"]')) {
            (window as unknown as { firstRowAt: number }).firstRowAt = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      await page.goto(`${server.url}/companies`);
      await page.waitForSelector('[role="row"][aria-rowindex="2"]', { timeout: 180_000 });
      const firstRowAt = await page.evaluate(() => (window as unknown as { firstRowAt: number }).firstRowAt);
      if (run > 0) renderTimes.push(firstRowAt);
      if (run === RUNS) {
        // Scroll the virtualised grid; the next pages arrive by cursor while it scrolls.
        frames = await page.evaluate(async (targetRows) => {
          const grid = document.querySelector('[data-testid="data-grid"]') as HTMLElement;
          const deltas: number[] = [];
          let last = performance.now();
          const deadline = last + 120_000;
          while (grid.querySelectorAll('[role="row"]').length && performance.now() < deadline) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
            const now = performance.now();
            deltas.push(now - last);
            last = now;
            grid.scrollTop += 1200;
            const rows = Array.from(grid.querySelectorAll('[role="row"][aria-rowindex]')).map((row) => Number(row.getAttribute('aria-rowindex')));
            if (Math.max(...rows) - 1 >= targetRows) break;
          }
          const sorted = [...deltas].sort((a, b) => a - b);
          const rows = Array.from(grid.querySelectorAll('[role="row"][aria-rowindex]')).map((row) => Number(row.getAttribute('aria-rowindex')));
          return { p50: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.floor(sorted.length * 0.95)], max: sorted[sorted.length - 1], over50: deltas.filter((delta) => delta > 50).length, count: deltas.length, rows: Math.max(...rows) - 1 };
        }, SCROLL_ROWS);
      }
      await context.close();
    }
    await browser.close();
    const load = Math.round(loadavg()[0] * 10) / 10;

    const result = {
      load,
      date: new Date().toISOString(),
      machine: '2 cores, PGlite, headless Debian Chromium (software rendering)',
      loginRoute: { jsGzipKB: kb(sizes.jsGzip), jsRawKB: kb(sizes.jsRaw), cssGzipKB: kb(sizes.cssGzip), files: sizes.files },
      list: { rows: total, runs: RUNS, firstRowMs: Math.round(median(renderTimes)), apiMs: Math.round(median(apiTimes) * 10) / 10, ratio: Math.round((median(renderTimes) / median(apiTimes)) * 10) / 10, renderTimes, apiTimes },
      scroll: frames,
      firstScreens,
    };
    mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
    writeFileSync(path.join(repoRoot, 'bench/results/web.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify({ loginRoute: result.loginRoute.jsGzipKB, list: { ...result.list, renderTimes: undefined, apiTimes: undefined }, scroll: frames }, null, 2));
    writeSection(result);
  } finally {
    await server.stop();
  }
}

function writeSection(result: { load: number; date: string; firstScreens: FirstScreen[]; loginRoute: { jsGzipKB: number; jsRawKB: number; cssGzipKB: number }; list: { rows: number; runs: number; firstRowMs: number; apiMs: number; ratio: number }; scroll: { p50: number; p95: number; max: number; over50: number; count: number; rows: number } | null }) {
  const round = (value: number) => Math.round(value * 10) / 10;
  const lines = [
    '## Web app (issue 3)',
    '',
    'Written by `npm run bench:web` (e2e/bench-web.ts, JSON in bench/results/web.json): a production build, the real server on PGlite,',
    `headless Debian Chromium with software rendering, 2 cores; medians of ${result.list.runs} runs after a warm-up run. ${result.date.slice(0, 10)}.`,
    `The machine's load average at the end of the run was ${result.load} (other suites shared the 2 cores), so times are pessimistic.`,
    '',
    '| what | measured | reference (same run) | ratio |',
    '|---|---|---|---|',
    `| JS the login route loads (entry + preloaded chunks), gzipped | ${result.loginRoute.jsGzipKB} KB (${result.loginRoute.jsRawKB} KB raw; CSS ${result.loginRoute.cssGzipKB} KB gz) | budget 300 KB | ${round(result.loginRoute.jsGzipKB / 300)} |`,
    ...result.firstScreens.map(
      (screen) => `| JS downloaded to log in and see the first screen, ${screen.role} (${screen.path}), gzipped, fresh browser | ${screen.totalKB} KB (login page alone ${screen.loginKB} KB) | budget 300 KB | ${round(screen.totalKB / 300)} |`,
    ),
    `| Companies list: navigation to the first rendered row, ${result.list.rows.toLocaleString('en')} companies | ${result.list.firstRowMs} ms | the bare API request for that first page: ${result.list.apiMs} ms | ${result.list.ratio} |`,
  ];
  if (result.scroll) {
    lines.push(
      `| Scrolling the virtualised list 1,200 px per frame through ${result.scroll.rows.toLocaleString('en')} rows (pages of 100 loaded by cursor on the way) | frame p50 ${round(result.scroll.p50)} ms, p95 ${round(result.scroll.p95)} ms, max ${round(result.scroll.max)} ms; ${result.scroll.over50} of ${result.scroll.count} frames over 50 ms | 60 fps = 16.7 ms | ${round(result.scroll.p95 / 16.7)} (p95) |`,
    );
  }
  lines.push('', 'Every other screen (lists, card, board, dashboard with ECharts, settings) is its own chunk, loaded when opened.', '');
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = existing.indexOf('## Web app (issue 3)');
  const section = lines.join('\n');
  let updated: string;
  if (start < 0) updated = existing.trimEnd() + '\n\n' + section;
  else {
    const next = existing.indexOf('\n## ', start + 1);
    updated = existing.slice(0, start) + section + (next < 0 ? '' : '\n' + existing.slice(next + 1));
  }
  writeFileSync(file, updated.endsWith('\n') ? updated : updated + '\n');
  console.log('BENCHMARKS.md: ## Web app (issue 3) updated');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
