// Merging from the web app: a contact card warns about its duplicate, the merge screen compares the two
// field by field, the chosen values survive, lists are combined, links move and the other record goes.
import { test, expect, signIn, apiAs, randomPhone, unique } from './fixtures';

test('merge a duplicate from the record card, choosing the surviving values field by field', async ({ page, baseURL }) => {
  const tag = unique();
  const admin = await apiAs(baseURL, 'admin');
  const email = `merge.${tag}@e2e.test`;
  const [phoneA, phoneB] = [randomPhone(), randomPhone()];
  const survivor = await admin.call('POST', '/contacts', { lastName: `Слияние${tag}`, firstName: 'Пётр', position: 'Инженер', city: 'Самара', emails: [email], phones: [phoneA] });
  expect(survivor.status).toBe(201);
  const other = await admin.call('POST', '/contacts?force=true', { lastName: `Слияние${tag}`, firstName: 'Петя', position: 'Главный инженер', emails: [email], phones: [phoneB] });
  expect(other.status).toBe(201);
  const deal = await admin.call('POST', '/deals', { title: `Сделка слияния ${tag}`, contactId: other.body.id });
  expect(deal.status).toBe(201);

  await signIn(page, baseURL, 'admin');
  await page.goto(`/contacts/${survivor.body.id}`);
  const warning = page.getByTestId('record-duplicates');
  await expect(warning).toContainText('Возможно, у этой записи есть дубликат');
  await expect(warning.getByRole('link', { name: `Слияние${tag} Петя` })).toBeVisible();
  await expect(warning).toContainText('та же почта');
  await warning.getByRole('link', { name: 'Сравнить и объединить' }).click();

  await expect(page).toHaveURL(new RegExp(`/merge/contacts\\?ids=${survivor.body.id},${other.body.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Объединение 2 записей' })).toBeVisible();
  // The record whose card we came from stays; its values are chosen by default, blanks filled from the other.
  await expect(page.getByRole('radio', { name: new RegExp(`Слияние${tag} Пётр`) }).first()).toBeChecked();
  await expect(page.getByRole('radio', { name: `Должность: оставить значение из «Слияние${tag} Пётр»` })).toBeChecked();
  // Choose the other record's position and first name; phones are combined by default.
  await page.getByRole('radio', { name: `Должность: оставить значение из «Слияние${tag} Петя»` }).check();
  await expect(page.getByRole('radio', { name: 'объединить все' }).first()).toBeChecked();
  await page.getByRole('button', { name: 'Объединить', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`1 запись будет присоединена к «Слияние${tag} Пётр»`);
  await dialog.getByRole('button', { name: 'Да, объединить' }).click();

  // The survivor's card opens with the chosen values.
  await expect(page).toHaveURL(new RegExp(`/contacts/${survivor.body.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Слияние${tag} Пётр` })).toBeVisible();
  await expect(page.getByLabel('Должность')).toHaveValue('Главный инженер');
  await expect(page.getByTestId('record-duplicates')).toHaveCount(0);

  const merged = await admin.call('GET', `/contacts/${survivor.body.id}`);
  expect(merged.body).toMatchObject({ position: 'Главный инженер', firstName: 'Пётр', city: 'Самара' });
  expect([...merged.body.phones].sort()).toEqual([phoneA, phoneB].sort());
  expect((await admin.call('GET', `/contacts/${other.body.id}`)).status).toBe(404);
  expect((await admin.call('GET', `/deals/${deal.body.id}`)).body.contactId).toBe(survivor.body.id);
});

test('a sales manager sees no merge action on a duplicate they may not open', async ({ page, baseURL }) => {
  const tag = unique();
  const admin = await apiAs(baseURL, 'admin');
  const managerA = await apiAs(baseURL, 'managerA');
  const phone = randomPhone();
  const hidden = await admin.call('POST', '/contacts', { lastName: `Чужой${tag}`, phones: [phone] });
  expect(hidden.status).toBe(201);
  const mine = await managerA.call('POST', '/contacts?force=true', { lastName: `Свой${tag}`, phones: [phone] });
  expect(mine.status).toBe(201);
  await signIn(page, baseURL, 'managerA');
  await page.goto(`/contacts/${mine.body.id}`);
  const warning = page.getByTestId('record-duplicates');
  await expect(warning).toContainText(`Чужой${tag}`);
  await expect(warning.getByRole('link', { name: `Чужой${tag}` })).toHaveCount(0);
  await expect(warning.getByRole('link', { name: 'Сравнить и объединить' })).toHaveCount(0);
});
