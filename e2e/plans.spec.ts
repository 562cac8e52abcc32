// Plans in both languages. Russian: the head of sales sets this month's plan for Anna in the plans grid; Anna wins a
// deal (through the API), and the head's open plans page moves her progress bar and the leaderboard without a reload
// (the progress stream). English: see the second test.
import type { Page } from '@playwright/test';
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { e2eUsers, login } from './api';

test('a won deal moves the manager’s progress bar and the leaderboard in the head’s browser, live', async ({ page, baseURL }) => {
  const head = await apiAs(baseURL, 'head');
  const anna = await apiAs(baseURL, 'managerA');
  const annaId = (await anna.call('GET', '/auth/me')).body.user.id as string;
  const target = 10_000_000;
  const amount = 4_000_000;

  await signIn(page, baseURL, 'head');
  await page.goto('/plans/grid');
  await expect(page.getByRole('heading', { name: 'Задать планы' })).toBeVisible();
  await page.getByLabel('Период').selectOption({ label: 'Этот месяц' });
  const cell = page.getByLabel(`План: ${e2eUsers.managerA.name}`);
  await cell.fill(String(target));
  await page.getByRole('button', { name: 'Сохранить планы' }).click();
  await expect(page.getByText('Планы сохранены')).toBeVisible();

  // A negative target is refused beside the cell, and nothing is saved.
  await cell.fill('-5');
  await page.getByRole('button', { name: 'Сохранить планы' }).click();
  await expect(page.locator('.field-error')).toContainText('must not be negative');
  const plans = await head.call('GET', `/plans?userId=${annaId}&measure=won_amount`);
  const plan = plans.body.data.find((item: { periodKind: string }) => item.periodKind === 'month');
  expect(plan.target).toBe(target);

  await page.goto('/plans');
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const bar = page.locator(`[data-plan-id="${plan.id}"] [role=progressbar]`);
  await expect(bar).toBeVisible();
  const before = Number(await bar.getAttribute('aria-valuenow'));
  expect(before).toBe(Math.round(plan.percent));
  const row = page.locator(`.leaderboard-table tr[data-user-id="${annaId}"]`);
  await expect(row).toBeVisible();
  const pointsBefore = Number(await row.locator('td.points').textContent());

  const pipelines = await anna.call('GET', '/pipelines');
  const won = pipelines.body.data[0].stages.find((stage: { kind: string }) => stage.kind === 'won').id;
  const deal = await anna.call('POST', '/deals', { title: `Победа ${unique()}`, amount: String(amount) });
  expect(deal.status).toBe(201);
  expect((await anna.call('POST', `/deals/${deal.body.id}/move`, { stageId: won })).status).toBe(200);

  // 4,000,000 of 10,000,000 is 40 points of the bar; a win is 50 points on the leaderboard.
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 5000 }).toBeGreaterThanOrEqual(before + 40);
  await expect.poll(async () => Number(await row.locator('td.points').textContent()), { timeout: 5000 }).toBeGreaterThanOrEqual(pointsBefore + 50);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // Anna sees her own progress bar on her desk.
  const annaPage = await page.context().browser()!.newPage();
  await signIn(annaPage, baseURL, 'managerA');
  await annaPage.goto('/my');
  await expect(annaPage.getByRole('heading', { name: 'Мои планы' })).toBeVisible();
  await expect(annaPage.locator(`[data-plan-id="${plan.id}"] [role=progressbar]`)).toHaveAttribute('aria-valuenow', /\d+/);
  expect(Number(await annaPage.locator(`[data-plan-id="${plan.id}"] [role=progressbar]`).getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(before + 40);
  await annaPage.close();
});

// The plans journey in English (issue 13: "in Russian and English"). A head of sales of a team of their own, with
// English as their language (a user of its own: the shared head's language would leak into other tests), sets
// next month's plan and this month's in the plans grid; the manager wins a deal, and the head's open plans page
// moves the progress bar and the leaderboard without a reload; the team dashboard shows the same bar.
const password = 'english-plans-password-1';

async function signInAs(page: Page, baseURL: string, email: string): Promise<void> {
  const response = await fetch(`${baseURL}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(response.ok).toBe(true);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0].split('=').slice(1).join('=');
  await page.context().addCookies([{ name: 'svyaz_session', value: cookie, url: baseURL }]);
}

function monthStart(offset: number): string {
  // The browser runs in Europe/Moscow (playwright.config.ts), as does the plans grid's "this month".
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1 + offset, 1));
  return date.toISOString().slice(0, 10);
}

test('in English, a head sets next month’s and this month’s plans and watches the bar and the leaderboard move as a deal is won', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const suffix = unique().toLowerCase().replace(/[^a-z0-9]/g, '');
  const headEmail = `en-head-${suffix}@e2e.svyaz.local`;
  const managerEmail = `en-manager-${suffix}@e2e.svyaz.local`;
  const managerName = `Emma Seller ${suffix}`;
  const head = await admin.call('POST', '/users', { email: headEmail, name: `Harold Head ${suffix}`, password, role: 'head_of_sales', locale: 'en' });
  expect(head.status, JSON.stringify(head.body)).toBe(201);
  const manager = await admin.call('POST', '/users', { email: managerEmail, name: managerName, password, role: 'sales_manager', locale: 'en' });
  expect(manager.status, JSON.stringify(manager.body)).toBe(201);
  const team = await admin.call('POST', '/teams', { name: `Export desk ${suffix}`, headUserId: head.body.id });
  expect(team.status, JSON.stringify(team.body)).toBe(201);
  for (const id of [head.body.id, manager.body.id]) expect((await admin.call('PATCH', `/users/${id}`, { teamId: team.body.id })).status).toBe(200);
  const headApi = await login(baseURL, headEmail, password);
  const managerApi = await login(baseURL, managerEmail, password);

  await signInAs(page, baseURL, headEmail);
  await page.goto('/plans/grid');
  await expect(page.getByRole('heading', { name: 'Set plans' })).toBeVisible();
  const cell = page.getByLabel(`Target: ${managerName}`);

  // Next month first: the plan the head is preparing.
  await page.getByLabel('Period').selectOption({ label: 'Next month' });
  await cell.fill('5000000');
  await page.getByRole('button', { name: 'Save plans' }).click();
  await expect(page.getByText('Plans saved')).toBeVisible();
  const next = await headApi.call('GET', `/plans?userId=${manager.body.id}&measure=won_amount&periodKind=month&date=${monthStart(1)}&tz=%2B03:00`);
  expect(next.body.data.map((plan: { periodStart: string; target: number }) => [plan.periodStart, plan.target])).toEqual([[monthStart(1), 5_000_000]]);
  // A negative target is refused beside the cell, in English, and nothing changes.
  await cell.fill('-1');
  await page.getByRole('button', { name: 'Save plans' }).click();
  await expect(page.locator('.field-error')).toContainText('must not be negative');

  // This month's plan, which the won deal moves.
  await page.getByLabel('Period').selectOption({ label: 'This month' });
  await expect(cell).toHaveValue('');
  await cell.fill('2000000');
  await page.getByRole('button', { name: 'Save plans' }).click();
  await expect(page.getByText('Plans saved').first()).toBeVisible();
  const current = await headApi.call('GET', `/plans?userId=${manager.body.id}&measure=won_amount&tz=%2B03:00`);
  const plan = current.body.data.find((item: { periodStart: string }) => item.periodStart === monthStart(0));
  expect(plan.target).toBe(2_000_000);

  await page.getByRole('link', { name: 'Progress' }).click();
  await expect(page.getByRole('heading', { name: /Team plans/ })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const bar = page.locator(`[data-plan-id="${plan.id}"] [role=progressbar]`);
  await expect(bar).toHaveAttribute('aria-valuenow', '0');
  await expect(bar).toHaveAttribute('aria-label', /Won amount: .* of /);
  const board = page.getByRole('table', { name: 'Leaderboard' });
  const row = board.locator(`tr[data-user-id="${manager.body.id}"]`);
  await expect(row.locator('td.points')).toHaveText('0');

  const pipelines = await managerApi.call('GET', '/pipelines');
  const won = pipelines.body.data[0].stages.find((stage: { kind: string }) => stage.kind === 'won').id;
  const deal = await managerApi.call('POST', '/deals', { title: `Export win ${suffix}`, amount: '1500000' });
  expect(deal.status).toBe(201);
  expect((await managerApi.call('POST', `/deals/${deal.body.id}/move`, { stageId: won })).status).toBe(200);

  // 1,500,000 of 2,000,000 is 75 %; a won deal is 50 points, and the manager is first on the board.
  await expect(bar).toHaveAttribute('aria-valuenow', '75', { timeout: 5000 });
  await expect(row.locator('td.points')).toHaveText('50', { timeout: 5000 });
  await expect(row.locator('td').first()).toHaveText('1');
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // The team dashboard, in English, shows the same bar for the head's team.
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Team dashboard' })).toBeVisible();
  const plans = page.getByRole('region', { name: /Team plans/ });
  await expect(plans.locator(`[data-plan-id="${plan.id}"] [role=progressbar]`)).toHaveAttribute('aria-valuenow', '75');
  await expect(plans.getByRole('link', { name: 'All plans, leaderboard and competitions' })).toBeVisible();
});
