// The dashboard's figures come from the server and every chart opens the records behind it.
import { test, expect, signIn, apiAs, unique } from './fixtures';

test('activities per manager opens the list of that manager’s activities in the period, with the same count', async ({ page, baseURL }) => {
  const manager = await apiAs(baseURL, 'managerA');
  const subject = `Звонок для сводки ${unique()}`;
  for (let index = 0; index < 3; index++) expect((await manager.call('POST', '/activities', { kind: 'call', subject: `${subject} ${index}` })).status).toBe(201);
  const head = await apiAs(baseURL, 'head');
  const report = await head.call('GET', '/reports/dashboard');
  expect(report.status).toBe(200);
  const me = (await manager.call('GET', '/auth/me')).body.user;
  const row = report.body.activitiesByManager.find((item: { ownerId: string }) => item.ownerId === me.id);
  expect(row.byKind.call).toBeGreaterThanOrEqual(3);

  await signIn(page, baseURL, 'head');
  await page.goto('/dashboard');
  const card = page.locator('[data-chart="activities"]');
  await expect(card.getByRole('img', { name: 'Активности по менеджерам' })).toBeVisible();
  await card.getByText('Цифры и ссылки на записи').click();
  const link = card.getByRole('link', { name: me.name });
  const shown = (await link.locator('xpath=ancestor::tr[1]/td[last()]').textContent())!.replace(/\s/g, '');
  expect(Number(shown)).toBeGreaterThanOrEqual(row.total);
  await link.click();
  await expect(page).toHaveURL(/\/activities\?/);
  await expect(page.getByRole('heading', { name: 'Активности' })).toBeVisible();
  await expect(page.locator('.chips')).toContainText(`Ответственный равно ${me.name}`);
  await expect(page.getByTestId('list-count')).toHaveText(new RegExp(`^${shown}\\D`));
  await expect(page.getByRole('link', { name: `${subject} 0` })).toBeVisible();
});
