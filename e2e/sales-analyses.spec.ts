// Sales analyses on the demo data: the figures on screen are the API's (computed over what the viewer may read),
// the funnel leads to the forecast of the same pipeline, and every tab opens with its chart and table.
import type { Locator } from '@playwright/test';
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { PASSWORD } from './api';

/** '1 234 567,50 ₽' -> 1234567.5 */
const amountOf = (text: string | null) => Number((text ?? '').replace(/[^\d,.-]/g, '').replace(',', '.'));
const rowOf = (card: Locator, name: string) => card.locator('tbody tr').filter({ has: card.page().locator('th', { hasText: new RegExp(`^${name}$`) }) });

test('a head of sales goes from the funnel to the forecast and through every tab', async ({ page, baseURL }) => {
  const head = await apiAs(baseURL, 'head');
  const funnel = await head.call('GET', '/analyses/funnel?tz=%2B03:00');
  expect(funnel.status).toBe(200);
  expect(funnel.body.totals.deals).toBeGreaterThan(0);

  await signIn(page, baseURL, 'head');
  await page.goto('/sales-analyses');
  await expect(page).toHaveURL(/\/sales-analyses\/funnel$/);
  await expect(page.getByRole('heading', { name: 'Аналитика продаж', level: 1 })).toBeVisible();
  // The head starts with their own team (only the e2e users): all teams show the demo's sellers.
  await page.locator('#analyses-team').selectOption('');
  const card = page.locator('[data-analysis="funnel"]');
  await expect(card.getByRole('img', { name: /Воронка/ })).toBeVisible();
  const first = funnel.body.stages[0];
  await expect(rowOf(card, first.name).locator('td').first()).toHaveText(new RegExp(`^${first.reached.toLocaleString('ru-RU').replace(/\s/g, '\\s')}$`));
  await expect(page.locator('[data-analysis="stage-time"]').getByRole('img')).toBeVisible();
  await expect(page.locator('[data-analysis="reasons"] tbody tr')).toHaveCount(funnel.body.lostReasons.length);

  await page.getByRole('button', { name: 'Прогноз по этой воронке' }).click();
  await expect(page).toHaveURL(/\/sales-analyses\/forecast$/);
  await expect(page.locator('#analyses-pipeline')).toHaveValue(funnel.body.pipeline.id);
  const forecast = await head.call('GET', `/analyses/forecast?tz=%2B03:00&pipelineId=${funnel.body.pipeline.id}`);
  expect(forecast.status).toBe(200);
  const kpi = page.locator('.kpi').filter({ hasText: 'По вероятности стадии' }).locator('strong');
  await expect(kpi).not.toHaveText('');
  expect(amountOf(await kpi.textContent())).toBeCloseTo(Number(forecast.body.totals.weighted), 2);
  const forecastCard = page.locator('[data-analysis="forecast"]');
  await expect(forecastCard.getByRole('img')).toBeVisible();
  // Six months ahead plus the overdue, later and undated rows; the plan column shows the head's won-amount plans
  // (e2e/plans.spec.ts may have set some in this workspace), or that none is set.
  await expect(forecastCard.locator('tbody tr')).toHaveCount(forecast.body.months.length + 3);
  const planCell = forecastCard.locator('tbody tr').first().locator('td').last();
  if (forecast.body.months[0].plan === null) await expect(planCell).toHaveText('План не задан');
  else await expect(planCell).toHaveText(/\d[\d\s\u00a0]*(,\d+)?\s?₽/);
  await expect(page.locator('[data-analysis="rates"] tbody tr')).toHaveCount(forecast.body.rates.length);
  await expect(page.locator('[data-analysis="accuracy"] tbody tr')).toHaveCount(forecast.body.accuracy.length);

  const tabs: [string, string][] = [
    ['Цикл сделки', 'cycle'],
    ['Регионы', 'regions'],
    ['Источники лидов', 'sources'],
    ['Повторные покупки', 'segments'],
    ['Покупки', 'purchases'],
  ];
  for (const [name, id] of tabs) {
    await page.locator('nav.subnav').getByRole('link', { name, exact: true }).click();
    const tab = page.locator(`[data-analysis="${id}"]`);
    await expect(tab.getByRole('img'), name).toBeVisible();
    await expect(tab.locator('tbody tr').first(), name).toBeVisible();
  }
  // Repeat purchases: the seven named segments, as many customers in them as the API counts.
  const customers = await head.call('GET', '/analyses/customers?tz=%2B03:00');
  const segments = page.locator('[data-analysis="segments"]');
  await page.locator('nav.subnav').getByRole('link', { name: 'Повторные покупки', exact: true }).click();
  await expect(segments.locator('tbody tr')).toHaveCount(7);
  await expect(rowOf(segments, 'Чемпионы').locator('td').first()).toHaveText(
    new RegExp(`^${customers.body.segments.find((row: { segment: string }) => row.segment === 'champions').customers.toLocaleString('ru-RU').replace(/\s/g, '\\s')}$`),
  );
  // Purchases regrouped by month.
  await page.locator('nav.subnav').getByRole('link', { name: 'Покупки', exact: true }).click();
  await page.locator('#purchases-by').selectOption('month');
  await expect(page.locator('[data-analysis="purchases"] h2')).toHaveText('Покупки: Месяц');
  const months = await head.call('GET', '/analyses/purchases?tz=%2B03:00&by=month');
  await expect(page.locator('[data-analysis="purchases"] tbody tr')).toHaveCount(months.body.rows.length);
  await expect(page.locator('[data-analysis="purchases"] tbody tr th').first()).toHaveText(/^[а-яё]+ \d{4}/i);
});

test('a sales manager sees only their own figures', async ({ page, baseURL }) => {
  const manager = await apiAs(baseURL, 'managerA');
  const head = await apiAs(baseURL, 'head');
  const own = await manager.call('GET', '/analyses/funnel?tz=%2B03:00');
  const all = await head.call('GET', '/analyses/funnel?tz=%2B03:00');
  expect(own.body.totals.deals).toBeLessThan(all.body.totals.deals);
  await signIn(page, baseURL, 'managerA');
  await page.goto('/sales-analyses/funnel');
  const kpi = page.locator('.kpi').filter({ hasText: 'Сделки' }).locator('strong');
  await expect(kpi).toHaveText(new RegExp(`^${own.body.totals.deals}$`));
});

test('the analyses speak English to a user who reads English', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const email = `analyst-${unique()}@e2e.svyaz.local`;
  const created = await admin.call('POST', '/users', { email, name: 'Alex Analyst', password: PASSWORD, role: 'head_of_sales', locale: 'en' });
  expect(created.status).toBe(201);
  const response = await fetch(`${baseURL}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(response.ok).toBe(true);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0].split('=').slice(1).join('=');
  await page.context().addCookies([{ name: 'svyaz_session', value: cookie, url: baseURL }]);
  await page.goto('/sales-analyses/funnel');
  await expect(page.getByRole('heading', { name: 'Sales analyses', level: 1 })).toBeVisible();
  await expect(page.locator('[data-analysis="stage-time"] h2')).toHaveText('Median time per stage');
  await page.getByRole('button', { name: 'Forecast for this pipeline' }).click();
  await expect(page.locator('.kpi').filter({ hasText: 'By historical rates' })).toBeVisible();
  await expect(page.locator('[data-analysis="accuracy"] h2')).toHaveText('Forecast accuracy');
  await page.locator('nav.subnav').getByRole('link', { name: 'Repeat purchases', exact: true }).click();
  await expect(page.locator('[data-analysis="segments"] tbody tr').first().locator('th')).toHaveText('Champions');
});
