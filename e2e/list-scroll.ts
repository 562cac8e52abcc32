/// <reference lib="dom" />
// Frame times while scrolling a list, against a running server with a large data set:
//   npm run crm -- seed --companies 100000 --contacts 2000 --deals 500 --orders 200   (prints the admin login)
//   SCROLL_URL=http://127.0.0.1:3000 SCROLL_EMAIL=admin@ws-….svyaz.local node --import tsx e2e/list-scroll.ts
// Options: SCROLL_PASSWORD (svyaz-demo), SCROLL_LIST (/companies), SCROLL_ROWS (5000), SCROLL_PX (1200 px per frame).
// The grid is scrolled by SCROLL_PX every animation frame until row SCROLL_ROWS is on screen (pages of 100
// load by cursor on the way); prints frame p50/p95/max, frames over 50 ms, how many of those came within
// 150 ms of a page arriving, and the scripts the browser blamed for long animation frames.
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumArgs } from './playwright.config';

const url = process.env.SCROLL_URL ?? 'http://127.0.0.1:3000';
const email = process.env.SCROLL_EMAIL ?? 'admin@demo.svyaz.local';
const password = process.env.SCROLL_PASSWORD ?? 'svyaz-demo';
const list = process.env.SCROLL_LIST ?? '/companies';
const rows = Number(process.env.SCROLL_ROWS ?? 5000);
const px = Number(process.env.SCROLL_PX ?? 1200);

async function main(): Promise<void> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0].split('=').slice(1).join('=');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 }, locale: 'ru-RU' });
  await context.addCookies([{ name: 'svyaz_session', value: cookie, url }]);
  const page = await context.newPage();
  await page.goto(`${url}${list}`);
  await page.waitForSelector('[role="row"][aria-rowindex="2"]', { timeout: 180_000 });
  const result = await page.evaluate(
    async ([target, step]) => {
      const blamed = new Map<string, number>();
      new PerformanceObserver((entries) => {
        for (const entry of entries.getEntries() as (PerformanceEntry & { scripts?: { duration: number; sourceFunctionName: string; sourceURL: string }[] })[]) {
          for (const script of entry.scripts ?? []) {
            const key = `${script.sourceFunctionName || '(anonymous)'} ${script.sourceURL.split('/').pop()}`;
            blamed.set(key, (blamed.get(key) ?? 0) + script.duration);
          }
        }
      }).observe({ type: 'long-animation-frame', buffered: false });
      const grid = document.querySelector('[data-testid="data-grid"]') as HTMLElement;
      const deltas: number[] = [];
      const longAt: number[] = [];
      let last = performance.now();
      const started = last;
      let reached = 0;
      while (performance.now() < started + 150_000 && reached < target) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const now = performance.now();
        deltas.push(now - last);
        if (now - last > 50) longAt.push(now);
        last = now;
        grid.scrollTop += step;
        for (const row of Array.from(grid.querySelectorAll('[role="row"][aria-rowindex]'))) reached = Math.max(reached, Number(row.getAttribute('aria-rowindex')) - 1);
      }
      const sorted = [...deltas].sort((a, b) => a - b);
      const pageEnds = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/v1/')).map((entry) => (entry as PerformanceResourceTiming).responseEnd);
      return {
        rows: reached,
        seconds: Math.round(last - started) / 1000,
        frames: deltas.length,
        p50: Math.round(sorted[Math.floor(sorted.length / 2)]),
        p95: Math.round(sorted[Math.floor(sorted.length * 0.95)]),
        max: Math.round(sorted[sorted.length - 1]),
        over50: longAt.length,
        over50AfterPage: longAt.filter((at) => pageEnds.some((end) => at >= end && at - end < 150)).length,
        blamed: [...blamed.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([script, ms]) => `${script}: ${Math.round(ms)} ms`),
      };
    },
    [rows, px] as const,
  );
  await browser.close();
  console.log(JSON.stringify({ list, px, load: Math.round(loadavg()[0] * 10) / 10, ...result }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
