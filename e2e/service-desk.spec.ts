// The service desk as an agent meets it: an administrator has a support mailbox (SMTP on loopback, started
// by the test), a queue with the agent in it and a routing rule by keywords. A customer's message comes in
// through the inbound channel (as the portal or a mail gateway posts it); it becomes a case routed to the
// queue and the agent; the agent finds it on her desk, takes it into work and answers by email from the case,
// and the customer's mail server receives the answer.
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { startSmtpServer, type TestSmtpServer } from '../packages/server/src/test/mail-servers';

let smtp: TestSmtpServer;

test.beforeAll(async () => {
  smtp = await startSmtpServer({ 'support-e2e': 'support-secret' });
});
test.afterAll(async () => {
  await smtp?.stop();
});

test('an inbound message becomes a routed case that the agent answers from her desk', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const admin = await apiAs(baseURL, 'admin');
  const suffix = unique();
  const users = await admin.call('GET', '/users');
  const anna = (users.body.data as { id: string; email: string }[]).find((user) => user.email === 'anna@e2e.svyaz.local')!;
  const queue = await admin.call('POST', '/case-queues', { name: `Гарантия ${suffix}`, memberIds: [anna.id], escalationMinutes: 30 });
  expect(queue.status).toBe(201);
  const keyword = `насос${suffix.toLowerCase().replace(/[^a-zа-я0-9]/g, '')}`;
  const rule = await admin.call('POST', '/case-routing-rules', { name: `Гарантия ${suffix}`, conditions: { keywords: [keyword] }, queueId: queue.body.id, assignment: 'round_robin' });
  expect(rule.status).toBe(201);
  // Put the new rule first, so rules other tests left do not catch the message.
  const rules = await admin.call('GET', '/case-routing-rules');
  const ids = (rules.body.data as { id: string }[]).map((item) => item.id).filter((id) => id !== rule.body.id);
  expect((await admin.call('POST', '/case-routing-rules/reorder', { ids: [rule.body.id, ...ids] })).status).toBe(200);
  const mailbox = await admin.call('POST', '/mailboxes', {
    name: `Поддержка ${suffix}`,
    emailAddress: `support-${suffix.toLowerCase().replace(/[^a-z0-9]/g, '')}@e2e.svyaz.local`,
    shared: true,
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: 'support-e2e', password: 'support-secret' },
    isSupport: true,
    skipCheck: true,
  });
  expect(mailbox.status, JSON.stringify(mailbox.body)).toBe(201);

  const client = `client-${suffix.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.ru`;
  const subject = `Не качает ${keyword} по гарантии`;
  const inbound = await admin.call('POST', '/cases/inbound', { mailboxId: mailbox.body.id, from: client, fromName: 'Олег Клиентов', subject, text: 'Купили в марте, перестал работать.', messageId: `<${suffix}@example.ru>` });
  expect(inbound.status).toBe(201);
  const created = await admin.call('GET', `/cases/${inbound.body.caseId}`);
  expect(created.body).toMatchObject({ queueId: queue.body.id, ownerId: anna.id, status: 'new', channel: 'email', requesterEmail: client });

  // The agent: her desk shows the case; she opens it, takes it and answers.
  await signIn(page, baseURL, 'managerA');
  await page.goto('/');
  await page.getByRole('link', { name: 'Обращения' }).first().click();
  await expect(page.getByRole('heading', { name: 'Обращения' })).toBeVisible();
  await page.getByRole('tab', { name: 'Мои' }).click();
  await page.getByRole('link', { name: subject }).click();
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  await page.getByRole('button', { name: 'Взять в работу' }).click();
  await expect(page.getByRole('group', { name: 'Статус обращения' }).getByText('В работе')).toBeVisible();
  await page.getByRole('button', { name: 'Написать письмо' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новое письмо' });
  // Anna may also have mailboxes of her own (other tests give her some): she answers from the support one.
  await dialog.locator('#compose-mailboxId').selectOption(mailbox.body.id);
  await expect(dialog.locator('#compose-to')).toHaveValue(new RegExp(client));
  await dialog.locator('#compose-subject').fill(`Re: [${created.body.number as string}] ${subject}`);
  await dialog.locator('#compose-body').fill('Здравствуйте! Заберём насос на диагностику завтра.');
  await dialog.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByText('Письмо поставлено в очередь')).toBeVisible();

  const [sent] = await smtp.waitFor(1, 30_000);
  expect(sent.to).toContain(client);
  const answered = await admin.call('GET', `/cases/${inbound.body.caseId}`);
  expect(answered.body.status).toBe('in_progress');
  expect(answered.body.firstResponseAt).not.toBeNull();
  // The conversation is on the case's timeline: the customer's message and the answer.
  await page.getByRole('tab', { name: 'История' }).click();
  await expect(page.locator('.timeline').getByText(subject).first()).toBeVisible();
  await expect(page.locator('.timeline').getByText(`Re: [${created.body.number as string}]`).first()).toBeVisible();
});
