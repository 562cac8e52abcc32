// A survey as a customer meets it: an administrator's NPS survey goes out through the real loopback SMTP
// server, the customer opens the one-click score link from the received mail (no login), adds a comment
// and sends it, and the manager sees the answer on the contact's timeline in the CRM.
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { startSmtpServer, type TestSmtpServer } from '../packages/server/src/test/mail-servers';

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startSmtpServer({ 'care-e2e': 'smtp-secret' });
});
test.afterAll(async () => {
  await smtp?.stop();
});

test('a customer answers an emailed survey in one click and the answer shows on the contact timeline', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const admin = await apiAs(baseURL, 'admin');
  const anna = await apiAs(baseURL, 'managerA');
  const suffix = unique();
  const address = `nps-${suffix.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.ru`;
  const contact = await anna.call('POST', '/contacts', { lastName: `Опросов ${suffix}`, firstName: 'Пётр', emails: [address] });
  expect(contact.status).toBe(201);
  const mailbox = await admin.call('POST', '/mailboxes', { name: `Забота ${suffix}`, emailAddress: 'care@e2e.svyaz.local', shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: 'care-e2e', password: 'smtp-secret' } });
  expect(mailbox.status, JSON.stringify(mailbox.body)).toBe(201);
  const survey = await admin.call('POST', '/surveys', { kind: 'nps', name: `NPS ${suffix}`, language: 'ru', subject: { ru: 'Как мы работаем?' }, question: { ru: 'Порекомендуете ли вы нас коллегам?' }, mailboxId: mailbox.body.id });
  expect(survey.status, JSON.stringify(survey.body)).toBe(201);
  const sent = await admin.call('POST', `/surveys/${survey.body.id}/send`, { filters: [{ field: 'lastName', op: 'eq', value: `Опросов ${suffix}` }] });
  expect(sent.body).toMatchObject({ sent: 1 });

  const mails = await smtp.waitFor(1, 30_000);
  const mail = mails.find((item) => item.to.includes(address))!;
  const raw = mail.raw.toString('utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const link = /href="(http[^"]+\/s\/[A-Za-z0-9_-]{43}\?score=9)"/.exec(raw)?.[1];
  expect(link).toBeTruthy();

  // The customer clicks "9" in the mail: the score is kept at once, then a comment is added.
  await page.goto(link!);
  await expect(page.getByText('Ваша оценка сохранена')).toBeVisible();
  await expect(page.locator('input[name="score"][value="9"]')).toBeChecked();
  await page.locator('textarea[name="comment"]').fill('Быстро привезли, спасибо');
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('heading', { name: 'Спасибо за ответ!' })).toBeVisible();
  // The same link again: already answered, nothing changes.
  await page.goto(link!.replace('score=9', 'score=2'));
  await expect(page.getByRole('heading', { name: 'Ответ уже получен' })).toBeVisible();

  await signIn(page, baseURL, 'managerA');
  await page.goto(`/contacts/${contact.body.id}`);
  await page.getByRole('tab', { name: 'История' }).click();
  const timeline = page.locator('.timeline');
  await expect(timeline.getByText(`Опрос · NPS ${suffix}`)).toBeVisible();
  await expect(timeline.getByText('Оценка 9')).toBeVisible();
  await expect(timeline.getByText('Быстро привезли, спасибо')).toBeVisible();
});
