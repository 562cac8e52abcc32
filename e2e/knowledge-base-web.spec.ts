// The knowledge base in the signed-in app. An editor (the head, who has knowledge_base rights) writes and
// publishes an article in the browser, edits it and finds the earlier version in its history, and is told
// plainly when someone else saved in between (409). An agent (Boris, no KB write rights) opens a case whose
// text matches the article, sees it suggested, inserts it into the reply, sends it (a shared mailbox on a
// loopback SMTP server the test starts; the customer's server receives it, the case's timeline shows it)
// and marks it as having resolved the case; the article page then shows one resolution, and Boris sees no
// editor buttons anywhere.
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { simpleParser } from 'mailparser';
import { startSmtpServer, type TestSmtpServer } from '../packages/server/src/test/mail-servers';

let smtp: TestSmtpServer;

test.beforeAll(async () => {
  smtp = await startSmtpServer({ 'kb-e2e': 'kb-secret' });
});
test.afterAll(async () => {
  await smtp?.stop();
});

test('an editor writes and publishes an article; an agent answers a case with it and marks it as resolving the case', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const suffix = unique();
  const word = `роутер${suffix.replace(/[^a-z0-9]/g, '')}`;
  const title = `Роутер ${word} не раздаёт интернет`;

  // The editor writes the article in the browser.
  const editorContext = await browser.newContext();
  const editor = await editorContext.newPage();
  await signIn(editor, baseURL, 'head');
  await editor.goto('/');
  await editor.getByRole('link', { name: 'База знаний' }).first().click();
  await expect(editor.getByRole('heading', { name: 'База знаний', level: 1 })).toBeVisible();
  await editor.getByRole('link', { name: 'Новая статья' }).click();
  await editor.locator('#kb-title').fill(title);
  await editor.locator('#kb-summary').fill('Что проверить, если роутер перестал раздавать интернет');
  await editor.locator('#kb-tags').fill(`роутер, ${word}`);
  await editor.locator('#kb-body').click();
  await editor.keyboard.type(`Перезагрузите ${word} и проверьте кабель провайдера. `);
  await editor.getByRole('button', { name: 'Жирный' }).click();
  await editor.keyboard.type('Индикатор WAN должен гореть.');
  await editor.getByRole('button', { name: 'Опубликовать' }).click();
  await expect(editor.getByText('Сохранено: версия 1, Опубликована')).toBeVisible();
  await expect(editor).toHaveURL(/\/kb\/articles\/[0-9a-f-]{36}\/edit$/);
  const articleId = /articles\/([0-9a-f-]{36})/.exec(editor.url())![1];
  await expect(editor.getByText('Прежних версий нет')).toBeVisible();

  // An edit keeps the first version in the history, where it can be opened.
  await editor.locator('#kb-summary').fill('Проверьте кабель, индикатор WAN и перезагрузите роутер');
  await editor.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(editor.getByText('Сохранено: версия 2, Опубликована')).toBeVisible();
  const history = editor.getByRole('list', { name: 'История версий' });
  await expect(history.getByRole('button', { name: 'Версия 1' })).toBeVisible();
  await history.getByRole('button', { name: 'Версия 1' }).click();
  const versionDialog = editor.getByRole('dialog', { name: 'Версия 1' });
  await expect(versionDialog).toContainText('Что проверить, если роутер перестал раздавать интернет');
  await expect(versionDialog.locator('b')).toHaveText('Индикатор WAN должен гореть.');
  await versionDialog.getByRole('button', { name: 'Отмена' }).click();

  // Someone else saves meanwhile: the editor's save is refused and said so; the newer version can be loaded.
  const head = await apiAs(baseURL, 'head');
  expect((await head.call('PATCH', `/kb/articles/${articleId}`, { tags: ['роутер', word, 'wan'] })).status).toBe(200);
  await editor.locator('#kb-title').fill(`${title} (правка)`);
  await editor.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expect(editor.getByRole('alert')).toContainText('Статью уже сохранил кто-то другой');
  await editor.getByRole('button', { name: 'Загрузить новую версию' }).click();
  await expect(editor.locator('#kb-title')).toHaveValue(title);
  await expect(editor.locator('#kb-tags')).toHaveValue(`роутер, ${word}, wan`);
  await editorContext.close();

  // A shared mailbox to answer from, and Boris's case whose text matches the article.
  const admin = await apiAs(baseURL, 'admin');
  const mailbox = await admin.call('POST', '/mailboxes', {
    name: `База знаний ${suffix}`,
    emailAddress: `kb-${suffix.replace(/[^a-z0-9]/g, '')}@e2e.svyaz.local`,
    shared: true,
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: 'kb-e2e', password: 'kb-secret' },
    skipCheck: true,
  });
  expect(mailbox.status, JSON.stringify(mailbox.body)).toBe(201);
  const boris = await apiAs(baseURL, 'managerB');
  const customer = `client-${suffix.replace(/[^a-z0-9]/g, '')}@example.ru`;
  const created = await boris.call<{ id: string; number: string; subject: string }>('POST', '/cases', {
    subject: `Не работает интернет, ${word} мигает`,
    description: `Клиент перезагружал роутер ${word}, интернет так и не появился. Кабель провайдера на месте?`,
    requesterEmail: customer,
    channel: 'phone',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);

  // The agent answers from the case card with the suggested article.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signIn(agent, baseURL, 'managerB');
  await agent.goto(`/cases/${created.body.id}`);
  await expect(agent.getByRole('heading', { name: created.body.subject })).toBeVisible();
  const panel = agent.getByRole('region', { name: 'Подходящие статьи' });
  const suggestion = panel.getByRole('listitem', { name: title });
  await expect(suggestion).toBeVisible();
  await expect(suggestion.locator('mark').first()).toBeVisible();
  await suggestion.getByRole('button', { name: 'Вставить в ответ' }).click();
  const dialog = agent.getByRole('dialog', { name: 'Новое письмо' });
  await dialog.locator('#compose-mailboxId').selectOption(mailbox.body.id);
  await expect(dialog.locator('#compose-to')).toHaveValue(new RegExp(customer));
  await expect(dialog.locator('#compose-subject')).toHaveValue(`Re: [${created.body.number}] ${created.body.subject}`);
  await expect(dialog.locator('#compose-body')).toContainText(`Перезагрузите ${word} и проверьте кабель провайдера.`);
  await expect(dialog.locator('#compose-body b').last()).toHaveText('Индикатор WAN должен гореть.');
  await dialog.getByRole('button', { name: 'Отправить' }).click();
  await expect(agent.getByText('Письмо поставлено в очередь')).toBeVisible();
  const [sent] = await smtp.waitFor(1, 30_000);
  expect(sent.to).toContain(customer);
  const mail = await simpleParser(sent.raw);
  expect(mail.subject).toBe(`Re: [${created.body.number}] ${created.body.subject}`);
  expect(String(mail.html)).toContain(`Перезагрузите ${word} и проверьте кабель провайдера.`);
  expect(String(mail.html)).toContain('<b>Индикатор WAN должен гореть.</b>');

  await suggestion.getByRole('button', { name: 'Помогла, обращение решено' }).click();
  await expect(agent.getByText('Отмечено: статья решила обращение')).toBeVisible();
  await expect(suggestion.getByRole('status')).toHaveText('Решила это обращение');

  // The answer is on the case's timeline.
  await agent.getByRole('tab', { name: 'История' }).click();
  await expect(agent.locator('.timeline').getByText(`Re: [${created.body.number}]`).first()).toBeVisible();

  // The article page: one resolution, a view counted, and no editor buttons for Boris.
  await agent.goto(`/kb/articles/${articleId}`);
  await expect(agent.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  const stats = agent.getByLabel('Полезность статьи');
  await expect(stats.locator('[data-stat="resolutions"]')).toHaveText('1');
  await expect(stats.locator('[data-stat="views"]')).not.toHaveText('0');
  await expect(agent.locator('.kb-body b')).toHaveText('Индикатор WAN должен гореть.');
  await expect(agent.getByRole('link', { name: 'Редактировать' })).toHaveCount(0);
  await expect(agent.getByRole('button', { name: 'Опубликовать' })).toHaveCount(0);
  await expect(agent.getByRole('button', { name: 'В архив' })).toHaveCount(0);
  await agent.goto(`/kb?q=${encodeURIComponent(word)}`);
  await expect(agent.getByRole('list', { name: 'Статьи' }).getByRole('link', { name: title })).toBeVisible();
  await expect(agent.getByRole('link', { name: 'Новая статья' })).toHaveCount(0);
  await agent.goto(`/kb/articles/${articleId}/edit`);
  await expect(agent.getByText('У вас нет прав писать статьи базы знаний')).toBeVisible();

  // The report lists the article among those that resolve most.
  await agent.goto('/kb/report');
  await expect(agent.getByRole('region', { name: 'Статьи, которые чаще всего решают обращения' }).getByRole('link', { name: title })).toBeVisible();
  await agentContext.close();
});
