// The portal-to-feedback journey as the people involved meet it. The administrator adds a complaint category in
// Settings → Service desk and a CSAT survey in Settings → Surveys (sent after resolution; a low score first set to
// flag the case, then changed to reopen it); a queue, an SLA policy and a routing rule for portal cases with the
// test's word are prepared through the API. A customer (no login) fills the public portal's form; the case is
// routed to the queue and to Anna with SLA deadlines, which her desk and the case card show with the category's
// name. Anna resolves it; the CSAT invitation arrives at the loopback SMTP server the test starts; the customer
// answers with the one-click link from the mail and Anna finds the answer on the case's timeline. A second
// customer's case answered with a low score is reopened, and the complaints report counts both cases under the
// new category. Nothing depends on the time of day: deadlines are only required to exist and to be shown.
import { test, expect, signIn, apiAs, unique } from './fixtures';
import type { Page } from '@playwright/test';
import { startSmtpServer, type TestSmtpServer } from '../packages/server/src/test/mail-servers';

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startSmtpServer({ 'portal-e2e': 'portal-secret' });
});
test.afterAll(async () => {
  await smtp?.stop();
});

type Api = Awaited<ReturnType<typeof apiAs>>;

/** The one-click link for `score` in the CSAT mail to `address` (asking the job to run now while it has not come). */
async function csatLink(admin: Api, address: string, score: number): Promise<string> {
  const deadline = Date.now() + 60_000;
  let asked = 0;
  for (;;) {
    const mail = smtp.received.find((item) => item.to.includes(address) && /\/s\/[A-Za-z0-9_-]{43}/.test(item.raw.toString('utf8').replace(/=\r?\n/g, '')));
    if (mail) {
      const raw = mail.raw.toString('utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const link = new RegExp(`href="(http[^"]+/s/[A-Za-z0-9_-]{43}\\?score=${score})"`).exec(raw)?.[1];
      expect(link, raw.slice(0, 2000)).toBeTruthy();
      return link!;
    }
    if (Date.now() > deadline) throw new Error(`no CSAT mail to ${address}; received: ${smtp.received.map((item) => item.to.join(',')).join(' | ')}`);
    if (Date.now() > asked + 5_000) {
      const run = await admin.call('POST', '/cases/csat/run', {});
      expect(run.status, JSON.stringify(run.body)).toBe(202);
      asked = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** A customer fills the portal's form (no login) and gets the case number. */
async function submitPortalCase(page: Page, admin: Api, input: { name: string; email: string; subject: string; description: string; category: string }): Promise<string> {
  // The workspace has one portal; another test may give it a new address meanwhile, so it is read each time.
  const { slug } = (await admin.call('GET', '/kb/portal')).body as { slug: string };
  await page.goto(`/portal/${slug}`);
  await expect(page.getByRole('heading', { name: 'Создать обращение' })).toBeVisible();
  const form = page.locator('#create-case');
  await form.locator('input[name="name"]').fill(input.name);
  await form.locator('input[name="email"]').fill(input.email);
  await form.locator('select[name="category"]').selectOption(input.category);
  await form.locator('input[name="subject"]').fill(input.subject);
  await form.locator('textarea[name="description"]').fill(input.description);
  await form.getByRole('button', { name: 'Отправить обращение' }).click();
  await expect(page.getByText('Обращение создано').first()).toBeVisible();
  const number = /SD-\d{6}/.exec((await page.locator('body').textContent()) ?? '')?.[0];
  expect(number).toBeTruthy();
  return number!;
}

test('a portal case is routed with SLA deadlines, resolved, answered from the CSAT mail onto its timeline, and a low score reopens the next one', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const admin = await apiAs(baseURL, 'admin');
  const suffix = unique().replace(/[^a-z0-9]/g, 'x');
  const word = `чайник${suffix}`;
  const users = (await admin.call('GET', '/users')).body.data as { id: string; email: string }[];
  const anna = users.find((user) => user.email === 'anna@e2e.svyaz.local')!;
  const head = users.find((user) => user.email === 'head@e2e.svyaz.local')!;

  // Through the API: the portal (the workspace's, whatever address it already has), a queue, an SLA policy and
  // a routing rule for portal cases with the test's word, put first so rules other tests left do not catch them.
  let portal = (await admin.call('GET', '/kb/portal')).body as { slug: string | null; enabled: boolean };
  if (!portal.slug || !portal.enabled) {
    const saved = await admin.call('PUT', '/kb/portal', { slug: `help-${suffix}`, title: 'Центр поддержки', enabled: true });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    portal = saved.body;
  }
  const queue = await admin.call('POST', '/case-queues', { name: `Портал ${suffix}`, memberIds: [anna.id], headUserId: head.id });
  expect(queue.status, JSON.stringify(queue.body)).toBe(201);
  const policy = await admin.call('POST', '/sla-policies', { name: `Портал ${suffix}`, priorities: ['urgent'], firstResponseMinutes: 120, resolutionMinutes: 960, position: 0 });
  expect(policy.status, JSON.stringify(policy.body)).toBe(201);
  const rule = await admin.call('POST', '/case-routing-rules', { name: `Портал ${suffix}`, conditions: { channels: ['portal'], keywords: [word] }, queueId: queue.body.id, assignment: 'round_robin', setPriority: 'urgent' });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  const rules = (await admin.call('GET', '/case-routing-rules')).body.data as { id: string }[];
  expect((await admin.call('POST', '/case-routing-rules/reorder', { ids: [rule.body.id, ...rules.map((item) => item.id).filter((id) => id !== rule.body.id)] })).status).toBe(200);
  const mailbox = await admin.call('POST', '/mailboxes', { name: `Качество ${suffix}`, emailAddress: `quality-${suffix}@e2e.svyaz.local`, shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: 'portal-e2e', password: 'portal-secret' }, skipCheck: true });
  expect(mailbox.status, JSON.stringify(mailbox.body)).toBe(201);
  // Only this test's CSAT survey asks (one left by a retry would send a second mail).
  for (const survey of (await admin.call('GET', '/surveys')).body.data as { id: string; kind: string; isActive: boolean }[]) {
    if (survey.kind === 'csat' && survey.isActive) expect((await admin.call('PATCH', `/surveys/${survey.id}`, { isActive: false })).status).toBe(200);
  }

  // In the browser, the administrator: a complaint category, then the CSAT survey.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, baseURL, 'admin');
  const categoryKey = `delivery_${suffix}`;
  const categoryName = `Жалоба на доставку ${suffix}`;
  await adminPage.goto('/settings/service-desk');
  await adminPage.locator('#category-key').fill('Не латиница');
  await adminPage.locator('#category-name-ru').fill(categoryName);
  await adminPage.locator('#category-name-en').fill(`Delivery complaint ${suffix}`);
  await adminPage.getByRole('button', { name: 'Добавить категорию' }).click();
  await expect(adminPage.locator('#category-key-error')).toBeVisible();
  await adminPage.locator('#category-key').fill(categoryKey);
  await adminPage.getByRole('form', { name: 'Добавить категорию' }).getByLabel('Жалоба', { exact: true }).check();
  await adminPage.getByRole('button', { name: 'Добавить категорию' }).click();
  const categories = adminPage.getByRole('table', { name: 'Категории обращений' });
  await expect(categories.getByRole('row', { name: new RegExp(categoryKey) })).toBeVisible();
  await expect(categories.getByRole('checkbox', { name: `Жалоба: ${categoryName}` })).toBeChecked();
  await expect(categories.getByRole('checkbox', { name: `На портале: ${categoryName}` })).toBeChecked();

  const surveyName = `CSAT ${suffix}`;
  await adminPage.goto('/settings/surveys');
  await adminPage.getByRole('button', { name: 'Новый опрос' }).click();
  const editor = adminPage.getByRole('form', { name: 'Опрос' });
  await editor.locator('#survey-kind').selectOption('csat');
  await editor.locator('#survey-name').fill(surveyName);
  await editor.locator('#survey-subject-ru').fill('Как мы решили ваш вопрос?');
  await editor.locator('#survey-question-ru').fill('Оцените решение обращения');
  await editor.locator('#survey-mailbox').selectOption(mailbox.body.id);
  await expect(editor.locator('#survey-send-after-resolution')).toBeChecked();
  await editor.locator('#survey-low-score-action').selectOption('flag');
  await editor.getByRole('button', { name: 'Сохранить' }).click();
  await expect(adminPage.getByText('Опрос сохранён')).toBeVisible();
  const surveyRow = adminPage.getByRole('row', { name: new RegExp(surveyName) });
  await expect(surveyRow).toContainText('после решения · отмечает обращение для руководителя');
  // Changed: a low score reopens the case.
  await surveyRow.getByRole('button', { name: 'Изменить' }).click();
  await expect(editor.locator('#survey-low-score-action')).toHaveValue('flag');
  await editor.locator('#survey-low-score-action').selectOption('reopen');
  await editor.getByRole('button', { name: 'Сохранить' }).click();
  await expect(surveyRow).toContainText('после решения · открывает обращение снова');
  const stored = ((await admin.call('GET', '/surveys')).body.data as { name: string; sendAfterResolution: boolean; lowScoreAction: string; mailboxId: string }[]).find((item) => item.name === surveyName);
  expect(stored).toMatchObject({ sendAfterResolution: true, lowScoreAction: 'reopen', mailboxId: mailbox.body.id });

  // A customer on the public portal, without logging in.
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const firstEmail = `olga-${suffix}@client.example`;
  const firstSubject = `Сломался ${word} при доставке`;
  const firstNumber = await submitPortalCase(customer, admin, { name: 'Ольга Покупателева', email: firstEmail, subject: firstSubject, description: 'Курьер привёз коробку со сломанной ручкой.', category: categoryKey });
  const found = await admin.call('GET', `/cases?filter[number][eq]=${firstNumber}`);
  const firstCase = found.body.data[0] as { id: string; queueId: string; ownerId: string; channel: string; category: string; priority: string; slaPolicyId: string; firstResponseDueAt: string | null; resolutionDueAt: string | null };
  expect(firstCase).toMatchObject({ queueId: queue.body.id, ownerId: anna.id, channel: 'portal', category: categoryKey, priority: 'urgent', slaPolicyId: policy.body.id });
  expect(firstCase.firstResponseDueAt).not.toBeNull();
  expect(firstCase.resolutionDueAt).not.toBeNull();

  // Anna: the case is on her desk with the category's name; the card shows the queue and the deadlines.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signIn(agent, baseURL, 'managerA');
  await agent.goto('/service-desk');
  await agent.getByRole('tab', { name: 'Мои' }).click();
  const row = agent.getByRole('listitem').filter({ hasText: firstSubject });
  await expect(row).toContainText(categoryName);
  await expect(row).not.toContainText(categoryKey);
  await row.getByRole('link', { name: firstSubject }).click();
  await expect(agent.getByRole('heading', { name: firstSubject })).toBeVisible();
  await expect(agent.getByTestId('case-queue')).toHaveText(`Портал ${suffix}`);
  // The deadlines the server computed, as the browser (ru, Moscow) writes them.
  const shown = (iso: string) => new Intl.DateTimeFormat('ru', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Moscow' }).format(new Date(iso));
  await expect(agent.getByTestId('case-first-response-due')).toHaveText(shown(firstCase.firstResponseDueAt!));
  await expect(agent.getByTestId('case-resolution-due')).toHaveText(shown(firstCase.resolutionDueAt!));
  await expect(agent.locator('dl.facts')).toContainText(categoryName);
  await agent.getByRole('group', { name: 'Статус обращения' }).getByRole('button', { name: 'Взять в работу', exact: true }).click();
  await expect(agent.getByRole('group', { name: 'Статус обращения' }).locator('.case-badge')).toHaveText('В работе');
  await agent.getByRole('group', { name: 'Статус обращения' }).getByRole('button', { name: 'Решено', exact: true }).click();
  await expect(agent.getByRole('group', { name: 'Статус обращения' }).locator('.case-badge')).toHaveText('Решено');
  await expect(agent.getByTestId('case-resolution-due')).toContainText('выполнено');

  // The CSAT mail reaches the customer's mail server; the customer answers "5" in one click and adds a comment.
  const fiveLink = await csatLink(admin, firstEmail, 5);
  await customer.goto(fiveLink);
  await expect(customer.getByText('Ваша оценка сохранена')).toBeVisible();
  await customer.locator('textarea[name="comment"]').fill('Заменили быстро, спасибо');
  await customer.getByRole('button', { name: 'Отправить' }).click();
  await expect(customer.getByRole('heading', { name: 'Спасибо за ответ!' })).toBeVisible();

  // Anna sees the answer on the case's timeline.
  await agent.reload();
  await agent.getByRole('tab', { name: 'История' }).click();
  const timeline = agent.locator('.timeline');
  await expect(timeline.getByText(`Опрос · ${surveyName}`)).toBeVisible();
  await expect(timeline.getByText('Оценка 5', { exact: true })).toBeVisible();
  await expect(timeline.getByText('Заменили быстро, спасибо')).toBeVisible();
  await expect(agent.getByRole('group', { name: 'Статус обращения' }).locator('.case-badge')).toHaveText('Решено');

  // A second customer: resolved, answered "1" from the mail, and the case comes back reopened.
  const secondEmail = `pavel-${suffix}@client.example`;
  const secondSubject = `Опять ${word} пришёл разбитым`;
  const secondNumber = await submitPortalCase(customer, admin, { name: 'Павел Недовольный', email: secondEmail, subject: secondSubject, description: 'Вторая доставка и снова бой.', category: categoryKey });
  const second = (await admin.call('GET', `/cases?filter[number][eq]=${secondNumber}`)).body.data[0] as { id: string; ownerId: string };
  expect(second.ownerId).toBe(anna.id);
  await agent.goto(`/cases/${second.id}`);
  await agent.getByRole('group', { name: 'Статус обращения' }).getByRole('button', { name: 'Решено', exact: true }).click();
  await expect(agent.getByRole('group', { name: 'Статус обращения' }).locator('.case-badge')).toHaveText('Решено');
  const oneLink = await csatLink(admin, secondEmail, 1);
  await customer.goto(oneLink);
  await expect(customer.getByText('Ваша оценка сохранена')).toBeVisible();
  await agent.reload();
  await expect(agent.getByRole('group', { name: 'Статус обращения' }).locator('.case-badge')).toHaveText('Открыто снова');
  await agent.getByRole('tab', { name: 'История' }).click();
  await expect(agent.locator('.timeline').getByText('Оценка 1 (порог 2): обращение открыто снова')).toBeVisible();
  await expect(agent.locator('.timeline').getByText(/^Оценка 1/).first()).toBeVisible();
  // The team head (the queue's head) was told.
  const headApi = await apiAs(baseURL, 'head');
  const notes = (await headApi.call('GET', '/notifications')).body.data as { title: string; recordId: string }[];
  expect(notes.some((note) => note.recordId === second.id && note.title.includes('Низкая оценка 1'))).toBe(true);

  // The complaints report (linked from the desk) counts both cases under the new category, one reopened.
  await agent.goto('/service-desk');
  await agent.getByRole('link', { name: 'Жалобы и отказы' }).click();
  await expect(agent.getByRole('heading', { name: 'Жалобы, претензии и отказы' })).toBeVisible();
  await expect(agent.getByRole('checkbox', { name: categoryName })).toBeChecked();
  const byCategory = agent.getByRole('table', { name: 'По категориям' });
  const reportRow = byCategory.getByRole('row', { name: new RegExp(categoryName) });
  await expect(reportRow.getByRole('cell').nth(1)).toHaveText('2');
  await expect(reportRow.getByRole('cell').nth(2)).toHaveText('1');
  await expect(reportRow.getByRole('cell').nth(3)).toContainText('1 (50');
  await expect(agent.getByRole('img', { name: 'По категориям' })).toBeVisible();
  // A click on the category opens the case list filtered by it, its chip named, not keyed.
  await reportRow.getByRole('button', { name: categoryName }).click();
  await expect(agent.getByText(firstSubject)).toBeVisible();
  await expect(agent.getByText(secondSubject)).toBeVisible();
  // List cells and the filter's chip name the category; the key shows nowhere.
  await expect(agent.getByText(categoryName).first()).toBeVisible();
  await expect(agent.getByText(categoryKey)).toHaveCount(0);

  await Promise.all([adminContext.close(), customerContext.close(), agentContext.close()]);
});
