import { test, expect, signIn, apiAs, unique } from './fixtures';
import { e2eUsers } from './api';

test('a head of sales lands on the team dashboard with the team’s overdue tasks, and pins a menu item that stays after a reload', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const users = (await admin.call('GET', '/users')).body.data as { id: string; email: string }[];
  const anna = users.find((user) => user.email === e2eUsers.managerA.email)!;
  const title = `Просрочено ${unique()}`;
  const task = await admin.call('POST', '/tasks', { title, dueAt: new Date(Date.now() - 3650 * 86400_000).toISOString(), ownerId: anna.id });
  expect(task.status).toBe(201);

  await signIn(page, baseURL, 'head');
  await page.goto('/');
  await expect(page).toHaveURL(/\/dashboard$/);
  const overdue = page.getByRole('region', { name: /Просроченные задачи команды/ });
  await expect(overdue.getByRole('link', { name: title })).toBeVisible();
  await expect(overdue.getByRole('row', { name: new RegExp(title) })).toContainText(e2eUsers.managerA.name);

  // The menu starts with the role's screens; pin "Компании" and move it nowhere else: it stays on top after a reload.
  const menu = page.getByRole('navigation', { name: 'Главное меню' });
  await expect(menu.getByRole('link').first()).toHaveText('Сводка');
  await menu.getByRole('button', { name: 'Настроить меню' }).click();
  await menu.getByRole('button', { name: 'Закрепить «Компании»' }).click();
  await menu.getByRole('button', { name: 'Переместить «Сделки» выше' }).click();
  await menu.getByRole('button', { name: 'Готово' }).click();
  await page.reload();
  await expect(menu.getByRole('link').first()).toHaveText(/Компании/);
  const names = await menu.getByTestId('nav-items').getByRole('link').allTextContents();
  expect(names.indexOf('Сделки')).toBeLessThan(names.indexOf('Воронка'));
});

test('bulk actions: give the selected companies to another manager and tag them', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const city = `Балкоград-${unique()}`;
  const created = await admin.call('POST', '/companies', { records: [{ name: `Альфа ${city}`, city }, { name: `Бета ${city}`, city }] });
  expect(created.status).toBe(201);
  const users = (await admin.call('GET', '/users')).body.data as { id: string; email: string }[];
  const boris = users.find((user) => user.email === e2eUsers.managerB.email)!;

  await signIn(page, baseURL, 'admin');
  await page.goto(`/companies?filter[city][eq]=${encodeURIComponent(city)}`);
  await expect(page.getByRole('row')).toHaveCount(3);
  await page.getByRole('checkbox', { name: /Альфа/ }).check();
  await page.getByRole('checkbox', { name: /Бета/ }).check();
  const bar = page.getByRole('region', { name: 'Действия с выбранными строками' });
  await bar.getByLabel('Ответственный…').selectOption({ label: e2eUsers.managerB.name });
  await bar.getByRole('button', { name: 'Назначить' }).click();
  await expect(page.getByText('2 записи переданы')).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`Альфа ${city}`) })).toContainText(e2eUsers.managerB.name);

  await page.getByRole('checkbox', { name: /Альфа/ }).check();
  await page.getByRole('checkbox', { name: /Бета/ }).check();
  await bar.getByLabel('Метка').fill('оптовик');
  await bar.getByRole('button', { name: 'Добавить метку' }).click();
  await expect(page.getByText('Метка добавлена к 2 записям')).toBeVisible();
  const after = (await admin.call('GET', `/companies?filter[city][eq]=${encodeURIComponent(city)}&fields=id,ownerId,tags`)).body.data as { ownerId: string; tags: string[] }[];
  expect(after).toHaveLength(2);
  for (const company of after) {
    expect(company.ownerId).toBe(boris.id);
    expect(company.tags).toContain('оптовик');
  }
});
