import { test, expect, logIn } from './fixtures';

test('an unauthenticated visit goes to the login page and back to the page asked for', async ({ page }) => {
  await page.goto('/contacts');
  await expect(page).toHaveURL(/\/login\?next=%2Fcontacts/);
  await logIn(page, 'managerA', page.url());
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Контакты' })).toBeVisible();
});

test('each role lands on its own screen, and logout ends the session', async ({ page }) => {
  await logIn(page, 'managerB');
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.getByRole('heading', { level: 2, name: /^Мои задачи/ })).toBeVisible();
  await page.getByRole('button', { name: 'Борис Менеджер' }).click();
  await page.getByRole('menuitem', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/companies');
  await expect(page).toHaveURL(/\/login/);

  await logIn(page, 'head');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Сводка отдела' })).toBeVisible();
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/login');
  await page.locator('#login-email').fill('admin@demo.svyaz.local');
  await page.locator('#login-password').fill('not the password');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('alert')).toHaveText('Неверная эл. почта или пароль');
});
