// The order card: lines edited in the browser and priced by the server, a payment, a shipment.
import ExcelJS from 'exceljs';
import { test, expect, signIn, apiAs, unique } from './fixtures';

test('edit order lines: change a quantity, add a product with a discount, remove a line; the server recomputes the total', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const suffix = unique();
  const make = async (name: string, price: string) => {
    const created = await admin.call('POST', '/products', { sku: `E2E-${name}-${suffix}`.slice(0, 60), name: `${name} ${suffix}`, price, stockQuantity: '100' });
    expect(created.status).toBe(201);
    return created.body as { id: string; name: string };
  };
  const cable = await make('Кабель', '100');
  const router = await make('Маршрутизатор', '2500');
  const fan = await make('Вентилятор', '300');
  const order = await admin.call('POST', '/orders', { lines: [{ productId: cable.id, quantity: '2' }, { productId: fan.id, quantity: '1' }] });
  expect(order.status).toBe(201);
  expect(order.body.total).toBe('500.00');

  await signIn(page, baseURL, 'admin');
  await page.goto(`/orders/${order.body.id}`);
  const lines = page.locator('section.order-lines');
  await expect(lines.locator(`tr[data-line="${cable.name}"]`)).toBeVisible();
  await lines.getByLabel(`Количество: ${cable.name}`).fill('3');
  await lines.getByRole('button', { name: `Убрать ${fan.name}` }).click();
  await lines.getByLabel('Добавить товар').fill(`Маршрутизатор ${suffix}`);
  await lines.getByRole('option', { name: router.name }).click();
  await lines.getByLabel(`Скидка на ${router.name}, %`).fill('10');
  await lines.getByRole('button', { name: 'Сохранить позиции' }).click();
  await expect(page.getByText('Позиции сохранены')).toBeVisible();

  // 3 × 100 + 2500 − 10 % = 2550, as the server computed it.
  const stored = await admin.call('GET', `/orders/${order.body.id}/lines`);
  expect(stored.body.total).toBe('2550.00');
  expect(stored.body.lines.map((line: { productName: string; amount: string }) => [line.productName, line.amount]).sort()).toEqual([[cable.name, '300.00'], [router.name, '2250.00']].sort());
  await expect(page.getByTestId('order-total')).toHaveText(/2\s550(,00)?\s₽/);
  await expect(lines.locator(`tr[data-line="${router.name}"] td.amount`)).toHaveText(/2\s250(,00)?\s₽/);
  await expect(lines.locator(`tr[data-line="${fan.name}"]`)).toHaveCount(0);

  // A payment larger than the total is refused beside its field; a part payment makes it partly paid.
  await page.getByLabel('Сумма', { exact: true }).fill('3000');
  await page.getByRole('button', { name: 'Внести оплату' }).click();
  await expect(page.locator('#payment-amount-error')).toBeVisible();
  await page.getByLabel('Сумма', { exact: true }).fill('1000');
  await page.getByRole('button', { name: 'Внести оплату' }).click();
  await expect(page.getByTestId('order-paid')).toHaveText(/1\s000(,00)?\s₽/);
  await expect(page.locator('.order-summary')).toContainText('Частично');

  // Once shipped, the lines are locked.
  await page.getByLabel('Перевозчик').fill('СДЭК');
  await page.getByLabel('Состояние').selectOption({ label: 'Отгружена' });
  await page.getByRole('button', { name: 'Добавить отгрузку' }).click();
  await expect(page.getByText('Заказ отгружен: позиции больше менять нельзя')).toBeVisible();
  await expect(lines.getByRole('button', { name: 'Сохранить позиции' })).toHaveCount(0);
  const shipped = await admin.call('GET', `/orders/${order.body.id}`);
  expect(shipped.body.shipmentStatus).toBe('shipped');
  expect(shipped.body.paymentStatus).toBe('partial');
});

test('changing the status from the order card', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const order = await admin.call('POST', '/orders', {});
  expect(order.status).toBe(201);
  await signIn(page, baseURL, 'admin');
  await page.goto(`/orders/${order.body.id}`);
  await page.locator('#order-status').selectOption({ label: 'Проблема' });
  await expect(page.getByText('Статус заказа изменён')).toBeVisible();
  await expect.poll(async () => (await admin.call('GET', `/orders/${order.body.id}`)).body.status).toBe('problem');
});

test('the orders list exports to Excel with one row per order line, in Russian and in English', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const suffix = unique();
  const product = await admin.call('POST', '/products', { sku: `E2E-XL-${suffix}`, name: `Шина ${suffix}`, price: '5000', stockQuantity: '100' });
  expect(product.status).toBe(201);
  const company = await admin.call('POST', '/companies?force=true', { name: `Выгрузка ${suffix}` });
  const order = await admin.call('POST', '/orders', { companyId: company.body.id, lines: [{ productId: product.body.id, quantity: '4' }, { productId: product.body.id, quantity: '1', discountPercent: '10' }] });
  expect(order.status).toBe(201);
  const readLines = async (label: string) => {
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: label }).click();
    const download = await downloading;
    const path = `/tmp/orders-lines-${suffix}-${Date.now()}.xlsx`;
    await download.saveAs(path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rows = [];
    for (let index = 2; index <= sheet.rowCount; index++) rows.push((sheet.getRow(index).values as unknown[]).slice(1));
    const numberAt = header.indexOf('number');
    return { header, mine: rows.filter((row) => row[numberAt] === order.body.number).map((row) => row[header.indexOf('line.amount')]) };
  };

  await signIn(page, baseURL, 'admin');
  await page.goto(`/orders?filter[companyId][eq]=${company.body.id}`);
  const ru = await readLines('Excel со строками заказов');
  expect(ru.header).toEqual(expect.arrayContaining(['number', 'line.productName', 'line.quantity', 'line.amount']));
  expect(ru.mine.sort()).toEqual([20000, 4500].sort());

  // In English, as a head of sales of her own (the default role exports orders), so no shared user changes language.
  const email = `en-orders-${suffix.toLowerCase().replace(/[^a-z0-9]/g, '')}@e2e.svyaz.local`;
  const password = 'english-orders-password-1';
  expect((await admin.call('POST', '/users', { email, name: `Olga Orders ${suffix}`, password, role: 'head_of_sales', locale: 'en' })).status).toBe(201);
  const login = await fetch(`${baseURL}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(login.ok).toBe(true);
  await page.context().clearCookies();
  await page.context().addCookies([{ name: 'svyaz_session', value: (login.headers.get('set-cookie') ?? '').split(';')[0]!.split('=').slice(1).join('='), url: baseURL! }]);
  await page.goto(`/orders?filter[companyId][eq]=${company.body.id}`);
  const en = await readLines('Excel with order lines');
  expect(en.mine.sort()).toEqual([20000, 4500].sort());
});
