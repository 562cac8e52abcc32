import { test, expect, signIn, apiAs, unique } from './fixtures';

test('a task created from a card appears in my tasks for today', async ({ page, baseURL }) => {
  test.setTimeout(200_000);
  const anna = await apiAs(baseURL, 'managerA');
  const company = await anna.call('POST', '/companies', { name: `Задачи ${unique()}` });
  expect(company.status).toBe(201);
  await signIn(page, baseURL, 'managerA');
  await page.goto(`/companies/${company.body.id}`);
  await page.getByRole('button', { name: 'Поставить задачу' }).click();
  const dialog = page.getByRole('dialog', { name: 'Поставить задачу' });
  const title = `Позвонить по счёту ${unique()}`;
  await dialog.getByLabel('Название').fill(title);
  const inOneMinute = new Date(Date.now() + 60_000);
  const inSeconds = new Date(Date.now() + 5_000);
  const local = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const lateToday = new Date();
  lateToday.setHours(23, 50, 0, 0);
  await dialog.getByLabel('Срок').fill(local(lateToday > inOneMinute ? lateToday : inOneMinute));
  await dialog.getByLabel('Напомнить').fill(local(inSeconds));
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Задача поставлена')).toBeVisible();
  await page.getByRole('tab', { name: 'История' }).click();
  await expect(page.getByRole('tabpanel').getByText(title)).toBeVisible();

  await page.goto('/my');
  await expect(page.getByRole('link', { name: title })).toBeVisible();

  // The reminder job runs every minute; the open bell panel shows the reminder without a reload (server-sent
  // events). Other tests may already have left unread notifications for this user, so an unread badge alone
  // proves nothing: wait for this task's reminder itself.
  await page.getByRole('button', { name: /Уведомления/ }).click();
  await expect(page.getByRole('region', { name: 'Уведомления' })).toContainText(title, { timeout: 150_000 });
  await expect(page.getByTestId('unread-count')).toBeVisible();
});
