// The order card: lines edited in the browser and priced by the server, a payment, a shipment.
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
