import { test, expect, signIn, apiAs, randomPhone, unique } from './fixtures';

test('search finds a company by a misspelt name and a contact by a phone typed differently', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const tag = unique();
  const company = await admin.call('POST', '/companies', { name: `Лесопилка Берёзовая роща ${tag}`, city: 'Вологда' });
  expect(company.status).toBe(201);
  const phone = randomPhone();
  const contact = await admin.call('POST', '/contacts', { lastName: `Кузнецов${tag}`, firstName: 'Пётр', phones: [phone] });
  expect(contact.status).toBe(201);

  await signIn(page, baseURL, 'admin');
  await page.goto('/companies');
  await expect(page.getByRole('heading', { level: 1, name: 'Компании' })).toBeVisible();
  await page.keyboard.press('Control+k');
  const search = page.getByRole('dialog', { name: 'Поиск' });
  const box = search.getByRole('combobox');
  await box.fill(`Лесопилко Березовая роща ${tag}`);
  await expect(search.getByRole('option').first()).toContainText(`Лесопилка Берёзовая роща ${tag}`);
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/companies/${company.body.id}$`));

  await page.keyboard.press('Control+k');
  const digits = phone.slice(2);
  await box.fill(`8 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`);
  await expect(search.getByRole('option', { name: new RegExp(`Кузнецов${tag}`) })).toBeVisible();
  await box.press('ArrowDown');
  await box.press('ArrowUp');
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.body.id}$`));
});
