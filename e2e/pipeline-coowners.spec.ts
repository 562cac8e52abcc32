// Issue 16: the weighted pipeline total on the board, and co-owners (card, "shared with me", notification).
// Each test makes its own users, so the language chosen for them shows nowhere else.
import type { Page } from '@playwright/test';
import { test, expect, apiAs, unique } from './fixtures';

const texts = {
  ru: { pipeline: 'Взвешенная воронка', add: 'Добавить соисполнителя', addButton: 'Добавить', shared: 'Поделились со мной', notified: 'Вас добавили соисполнителем: ', bell: /Уведомления/ },
  en: { pipeline: 'Weighted pipeline', add: 'Add a co-owner', addButton: 'Add', shared: 'Shared with me', notified: 'You are now a co-owner: ', bell: /Notifications/ },
} as const;

async function newUser(baseURL: string, role: string, locale: 'ru' | 'en') {
  const admin = await apiAs(baseURL, 'admin');
  const suffix = unique().toLowerCase().replace(/[^a-z0-9]/g, '');
  const user = { email: `${role}-${suffix}@e2e.svyaz.local`, name: `${role === 'head_of_sales' ? 'Руководитель' : 'Менеджер'} ${suffix}`, password: 'co-owner-password-1', role, locale };
  const created = await admin.call('POST', '/users', user);
  expect(created.status).toBe(201);
  return { ...user, id: created.body.id as string };
}

async function signInAs(page: Page, baseURL: string, user: { email: string; password: string }) {
  const response = await fetch(`${baseURL}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }) });
  expect(response.ok).toBe(true);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  await page.context().clearCookies();
  await page.context().addCookies([{ name: 'svyaz_session', value: cookie.split('=').slice(1).join('='), url: baseURL }]);
  return {
    call: async (method: string, path: string, body?: unknown) => {
      const answer = await fetch(`${baseURL}/api/v1${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: answer.status, body: await answer.json().catch(() => null) };
    },
  };
}

for (const locale of ['ru', 'en'] as const) {
  const text = texts[locale];
  test(`${locale}: the board's weighted total follows a moved deal; a co-owner is told and finds the company shared`, async ({ page, baseURL }) => {
    const admin = await apiAs(baseURL, 'admin');
    const head = await newUser(baseURL, 'head_of_sales', locale);
    const manager = await newUser(baseURL, 'sales_manager', locale);
    const pipeline = await admin.call('POST', '/pipelines', { name: `Взвешенная ${unique()}`, stages: [{ name: 'Квалификация', probability: 10 }, { name: 'КП', probability: 50 }, { name: 'Won', kind: 'won', probability: 100 }] });
    expect(pipeline.status).toBe(201);
    const [first, second] = pipeline.body.stages as { id: string; name: string }[];

    const headApi = await signInAs(page, baseURL, head);
    const deal = await headApi.call('POST', '/deals', { title: `Станки ${unique()}`, amount: '100000', pipelineId: pipeline.body.id, stageId: first.id });
    expect(deal.status).toBe(201);
    await page.goto('/pipeline');
    await page.locator('#board-pipeline').selectOption(pipeline.body.id);
    const total = page.getByTestId('board-weighted-total');
    await expect(total).toContainText(text.pipeline);
    // 100 000 × 10 % in the first stage, × 50 % after the move; Russian groups thousands with a space.
    const amount = (value: string) => new RegExp(locale === 'ru' ? `${value.replace(' ', '\\s')}\\s₽` : `RUB\\s${value.replace(' ', ',')}`);
    await expect(total).toContainText(amount('10 000'));
    await page.locator(`[data-deal-id="${deal.body.id}"]`).getByRole('combobox').selectOption(second.id);
    await expect(total).toContainText(amount('50 000'));
    await expect(page.locator(`[data-stage-id="${second.id}"] [data-testid="stage-weighted"]`)).toContainText(amount('50 000'));
    await page.reload();
    await page.locator('#board-pipeline').selectOption(pipeline.body.id);
    await expect(page.getByTestId('board-weighted-total')).toContainText(amount('50 000'));
    await page.screenshot({ path: `test-results/pipeline-board-${locale}.png`, fullPage: true });

    const companyName = `ООО «Общая ${unique()}»`;
    const company = await headApi.call('POST', '/companies', { name: companyName });
    expect(company.status).toBe(201);
    await page.goto(`/companies/${company.body.id}`);
    await page.getByLabel(text.add).selectOption(manager.id);
    await page.getByTestId('co-owners').getByRole('button', { name: text.addButton, exact: true }).click();
    await expect(page.getByTestId('co-owners')).toContainText(manager.name);

    await signInAs(page, baseURL, manager);
    await page.goto('/companies');
    await page.getByRole('button', { name: text.shared }).click();
    await expect(page.getByRole('link', { name: companyName })).toBeVisible();
    await page.getByRole('button', { name: text.bell }).click();
    await expect(page.getByText(`${text.notified}${companyName}`)).toBeVisible();
  });
}
