// Analytics end to end on the demo data: train a model from the Models page (a background job with live
// status), explore the rules with the chart, and add a recommended product to a customer's open deal.
import { test, expect, signIn, apiAs } from './fixtures';

const shots = process.env.SVYAZ_ANALYTICS_SCREENSHOTS; // a directory: also save screenshots there

test('train on demo data, explore rules with the chart, add a recommended product to a deal from the company card', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const admin = await apiAs(baseURL, 'admin');
  await signIn(page, baseURL, 'admin');

  await page.goto('/analytics/models');
  await expect(page.getByRole('heading', { level: 1, name: 'Аналитика' })).toBeVisible();
  const train = page.getByRole('button', { name: 'Обучить сейчас' });
  // A new demo trains its first model in the background at start (nobody asked for it); the button waits for it.
  await expect(train).toBeEnabled({ timeout: 120_000 });
  const existing = (await admin.call('GET', '/analytics/models')).body.items as { version: number; status: string; createdBy: string | null }[];
  expect(existing.at(-1)).toMatchObject({ version: 1, status: 'ready', createdBy: null });
  const before = existing.length;
  await train.click();
  // The new version appears at once, queued or training, and the button waits for it.
  const newest = page.locator('tbody tr').first();
  await expect(newest).toContainText(`v${before + 1}`);
  await expect(page.getByRole('button', { name: 'Обучается…' })).toBeDisabled();
  if (shots) await page.screenshot({ path: `${shots}/analytics-models-training.png`, fullPage: true });
  // The list polls until the job is done.
  await expect(newest.locator('.badge-model-ready')).toHaveText('Готова', { timeout: 240_000 });
  await expect(newest).toContainText('работает');
  await expect(page.getByRole('button', { name: 'Обучить сейчас' })).toBeEnabled();
  if (shots) await page.screenshot({ path: `${shots}/analytics-models.png`, fullPage: true });

  await page.getByRole('link', { name: 'Ассоциативные правила' }).click();
  await expect(page).toHaveURL(/\/analytics\/rules$/);
  const rows = page.locator('.rules-table tbody tr');
  // Wait until the explorer has an answer (rows, a message or an error) and say what it shows if not rows.
  const explorer = page.locator('.rules-explorer');
  const answered = await rows
    .first()
    .or(explorer.locator('.state-error, .state-empty, p.muted'))
    .or(page.getByRole('alert'))
    .first()
    .waitFor({ timeout: 20_000 })
    .then(() => true, () => false);
  const shown = (await explorer.count()) > 0 ? await explorer.innerText() : await page.locator('main').first().innerText();
  await expect(rows.first(), `${answered ? 'the rules page shows' : 'after 20 s with no answer the rules page shows'}: ${shown.slice(0, 500)}`).toBeVisible();
  await page.getByLabel('Мин. достоверность').fill('0.5');
  await page.getByRole('button', { name: 'Применить' }).click();
  await expect(page.getByText(/показано/)).toBeVisible();
  await page.getByLabel('Сортировка').selectOption('confidence');
  await expect(page.locator('.rules-table th[aria-sort="descending"]')).toContainText('Достоверность');
  // The header shows the new order at once; the rows follow when the server's answer arrives.
  await expect(async () => {
    const confidences = (await rows.locator('td:nth-child(4)').allInnerTexts()).map((text) => Number(text.replace(/\s/g, '').replace(',', '.')));
    expect(confidences.length).toBeGreaterThan(0);
    for (const value of confidences) expect(value).toBeGreaterThanOrEqual(0.5);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
  }).toPass({ timeout: 15_000 });
  const chart = page.getByRole('img', { name: 'Поддержка и достоверность правил, цвет — лифт' });
  await expect(chart.locator('canvas').first()).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/analytics-rules.png`, fullPage: true });

  await page.getByRole('navigation', { name: 'Аналитика' }).getByRole('link', { name: 'Кластеры' }).click();
  await expect(page.getByRole('img', { name: 'Компаний в кластерах' }).locator('canvas').first()).toBeVisible();
  // The demo's companies differ by industry in size and lead source, and EM finds more than one segment.
  expect(await page.locator('.segment-card').count()).toBeGreaterThan(1);
  await page.locator('.segment-card').first().click();
  const members = page.getByRole('region', { name: /Кластер 1: компании/ });
  await expect(members.locator('tbody tr').first()).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/analytics-segments.png`, fullPage: true });

  // A customer with an open deal, and a product the model recommends to it.
  const deals = (await admin.call('GET', '/deals?filter[stageKind][eq]=open&filter[companyId][isEmpty]=false&fields=id,title,companyId&limit=50')).body.data as { id: string; title: string; companyId: string }[];
  let found: { deal: { id: string; title: string; companyId: string }; product: { productId: string; name: string } } | undefined;
  for (const deal of deals) {
    const recommendations = await admin.call('GET', `/companies/${deal.companyId}/recommendations?k=10`);
    const lines = (await admin.call('GET', `/deals/${deal.id}/products`)).body.lines as { productId: string }[];
    const product = (recommendations.body.items as { productId: string; name: string }[]).slice(0, 3).find((item) => !lines.some((line) => line.productId === item.productId));
    if (product) {
      found = { deal, product };
      break;
    }
  }
  expect(found).toBeTruthy();
  const { deal, product } = found!;
  await page.goto(`/companies/${deal.companyId}`);
  const panel = page.getByRole('region', { name: 'Рекомендуемые товары' });
  await expect(panel.getByRole('link', { name: product.name })).toBeVisible();
  await expect(panel.locator('.recommendation-why').first()).not.toBeEmpty();
  if (shots) await page.screenshot({ path: `${shots}/recommendations-panel.png` });
  await panel.getByRole('button', { name: `Добавить «${product.name}» в сделку или заказ` }).click();
  if (shots) await page.screenshot({ path: `${shots}/recommendations-menu.png` });
  await panel.getByRole('menuitem', { name: `В сделку «${deal.title}»` }).click();
  await expect(page.getByText(`«${product.name}» добавлен в сделку «${deal.title}»`)).toBeVisible();
  const lines = (await admin.call('GET', `/deals/${deal.id}/products`)).body.lines as { productId: string; quantity: string }[];
  expect(Number(lines.find((line) => line.productId === product.productId)?.quantity)).toBe(1);
});
