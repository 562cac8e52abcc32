import { test, expect, signIn, apiAs, unique } from './fixtures';
import { login } from './api';

interface Pipeline {
  id: string;
  name: string;
  isDefault: boolean;
  stages: { id: string; name: string; kind: string }[];
}

async function defaultPipeline(baseURL: string): Promise<Pipeline> {
  const admin = await apiAs(baseURL, 'admin');
  const list = await admin.call('GET', '/pipelines');
  return (list.body.data as Pipeline[]).find((pipeline) => pipeline.isDefault)!;
}

test('an admin adds a reason, a manager loses a deal with it on the board, the report shows it and opens the deal', async ({ page, baseURL }) => {
  const pipeline = await defaultPipeline(baseURL);
  const lostStage = pipeline.stages.find((stage) => stage.kind === 'lost')!;
  const label = `Не устроили сроки ${unique()}`;

  await signIn(page, baseURL, 'admin');
  await page.goto('/settings/pipelines');
  const section = page.locator(`section.lost-reasons-settings[data-pipeline="${pipeline.name}"]`);
  await expect(section.locator('[data-reason="Дорого"]')).toBeVisible();
  await section.getByLabel('Новая причина').fill(label);
  await section.getByRole('button', { name: 'Добавить причину' }).click();
  await expect(section.locator(`[data-reason="${label}"]`)).toBeVisible();

  const manager = await apiAs(baseURL, 'managerA');
  const title = `Проигранная ${unique()}`;
  const deal = await manager.call('POST', '/deals', { title, amount: '123000' });
  expect(deal.status).toBe(201);

  await page.context().clearCookies();
  await signIn(page, baseURL, 'managerA');
  await page.goto('/pipeline');
  const card = page.locator(`[data-deal-id="${deal.body.id}"]`);
  await expect(card).toBeVisible();
  await card.getByRole('combobox').selectOption({ label: lostStage.name });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: `Почему проиграна сделка «${title}»?` })).toBeVisible();
  const confirm = dialog.getByRole('button', { name: 'Отметить проигранной' });
  await expect(confirm).toBeDisabled();
  // "Другое" needs a comment before the deal can be lost.
  await dialog.getByRole('radio', { name: 'Другое' }).check();
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('radio', { name: label }).check();
  await dialog.getByLabel('Комментарий (необязательно)').fill('Нужно было за неделю');
  await confirm.click();
  await expect(page.getByText(`Перенесено на «${lostStage.name}»`)).toBeVisible();
  await expect(page.locator(`[data-stage-id="${lostStage.id}"] [data-deal-id="${deal.body.id}"]`)).toBeVisible();
  const stored = await manager.call('GET', `/deals/${deal.body.id}`);
  expect(stored.body).toMatchObject({ lostReasonLabel: label, lostReason: 'Нужно было за неделю', stageKind: 'lost' });

  await page.goto('/sales-analyses/lostReasons');
  const table = page.getByRole('table', { name: /Почему проигрываем сделки/ });
  const row = table.getByRole('row').filter({ hasText: label });
  await expect(row).toContainText('1');
  await row.getByRole('link', { name: `Показать сделки, проигранные по причине «${label}»` }).click();
  await expect(page).toHaveURL(/\/deals\?/);
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByTestId('deal-lost-reason')).toContainText(label);
  await expect(page.getByTestId('deal-lost-reason')).toContainText('Нужно было за неделю');
});

test('in English the default reasons are translated in the dialog and the report', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const suffix = unique().toLowerCase().replace(/[^a-z0-9]/g, '');
  const email = `lost-${suffix}@e2e.svyaz.local`;
  const password = 'lost-reasons-password-1';
  const created = await admin.call('POST', '/users', { email, name: `Loser ${suffix}`, password, role: 'sales_manager', locale: 'en' });
  expect(created.status).toBe(201);
  const api = await login(baseURL, email, password);
  const pipeline = await defaultPipeline(baseURL);
  const lostStage = pipeline.stages.find((stage) => stage.kind === 'lost')!;
  const title = `Lost in English ${suffix}`;
  const deal = await api.call('POST', '/deals', { title, amount: '5000' });
  expect(deal.status).toBe(201);

  await page.goto('/pipeline');
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('form.login-card button[type=submit]').click();
  const card = page.locator(`[data-deal-id="${deal.body.id}"]`);
  await expect(card).toBeVisible();
  await card.getByRole('combobox').selectOption({ label: lostStage.name });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: `Why was “${title}” lost?` })).toBeVisible();
  await dialog.getByRole('radio', { name: 'Other' }).check();
  await expect(dialog.getByText('Say what happened: this reason needs a comment.')).toBeVisible();
  await dialog.getByRole('radio', { name: 'Too expensive' }).check();
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  await expect(page.locator(`[data-stage-id="${lostStage.id}"] [data-deal-id="${deal.body.id}"]`)).toBeVisible();

  await page.goto('/sales-analyses/lostReasons');
  const row = page.getByRole('table', { name: /Why deals are lost/ }).getByRole('row').filter({ hasText: 'Too expensive' });
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: 'Show the deals lost for “Too expensive”' }).click();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
});
