// Обзвон in the browser: a head of sales builds a call list from a contacts filter carried in the address
// (as a list page passes its filter), works two records (outcome, note, next) and sees the progress, per
// caller too; the outcome is on the record's timeline as a call.
import { test, expect, signIn, apiAs, unique, randomPhone } from './fixtures';

test('a call list from the filter of the contacts list: two records worked, progress shown per caller', async ({ page, baseURL }) => {
  test.slow();
  const tag = `Обзвонов${unique()}`;
  const admin = await apiAs(baseURL, 'admin');
  const ids: string[] = [];
  for (const firstName of ['Пётр', 'Ольга', 'Семён']) {
    const created = await admin.call('POST', '/contacts?force=true', { firstName, lastName: tag, phones: [randomPhone()] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids.push(created.body.id);
  }
  await admin.call('POST', '/contacts?force=true', { firstName: 'Безтелефона', lastName: tag });

  await signIn(page, baseURL, 'head');
  // The contacts list filtered by the tag; "Обзвон по фильтру" carries its filter into the dialog.
  await page.goto(`/contacts?filter[lastName][eq]=${encodeURIComponent(tag)}`);
  await expect(page.getByTestId('list-count')).toContainText('4');
  await page.getByRole('link', { name: 'Обзвон по фильтру' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новый обзвон' });
  await expect(dialog).toContainText('1 условие');
  await dialog.getByLabel('Название').fill(`Обзвон ${tag}`);
  // Without a caller the server names the field.
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(dialog.locator('.field-error')).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'Ирина Руководитель' }).check();
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(page.getByText('Обзвон создан: записей 3')).toBeVisible();

  const card = page.getByRole('article', { name: `Обзвон ${tag}` });
  await expect(card).toContainText('Готово 0 из 3');
  await card.getByRole('link', { name: 'Начать обзвон' }).click();

  const form = page.getByRole('form', { name: 'Запись' });
  await expect(form.getByRole('heading', { name: `${tag} Пётр` })).toBeVisible();
  await expect(form.getByRole('button', { name: 'Следующий' })).toBeDisabled();
  await form.getByRole('button', { name: 'Интересно', exact: true }).click();
  await form.getByLabel('Заметка').fill('Просит коммерческое предложение');
  await form.getByRole('button', { name: 'Следующий' }).click();
  await expect(page.getByText('Сохранено: Интересно')).toBeVisible();

  await expect(form.getByRole('heading', { name: `${tag} Ольга` })).toBeVisible();
  await form.getByRole('button', { name: 'Не интересно' }).click();
  await form.getByRole('button', { name: 'Следующий' }).click();
  await expect(form.getByRole('heading', { name: `${tag} Семён` })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: `Ход обзвона «Обзвон ${tag}»` })).toHaveAttribute('aria-valuenow', '2');

  await page.getByRole('link', { name: 'Все обзвоны' }).click();
  await expect(card).toContainText('Готово 2 из 3');
  await expect(card).toContainText('Ирина Руководитель: готово 2, осталось 1');
  await expect(card).toContainText('Интересно 1, Не интересно 1');

  const timeline = await admin.call('GET', `/activities?filter[recordId][eq]=${ids[0]}`);
  expect(timeline.body.data).toHaveLength(1);
  expect(timeline.body.data[0]).toMatchObject({ kind: 'call', outcome: 'interested', body: 'Просит коммерческое предложение' });
});
