import { test, expect, signIn, apiAs, unique } from './fixtures';

test("a sales manager cannot see a colleague's contact; the head of sales can", async ({ browser, baseURL }) => {
  const anna = await apiAs(baseURL, 'managerA');
  const lastName = `Засекреченная${unique()}`;
  const created = await anna.call('POST', '/contacts', { lastName, firstName: 'Вера', phones: ['+7 495 000-00-01'] });
  expect(created.status).toBe(201);

  const boris = await browser.newPage();
  await signIn(boris, baseURL, 'managerB');
  await boris.goto(`/contacts/${created.body.id}`);
  await expect(boris.getByRole('alert')).toContainText('Не найдено или нет доступа');
  await boris.goto('/contacts');
  await expect(boris.getByRole('heading', { level: 1, name: 'Контакты' })).toBeVisible();
  await expect(boris.getByText(lastName)).toHaveCount(0);

  const head = await browser.newPage();
  await signIn(head, baseURL, 'head');
  await head.goto(`/contacts/${created.body.id}`);
  await expect(head.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();
  await head.goto('/contacts');
  await expect(head.getByRole('link', { name: new RegExp(lastName) })).toBeVisible();
  await boris.close();
  await head.close();
});
