// The e2e `test`: baseURL is the server global-setup started; helpers to log in through the UI.
import { test as base, expect, type Page } from '@playwright/test';
import { DEMO_ADMIN, PASSWORD, e2eUsers, login } from './api';

export const test = base.extend<{ baseURL: string }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  baseURL: async ({}, use) => {
    const url = process.env.SVYAZ_E2E_URL;
    if (!url) throw new Error('SVYAZ_E2E_URL is not set: run through playwright.config.ts (global-setup starts the server)');
    await use(url);
  },
});
export { expect };

export type Who = 'admin' | keyof typeof e2eUsers;

export function credentials(who: Who): { email: string; password: string } {
  return who === 'admin' ? DEMO_ADMIN : { email: e2eUsers[who].email, password: PASSWORD };
}

export async function logIn(page: Page, who: Who, path = '/'): Promise<void> {
  await page.goto(path);
  const { email, password } = credentials(who);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('form.login-card button[type=submit]').click();
  await expect(page.locator('#login-email')).toHaveCount(0);
}

const sessionCookies = new Map<string, string>();

/** Logs in without the login form (one API login per user and worker: the login is rate-limited). */
export async function signIn(page: Page, baseURL: string, who: Who): Promise<void> {
  let cookie = sessionCookies.get(who);
  if (!cookie) {
    const { email, password } = credentials(who);
    const response = await fetch(`${baseURL}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (!response.ok) throw new Error(`login ${who}: ${response.status}`);
    cookie = (response.headers.get('set-cookie') ?? '').split(';')[0].split('=').slice(1).join('=');
    sessionCookies.set(who, cookie);
  }
  await page.context().addCookies([{ name: 'svyaz_session', value: cookie, url: baseURL }]);
}

const apiSessions = new Map<string, ReturnType<typeof login>>();

/** An API session as this user (cached per worker). */
export function apiAs(baseURL: string, who: Who) {
  if (!apiSessions.has(who)) {
    const { email, password } = credentials(who);
    apiSessions.set(who, login(baseURL, email, password));
  }
  return apiSessions.get(who)!;
}

/** A valid 10-digit INN (legal entity) from 9 random digits and the checksum. */
export function randomInn(): string {
  const digits = Array.from({ length: 9 }, (_, index) => (index === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10)));
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const check = (digits.reduce((sum, digit, index) => sum + digit * weights[index], 0) % 11) % 10;
  return digits.join('') + check;
}

/** +7 9XX XXX-XX-XX with random digits, as E.164. */
export function randomPhone(): string {
  return `+79${Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('')}`;
}

/** A suffix that keeps names unique across runs and parallel workers. */
export function unique(): string {
  return Math.random().toString(36).slice(2, 7);
}
