// Import from the web app: an XLSX with Russian headers and a bad row, uploaded through the file
// picker, one column's mapping fixed by hand, the preview showing the problem in its cell, the run
// followed to the end, the failed row downloaded as XLSX and checked, then the import undone.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { test, expect, signIn, apiAs, randomPhone, unique } from './fixtures';

const GOOD_ROWS = 150;

async function workbook(tag: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Клиенты');
  sheet.addRow(['ФИО', 'Моб. телефон', 'E-mail', 'Компания', 'Должность', 'Откуда пришёл', 'Город']);
  for (let index = 0; index < GOOD_ROWS; index++) {
    sheet.addRow([`Импортов${tag} Клиент${index} Петрович`, randomPhone().replace(/^\+7/, '8 '), `client${index}.${tag}@import-e2e.test`, `ООО Импорт ${tag}`, 'Менеджер', 'Выставка', 'Казань']);
    // The bad row is the third data row (row 4 of the sheet), inside the preview.
    if (index === 1) sheet.addRow([`Плохой${tag} Телефон`, 'позвонить позже', `bad.${tag}@import-e2e.test`, '', '', 'Сайт', 'Тверь']);
  }
  // A second sheet, so the sheet choice appears.
  book.addWorksheet('Справочник').addRow(['Не импортировать']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

test('import an XLSX with Russian headers: fix the mapping, see the problem in the preview, run, download the failed rows, undo', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const tag = unique();
  await signIn(page, baseURL, 'admin');

  // Reachable from a list's toolbar.
  await page.goto('/contacts');
  await page.locator('.page-header').getByRole('link', { name: 'Импорт', exact: true }).click();
  await expect(page).toHaveURL(/\/imports\?object=contacts$/);
  await expect(page.getByLabel('Что загружаем')).toHaveValue('contacts');

  await page.locator('input[type=file]').setInputFiles({ name: `клиенты-${tag}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook(tag) });
  await expect(page.getByText(`клиенты-${tag}.xlsx`)).toBeVisible();
  // The workbook's sheets are read in the browser; the first is chosen.
  await expect(page.getByLabel('Лист книги')).toHaveValue('Клиенты');
  await expect(page.getByLabel('Лист книги').locator('option')).toHaveText(['Клиенты', 'Справочник']);
  await page.getByRole('button', { name: 'Загрузить и сопоставить' }).click();
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
  const importId = page.url().split('/').pop()!;

  // Automatic mapping by the Russian headers; "Откуда пришёл" is not recognised.
  const column = (header: string) => page.getByRole('combobox', { name: header, exact: true });
  await expect(column('ФИО')).toHaveValue('contact.fullName');
  await expect(column('Моб. телефон')).toHaveValue('contact.phones');
  await expect(column('E-mail')).toHaveValue('contact.emails');
  await expect(column('Компания')).toHaveValue('company.name');
  await expect(column('Откуда пришёл')).toHaveValue('');
  await expect(page.getByText('Сопоставлено 6 столбцов из 7')).toBeVisible();

  // Fix it: the column is the contact's source. The preview follows with the stored value.
  await column('Откуда пришёл').selectOption('contact.source');
  await expect(page.getByText('Сопоставлено 7 столбцов из 7')).toBeVisible();
  const preview = page.locator('table.preview-table');
  await expect(preview.getByRole('columnheader', { name: /Источник/ })).toContainText('из «Откуда пришёл»');
  await expect(preview.locator('tbody tr').first()).toContainText('Выставка');
  // Phones are shown as they will be stored.
  await expect(preview.locator('tbody tr').first()).toContainText('+7 ');
  // The bad row: its phone cell is marked with the problem, the row will fail, the others will be created.
  await expect(page.getByTestId('preview-summary')).toContainText('Ошибки в 1 строке из первых 20');
  const bad = preview.locator('tbody tr[data-row="4"]');
  await expect(bad.locator('td.cell-problem')).toHaveCount(1);
  await expect(bad.locator('td.cell-problem')).toContainText('«позвонить позже» — не номер телефона');
  await expect(bad).toContainText('Ошибка');
  await expect(preview.locator('tbody tr[data-row="3"]')).toContainText('Создать');

  // Skipping rows for duplicates by e-mail only; the server keeps the choice.
  await page.getByRole('checkbox', { name: 'Телефону' }).uncheck();
  const admin = await apiAs(baseURL, 'admin');
  await expect.poll(async () => (await admin.call('GET', `/imports/${importId}`)).body.options.matchBy).toEqual(['email']);
  expect((await admin.call('GET', `/imports/${importId}`)).body.mapping['5']).toBe('contact.source');

  await page.getByRole('button', { name: 'Начать импорт' }).click();
  await expect(page.getByRole('heading', { name: 'Импорт завершён' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('import-progress')).toContainText(`Обработано строк: ${GOOD_ROWS + 1}`);
  const result = page.getByTestId('import-result');
  await expect(result.locator('[data-count=created]')).toHaveText(String(GOOD_ROWS));
  await expect(result.locator('[data-count=failed]')).toHaveText('1');
  await expect(result.locator('[data-count=skipped]')).toHaveText('0');

  // The failed row, with the error column, ready to fix and import again.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Скачать 1 строку с ошибками (XLSX)' }).click();
  const download = await downloadPromise;
  const errors = new ExcelJS.Workbook();
  await errors.xlsx.load((await readFile((await download.path())!)) as never);
  const sheet = errors.worksheets[0];
  expect(sheet.getRow(1).values).toEqual([undefined, 'Строка / Row', 'ФИО', 'Моб. телефон', 'E-mail', 'Компания', 'Должность', 'Откуда пришёл', 'Город', 'Ошибки импорта / Import errors']);
  expect(sheet.rowCount).toBe(2);
  expect(sheet.getRow(2).getCell(1).value).toBe(4);
  expect(sheet.getRow(2).getCell(2).value).toBe(`Плохой${tag} Телефон`);
  expect(sheet.getRow(2).getCell(3).value).toBe('позвонить позже');
  expect(String(sheet.getRow(2).getCell(9).value)).toContain('"позвонить позже" is not a phone number');

  // The imported contacts are in the list, with the company linked and the source stored.
  const stored = await admin.call('GET', `/contacts?filter[emails][eq]=client7.${tag}@import-e2e.test&fields=id,fullName,source,companyId`);
  expect(stored.body.data).toHaveLength(1);
  expect(stored.body.data[0]).toMatchObject({ fullName: `Импортов${tag} Клиент7 Петрович`, source: 'Выставка' });
  expect(stored.body.data[0].companyId).toBeTruthy();

  // Undo: the created records go away.
  await page.getByRole('button', { name: 'Отменить импорт' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Да, отменить импорт' }).click();
  await expect(page.getByRole('heading', { name: 'Импорт отменён' })).toBeVisible();
  const after = await admin.call('GET', `/contacts?filter[emails][eq]=client7.${tag}@import-e2e.test&fields=id`);
  expect(after.body.data).toEqual([]);

  // The history lists it.
  await page.getByRole('link', { name: 'Импорт данных' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`клиенты-${tag}\\.xlsx`) })).toContainText('Отменён');
});

test('a dropped CSV: the preview shows each bad value in its cell before anything is written', async ({ page, baseURL }) => {
  const tag = unique();
  await signIn(page, baseURL, 'admin');
  await page.goto('/imports');
  const csv = ['ФИО;Телефон;Ответственный', `Хороший${tag} Контакт;+7 916 000-11-22;`, `Плохой${tag} Контакт;позвонить позже;Нет Такого Сотрудника`].join('\r\n');
  // Dropped on the page rather than picked.
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: 'text/csv' }));
      return transfer;
    },
    { name: `плохие-${tag}.csv`, text: csv },
  );
  await page.getByTestId('drop-zone').dispatchEvent('dragover', { dataTransfer });
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByText(`плохие-${tag}.csv`)).toBeVisible();
  await page.getByRole('button', { name: 'Загрузить и сопоставить' }).click();
  const preview = page.locator('table.preview-table');
  await expect(page.getByTestId('preview-summary')).toContainText('Ошибки в 1 строке из первых 2');
  const bad = preview.locator('tbody tr[data-row="3"]');
  await expect(bad.locator('td.cell-problem')).toHaveCount(2);
  await expect(bad.locator('td.cell-problem').first()).toContainText('«позвонить позже» — не номер телефона');
  await expect(bad.locator('td.cell-problem').nth(1)).toContainText('Нет активного пользователя «Нет Такого Сотрудника»');
  await expect(bad).toContainText('Ошибка');
  await expect(preview.locator('tbody tr[data-row="2"] td.cell-problem')).toHaveCount(0);
  // Nothing was written.
  const admin = await apiAs(baseURL, 'admin');
  const found = await admin.call('GET', `/contacts?filter[lastName][eq]=Хороший${tag}&fields=id`);
  expect(found.body.data).toEqual([]);
});
