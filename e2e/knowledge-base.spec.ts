// Knowledge base: an author writes and publishes an article, an agent finds it by another word form, the
// public portal (no login) shows it while it is public and not once it is internal, and a reader rates it.
// The signed-in KB screens are not built yet, so the author and the agent work through the API; the portal
// is driven in the browser.
import { apiAs, expect, test, unique } from './fixtures';

test('an article goes from the author to the agent and to the public portal, where a reader rates it', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const head = await apiAs(baseURL, 'head');
  const agent = await apiAs(baseURL, 'managerA');
  const slug = `help-${unique()}`;
  expect((await admin.call('PUT', '/kb/portal', { slug, title: 'Центр поддержки' })).status).toBe(200);
  const word = `Гарантия${unique()}`;
  const created = await head.call<{ id: string; slug: string; status: string }>('POST', '/kb/articles', {
    title: `Ремонт по гарантии ${word}`,
    summary: 'Что делать, если товар сломался',
    body: '<p>Гарантийный ремонт оформляется по заявлению.</p><script>alert(1)</script>',
    language: 'ru',
    visibility: 'public',
  });
  expect(created.status).toBe(201);
  expect((await head.call('POST', `/kb/articles/${created.body.id}/publish`)).status).toBe(200);

  // The agent searches with another form of the words.
  const found = await agent.call<{ data: { id: string }[] }>('GET', `/kb/articles?q=${encodeURIComponent('ремонты гарантийные')}`);
  expect(found.body.data.map((item) => item.id)).toContain(created.body.id);

  // The public portal, no login.
  await page.goto(`${baseURL}/portal/${slug}`);
  await page.getByRole('searchbox').fill('ремонта');
  await page.getByRole('button', { name: 'Найти' }).click();
  await page.getByRole('link', { name: `Ремонт по гарантии ${word}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Ремонт по гарантии ${word}`);
  await expect(page.locator('article.body')).toContainText('Гарантийный ремонт оформляется');
  await page.getByRole('button', { name: 'Да' }).click();
  await expect(page.getByRole('status')).toHaveText('Спасибо за оценку!');
  const article = await head.call<{ stats: { helpfulVotes: number; views: number } }>('GET', `/kb/articles/${created.body.id}`);
  expect(article.body.stats.helpfulVotes).toBe(1);
  expect(article.body.stats.views).toBeGreaterThanOrEqual(1);

  // English version of the portal.
  await page.goto(`${baseURL}/portal/${slug}?lang=en`);
  await expect(page.getByRole('searchbox')).toHaveAttribute('placeholder', 'Search articles');

  // Made internal, it leaves the portal.
  expect((await head.call('PATCH', `/kb/articles/${created.body.id}`, { visibility: 'internal' })).status).toBe(200);
  await page.goto(`${baseURL}/portal/${slug}?q=${encodeURIComponent(word)}`);
  await expect(page.getByText('Ничего не нашлось')).toBeVisible();
  const direct = await page.goto(`${baseURL}/portal/${slug}/articles/${created.body.slug}`);
  expect(direct?.status()).toBe(404);
});
