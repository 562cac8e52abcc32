import { test, expect, logIn, apiAs } from './fixtures';

test('switch to English and back; the choice is remembered for the user', async ({ page, baseURL }) => {
  await logIn(page, 'managerA', '/companies');
  await expect(page.getByRole('link', { name: 'Компании' })).toBeVisible();
  await page.getByRole('button', { name: 'Анна Менеджер' }).click();
  await page.getByRole('menuitemradio', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Companies' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Contacts' })).toBeVisible();
  await expect.poll(async () => (await (await apiAs(baseURL, 'managerA')).call('GET', '/auth/me')).body.user.locale).toBe('en');

  await page.getByRole('button', { name: 'Анна Менеджер' }).click();
  await page.getByRole('menuitemradio', { name: 'Русский' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Компании' })).toBeVisible();
  await expect.poll(async () => (await (await apiAs(baseURL, 'managerA')).call('GET', '/auth/me')).body.user.locale).toBe('ru');
});
