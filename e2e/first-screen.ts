/// <reference lib="dom" />
// The JavaScript a user downloads to log in and see their first screen: every .js response (gzipped at
// level 9, as a server would send it) from opening /login until the landing screen of the role is idle,
// in a fresh browser context (nothing cached) with a Russian browser. Used by bench-web.ts.
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';

export interface FirstScreen {
  role: string;
  path: string;
  loginKB: number;
  totalKB: number;
  files: string[];
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function measureFirstScreen(browser: Browser, baseUrl: string, role: string, email: string, password: string): Promise<FirstScreen> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 }, locale: 'ru-RU' });
  const page = await context.newPage();
  const sizes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.endsWith('.js')) return;
    pending.push(
      response.body().then(
        (body) => void sizes.set(response.url(), gzipSync(body, { level: 9 }).length),
        () => undefined,
      ),
    );
  });
  const total = async () => {
    await Promise.all(pending);
    return [...sizes.values()].reduce((sum, size) => sum + size, 0);
  };
  try {
    await page.goto(`${baseUrl}/login`);
    await page.waitForLoadState('networkidle');
    const login = await total();
    await page.locator('#login-email').fill(email);
    await page.locator('#login-password').fill(password);
    await page.locator('form.login-card button[type=submit]').click();
    await page.locator('#login-email').waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1000);
    await page.waitForLoadState('networkidle');
    return { role, path: new URL(page.url()).pathname, loginKB: kb(login), totalKB: kb(await total()), files: [...sizes.keys()].map((url) => new URL(url).pathname) };
  } finally {
    await context.close();
  }
}
