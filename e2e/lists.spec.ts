import { test, expect, signIn, apiAs, unique } from './fixtures';

test('filter a list, see the count, save the view; delete a row and undo', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const city = `Тестоград-${unique()}`;
  const bulk = await admin.call('POST', '/companies', {
    records: [
      { name: `Ромашка ${city}`, city },
      { name: `Василёк ${city}`, city },
      { name: `Лютик ${city}`, city },
    ],
  });
  expect(bulk.status).toBe(201);
  await signIn(page, baseURL, 'admin');
  await page.goto('/companies');
  await page.getByRole('button', { name: 'Фильтры' }).click();
  const filters = page.getByRole('region', { name: 'Фильтры' });
  await filters.getByLabel('Поле').selectOption({ label: 'Город' });
  await filters.getByLabel('Условие', { exact: true }).selectOption({ label: 'равно' });
  await filters.getByLabel('Значение').fill(city);
  await filters.getByRole('button', { name: 'Применить' }).click();
  await expect(page.getByTestId('list-count')).toHaveText('3 записи');
  await expect(page.getByRole('row')).toHaveCount(4);
  // The export carries the same filter.
  const href = await page.getByRole('link', { name: 'Выгрузить CSV' }).getAttribute('href');
  const csv = await (await page.request.get(href!)).text();
  expect(csv.trim().split('\n')).toHaveLength(4);
  expect(csv).toContain(`Ромашка ${city}`);

  const views = await admin.call('GET', '/saved-views?object=companies');
  if (views.status !== 404) {
    await page.getByRole('button', { name: 'Сохранить вид' }).click();
    await page.getByLabel('Название вида').fill(`Город ${city}`);
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await expect(page.getByText(`Вид «Город ${city}» сохранён`)).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('list-count')).not.toHaveText('3 записи');
    await page.getByLabel('Сохранённый вид').selectOption({ label: `Город ${city}` });
    await expect(page.getByTestId('list-count')).toHaveText('3 записи');
  }

  await page.getByRole('checkbox', { name: `Выбрать Лютик ${city}` }).check();
  await page.getByRole('button', { name: 'Удалить' }).click();
  await expect(page.getByText('Удалена 1 запись')).toBeVisible();
  await expect(page.getByTestId('list-count')).toHaveText('2 записи');
  await page.getByRole('button', { name: 'Отменить' }).click();
  await expect(page.getByText('Восстановлена 1 запись')).toBeVisible();
  await expect(page.getByTestId('list-count')).toHaveText('3 записи');
});

test('sort by a column and edit a cell in place', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const city = `Сортоград-${unique()}`;
  await admin.call('POST', '/companies', { records: [{ name: `Бета ${city}`, city, industry: 'Связь' }, { name: `Альфа ${city}`, city, industry: 'Связь' }] });
  await signIn(page, baseURL, 'admin');
  await page.goto('/companies');
  await page.getByRole('button', { name: 'Фильтры' }).click();
  await page.getByLabel('Значение').fill(city);
  await page.getByRole('button', { name: 'Применить' }).click();
  await expect(page.getByTestId('list-count')).toHaveText('2 записи');
  await page.getByRole('button', { name: 'Название' }).click();
  await expect(page.getByRole('row').nth(1)).toContainText(`Альфа ${city}`);
  await page.getByRole('button', { name: 'Название' }).click();
  await expect(page.getByRole('row').nth(1)).toContainText(`Бета ${city}`);

  const industry = page.getByRole('row').nth(1).getByRole('gridcell').filter({ hasText: 'Связь' });
  await industry.dblclick();
  const editor = page.getByRole('textbox', { name: 'Отрасль' });
  await editor.fill('Телеком');
  await editor.press('Enter');
  await expect(page.getByRole('row').nth(1)).toContainText('Телеком');
  await page.reload();
  await page.getByRole('button', { name: 'Фильтры' }).click();
  await page.getByLabel('Значение').fill(`Бета ${city}`);
  await page.getByRole('button', { name: 'Применить' }).click();
  await expect(page.getByRole('row').nth(1)).toContainText('Телеком');
});
