import { test, expect, signIn, apiAs, unique } from './fixtures';

test('drag a deal to another stage; the move persists after reload', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const title = `Поставка серверов ${unique()}`;
  const deal = await admin.call('POST', '/deals', { title, amount: '250000' });
  expect(deal.status).toBe(201);
  const pipelines = await admin.call('GET', '/pipelines');
  const stages = pipelines.body.data.find((pipeline: { id: string }) => pipeline.id === deal.body.pipelineId).stages as { id: string; name: string }[];
  const target = stages[2];

  await signIn(page, baseURL, 'admin');
  await page.goto('/pipeline');
  const card = page.locator(`[data-deal-id="${deal.body.id}"]`);
  await expect(card).toBeVisible();
  // Drop on the column's header: it is on screen, so nothing scrolls during the drag.
  await card.scrollIntoViewIfNeeded();
  await card.dragTo(page.locator(`[data-stage-id="${target.id}"] .board-column-header`));
  await expect(page.getByText(`Перенесено на «${target.name}»`)).toBeVisible();
  await expect(page.locator(`[data-stage-id="${target.id}"] [data-deal-id="${deal.body.id}"]`)).toBeVisible();
  await page.reload();
  await expect(page.locator(`[data-stage-id="${target.id}"] [data-deal-id="${deal.body.id}"]`)).toBeVisible();
  const stored = await admin.call('GET', `/deals/${deal.body.id}`);
  expect(stored.body.stageId).toBe(target.id);
});

test('a move the server refuses is rolled back with its reason', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const deal = await admin.call('POST', '/deals', { title: `Откат ${unique()}`, amount: '1000' });
  await signIn(page, baseURL, 'admin');
  await page.goto('/pipeline');
  const card = page.locator(`[data-deal-id="${deal.body.id}"]`);
  const from = await card.locator('xpath=ancestor::section[1]').getAttribute('data-stage-id');
  // The deal disappears on the server before the move: the server answers 404 and the card returns.
  await admin.call('DELETE', `/deals/${deal.body.id}`);
  await card.getByRole('combobox').selectOption({ index: 1 });
  await expect(page.getByText(/Сделка не перенесена/)).toBeVisible();
  await expect(page.locator(`[data-stage-id="${from}"] [data-deal-id="${deal.body.id}"]`)).toBeVisible();
});
