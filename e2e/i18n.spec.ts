import { test, expect, apiAs, unique } from './fixtures';
import { login } from './api';

// A user of its own: the language is remembered per user, and a shared e2e user switched to English here
// would show English to another test running at the same time (a calendar test once timed out that way).
test('switch to English and back; the choice is remembered for the user', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const suffix = unique().toLowerCase().replace(/[^a-z0-9]/g, '');
  const email = `linguist-${suffix}@e2e.svyaz.local`;
  const password = 'linguist-password-1';
  const name = `Полиглот ${suffix}`;
  const created = await admin.call('POST', '/users', { email, name, password, role: 'sales_manager' });
  expect(created.status).toBe(201);
  // A second session of the same user reads what the browser's session saved (logins are rate-limited: one).
  const api = await login(baseURL, email, password);
  const me = async () => (await api.call('GET', '/auth/me')).body.user.locale;

  await page.goto('/companies');
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('form.login-card button[type=submit]').click();
  await expect(page.getByRole('link', { name: 'Компании' })).toBeVisible();
  await page.getByRole('button', { name }).click();
  await page.getByRole('menuitemradio', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Companies' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Contacts' })).toBeVisible();
  await expect.poll(me).toBe('en');

  await page.getByRole('button', { name }).click();
  await page.getByRole('menuitemradio', { name: 'Русский' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Компании' })).toBeVisible();
  await expect.poll(me).toBe('ru');
});
