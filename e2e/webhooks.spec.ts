// Webhooks as an administrator sets one up, against a receiver on loopback that the test starts: the
// webhook is added in Settings → Webhooks with its event ticked, the secret is shown once, a deal created in
// the browser reaches the receiver as a signed record.created (the HMAC is verified here, as an integrator
// would), and the delivery shows in the log with the receiver's response code.
import { test, expect, signIn, unique } from './fixtures';
import { startReceiver, verifySignature, type TestReceiver } from '../packages/server/src/test/webhook-receiver';

let receiver: TestReceiver;

test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver?.stop();
});

test('an administrator adds a webhook; a new deal reaches the receiver signed and shows in the delivery log', async ({ page, baseURL }) => {
  test.slow();
  const suffix = unique();
  const path = `/crm/${suffix}`;
  receiver.respond(path, [200], { body: 'принято' });
  await signIn(page, baseURL, 'admin');
  await page.goto('/settings/webhooks');
  await page.getByRole('button', { name: 'Добавить вебхук' }).click();
  await page.locator('#webhook-name').fill(`Учётная система ${suffix}`);
  // A private address is refused beside the URL field.
  await page.locator('#webhook-url').fill('https://10.0.0.7/hook');
  await page.getByRole('checkbox', { name: 'Сделки' }).check();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.locator('#webhook-url-error')).toContainText('10.0.0.7');
  await page.locator('#webhook-url').fill(`${receiver.url}${path}`);
  await expect(page.getByRole('checkbox', { name: 'Запись создана' })).toBeChecked();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  const secret = (await page.getByTestId('webhook-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^whsec_/);
  await page.getByRole('button', { name: 'Готово' }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
  const row = page.locator('tr', { hasText: `Учётная система ${suffix}` });
  await expect(row).toContainText('включён');
  await expect(row).toContainText(`секрет …${secret.slice(-4)}`);

  // A deal created in the browser.
  const title = `Вебхук-сделка ${suffix}`;
  await page.goto('/deals');
  await page.getByRole('button', { name: 'Новая сделка' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новая сделка' });
  await dialog.getByLabel('Название').fill(title);
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  const [request] = await receiver.waitFor(path, 1, 30_000);
  expect(verifySignature(secret, request)).toBe(true);
  expect(verifySignature(`${secret}x`, request)).toBe(false);
  expect(request.headers['x-svyaz-event']).toBe('record.created');
  const body = JSON.parse(request.body);
  expect(body).toMatchObject({ type: 'record.created', object: 'deals', record: { title } });

  await page.goto('/settings/webhooks');
  await page.locator('tr', { hasText: `Учётная система ${suffix}` }).getByRole('button', { name: /Журнал доставок/ }).click();
  const log = page.getByRole('region', { name: `Доставки Учётная система ${suffix}` });
  const delivery = log.locator(`tr[data-delivery-id="${request.headers['x-svyaz-delivery']}"]`);
  await expect(delivery).toContainText('Запись создана');
  await expect(delivery).toContainText('доставлено');
  await expect(delivery).toContainText('200');
  await expect(delivery).toContainText('принято');

  // Redelivery by hand reaches the receiver again with the same delivery id.
  await delivery.getByRole('button', { name: /Повторить/ }).click();
  const again = await receiver.waitFor(path, 2, 15_000);
  expect(again[1].headers['x-svyaz-delivery']).toBe(request.headers['x-svyaz-delivery']);
  expect(verifySignature(secret, again[1])).toBe(true);
  await expect(delivery.locator('td').nth(4)).toHaveText('2');
});
