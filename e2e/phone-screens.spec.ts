// The agent's key screens on a phone (390×844, the size of a common phone, in Chromium): the service desk, a case
// with its knowledge-base suggestions, the knowledge base, the plans page, the dashboards (and the head's team
// dashboard). On each the page body must not scroll sideways (tables and charts may scroll inside their own
// boxes) and the main actions must be on the screen, within its width. Screenshots go to test-results/phone-*.png.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { repoRoot } from './server';

const width = 390;
test.use({ viewport: { width, height: 844 }, isMobile: false, hasTouch: true });

/** The page's own width against the screen's, naming the widest elements when it is too wide. */
async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const measured = await page.evaluate(() => {
    const inner = window.innerWidth;
    // Elements sticking out, outside any box that scrolls or clips them itself: what makes the page wide.
    const clipped = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent).overflowX;
        if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden' || overflow === 'clip') return true;
      }
      return false;
    };
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > inner + 1 && !clipped(element))
      .slice(0, 6)
      .map((element) => `${element.tagName.toLowerCase()}.${String(element.getAttribute('class') ?? '').replace(/\s+/g, '.')} → ${Math.round(element.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, inner, wide };
  });
  expect(measured.scrollWidth, `${screen}: the page is wider than the screen; sticking out: ${measured.wide.join(', ')}`).toBeLessThanOrEqual(measured.inner);
}

/** The action is visible, and once scrolled to, lies within the screen's width. */
async function expectReachable(action: Locator): Promise<void> {
  await action.scrollIntoViewIfNeeded();
  await expect(action).toBeVisible();
  await expect(action).toBeInViewport();
  const box = (await action.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

/** The first day of this month in Moscow (the browser's zone, playwright.config.ts). */
function thisMonth(): string {
  return `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit' }).format(new Date())}-01`;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(repoRoot, 'test-results', `phone-${name}.png`), fullPage: true });
}

test('the agent’s screens fit a phone: desk, case, knowledge base, plans, dashboards', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const head = await apiAs(baseURL, 'head');
  const anna = await apiAs(baseURL, 'managerA');
  const suffix = unique();
  const article = await head.call('POST', '/kb/articles', {
    title: `Насос не включается ${suffix}`,
    summary: 'Проверьте питание и предохранитель',
    body: '<p>Если насос не включается, проверьте питание, предохранитель и реле давления.</p>',
    status: 'published',
  });
  expect(article.status, JSON.stringify(article.body)).toBe(201);
  const created = await anna.call('POST', '/cases', {
    subject: `Насос не включается после грозы ${suffix}`,
    description: 'Клиент пишет: насос не включается, предохранитель цел. Очень длинное слово без пробелов: https://example.ru/очень/длинная/ссылка/на/страницу/с/описанием/поломки/насоса',
    priority: 'high',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  // A plan of this month for Anna, so the progress bars are drawn on the plans page, her desk and the dashboard.
  const annaId = (await anna.call('GET', '/auth/me')).body.user.id as string;
  const plan = await head.call('PUT', '/plans/grid', { measure: 'calls', periodKind: 'month', periodStart: thisMonth(), plans: [{ userId: annaId, target: 40 }] });
  expect(plan.status, JSON.stringify(plan.body)).toBe(200);

  await signIn(page, baseURL, 'managerA');

  // The main menu opens from the header's button and its links are on the screen.
  await page.goto('/service-desk');
  await expect(page.getByRole('heading', { level: 1, name: 'Обращения' })).toBeVisible();
  await page.getByRole('button', { name: 'Главное меню' }).click();
  await expectReachable(page.locator('#main-nav').getByRole('link', { name: 'База знаний' }));
  await page.getByRole('button', { name: 'Главное меню' }).click();

  // The service desk: the new-case button and the views.
  await expect(page.getByText(String(created.body.number))).toBeVisible();
  await expectNoSidewaysScroll(page, 'service desk');
  await expectReachable(page.getByRole('button', { name: 'Новое обращение' }));
  await expectReachable(page.getByRole('tab', { name: 'Скоро просрочка' }));
  await shoot(page, 'service-desk');

  // The case: its header, the suggested article with "insert into reply" and the marks.
  await page.goto(`/cases/${created.body.id}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Насос не включается после грозы ${suffix}`) })).toBeVisible();
  const suggestion = page.getByRole('listitem', { name: `Насос не включается ${suffix}` });
  await expect(suggestion).toBeVisible();
  await expectNoSidewaysScroll(page, 'case');
  await expectReachable(suggestion.getByRole('button', { name: 'Вставить в ответ' }));
  await expectReachable(suggestion.getByRole('button', { name: 'Помогла, обращение решено' }));
  await shoot(page, 'case');

  // The knowledge base: search and the article.
  await page.goto('/kb');
  await expect(page.getByRole('heading', { level: 1, name: 'База знаний' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'knowledge base');
  await page.getByRole('searchbox', { name: 'Поиск по базе знаний' }).fill('насос');
  await expectReachable(page.getByRole('button', { name: 'Найти' }));
  await page.getByRole('button', { name: 'Найти' }).click();
  await expectReachable(page.getByRole('link', { name: `Насос не включается ${suffix}` }).first());
  await shoot(page, 'kb');
  await page.getByRole('link', { name: `Насос не включается ${suffix}` }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: `Насос не включается ${suffix}` })).toBeVisible();
  await expectNoSidewaysScroll(page, 'article');
  await shoot(page, 'kb-article');

  // The plans page: the tabs, the progress and the leaderboard.
  await page.goto('/plans');
  await expect(page.getByRole('heading', { level: 1, name: 'Планы, KPI и рейтинг' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Планы команды/ })).toBeVisible();
  await expect(page.locator('.plan-progress [role=progressbar]').first()).toBeVisible();
  await expect(page.locator('.leaderboard-table')).toBeVisible();
  await expectNoSidewaysScroll(page, 'plans');
  await expectReachable(page.getByRole('link', { name: 'Соревнования' }));
  await expectReachable(page.getByRole('heading', { name: 'Рейтинг', exact: true }));
  await shoot(page, 'plans');
  await page.getByRole('link', { name: 'Карточки KPI' }).click();
  await expect(page.getByRole('link', { name: 'Карточки KPI' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('.kpi-card').first()).toBeVisible();
  await expectNoSidewaysScroll(page, 'KPI cards');
  await shoot(page, 'plans-kpi');

  // The dashboards: a new dashboard can be made.
  await page.goto('/dashboards');
  await expect(page.getByRole('heading', { level: 1, name: 'Дашборды' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'dashboards');
  await expectReachable(page.getByRole('button', { name: 'Новый дашборд' }));
  await shoot(page, 'dashboards');

  // The agent's desk.
  await page.goto('/my');
  await expect(page.getByRole('heading', { name: 'Мои планы' })).toBeVisible();
  await expect(page.getByText('Загрузка…')).toHaveCount(0);
  await expectNoSidewaysScroll(page, 'my desk');
  await expectReachable(page.locator('.my-plans [role=progressbar]').first());
  await shoot(page, 'my');
});

test('the head’s team dashboard fits a phone: filters, plans and charts', async ({ page, baseURL }) => {
  await signIn(page, baseURL, 'head');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Сводка отдела' })).toBeVisible();
  await expect(page.locator('[data-chart="funnel"] canvas, [data-chart="funnel"] svg').first()).toBeVisible();
  await expectNoSidewaysScroll(page, 'team dashboard');
  await expectReachable(page.getByLabel('Отдел', { exact: true }));
  await expectReachable(page.getByRole('region', { name: /Планы команды/ }));
  await shoot(page, 'team-dashboard');

  // Setting plans: the grid of people and targets, and its save button.
  await page.goto('/plans/grid');
  await expect(page.getByRole('heading', { name: 'Задать планы' })).toBeVisible();
  await expect(page.locator('.plans-grid-table')).toBeVisible();
  await expectNoSidewaysScroll(page, 'plans grid');
  await expectReachable(page.getByLabel('План: Анна Менеджер'));
  await expectReachable(page.getByRole('button', { name: 'Сохранить планы' }));
  await shoot(page, 'plans-grid');

  // Competitions: the form that starts one.
  await page.goto('/plans/competitions');
  await expect(page.getByRole('heading', { name: 'Новое соревнование' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'competitions');
  await expectReachable(page.getByRole('button', { name: 'Начать соревнование' }));
  await shoot(page, 'competitions');
});
