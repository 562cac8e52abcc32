// Email as a manager uses it, against real mail servers on loopback that the test starts (smtp-server
// for outgoing mail, Dovecot for incoming): she adds her mailbox in Settings → Mail (a wrong password is
// named beside the password field), writes to a deal's contact from the deal card, the SMTP server gets
// the message, and the contact's reply, put into her IMAP inbox, arrives on the deal's timeline.
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { dovecotAvailable, startDovecot, startSmtpServer, type TestDovecot, type TestSmtpServer } from '../packages/server/src/test/mail-servers';

let smtp: TestSmtpServer;
let imap: TestDovecot;

test.beforeAll(async () => {
  if (!dovecotAvailable()) throw new Error('Dovecot is not installed: apt-get install dovecot-imapd (.ci/run does it)');
  smtp = await startSmtpServer({ 'anna-e2e': 'smtp-secret' });
  imap = await startDovecot({ 'anna-e2e': 'imap-secret' });
});
test.afterAll(async () => {
  await smtp?.stop();
  await imap?.stop();
});

test('a manager sets up her mailbox, writes from a deal and sees the reply on its timeline', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const anna = await apiAs(baseURL, 'managerA');
  const suffix = unique();
  const clientAddress = `client-${suffix.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.ru`;
  const contact = await anna.call('POST', '/contacts', { lastName: `Письмов ${suffix}`, firstName: 'Олег', emails: [clientAddress] });
  expect(contact.status).toBe(201);
  const deal = await anna.call('POST', '/deals', { title: `Поставка бумаги ${suffix}`, amount: '42000', contactId: contact.body.id });
  expect(deal.status).toBe(201);

  // Remove mailboxes a retried run may have left, so the form starts from a clean state.
  const existing = await anna.call('GET', '/mailboxes');
  for (const mailbox of existing.body.data as { id: string; canManage: boolean }[]) if (mailbox.canManage) await anna.call('DELETE', `/mailboxes/${mailbox.id}`);

  await signIn(page, baseURL, 'managerA');
  await page.goto('/settings/mail');
  await page.getByRole('button', { name: 'Добавить ящик' }).click();
  await page.locator('#mailbox-name').fill('Мой ящик');
  await page.locator('#mailbox-emailAddress').fill('anna@e2e.svyaz.local');
  await page.locator('#mailbox-smtp-host').fill('127.0.0.1');
  await page.locator('#mailbox-smtp-port').fill(String(smtp.port));
  await page.locator('#mailbox-smtp-security').selectOption('none');
  await page.locator('#mailbox-smtp-login').fill('anna-e2e');
  await page.locator('#mailbox-smtp-password').fill('wrong-password');
  await page.locator('#mailbox-imap-host').fill('127.0.0.1');
  await page.locator('#mailbox-imap-port').fill(String(imap.port));
  await page.locator('#mailbox-imap-security').selectOption('none');
  await page.locator('#mailbox-imap-login').fill('anna-e2e');
  await page.locator('#mailbox-imap-password').fill('imap-secret');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  // The live check fails on authentication and says so beside the SMTP password.
  await expect(page.locator('#mailbox-smtp-password-error')).toContainText('anna-e2e');
  await page.locator('#mailbox-smtp-password').fill('smtp-secret');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Ящик сохранён, серверы ответили')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Мой ящик личный' })).toBeVisible();

  // Write from the deal card to the deal's contact.
  await page.goto(`/deals/${deal.body.id}`);
  await page.getByRole('button', { name: 'Написать письмо' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новое письмо' });
  await expect(dialog.locator('#compose-to')).toHaveValue(new RegExp(clientAddress));
  await dialog.locator('#compose-subject').fill(`Коммерческое предложение ${suffix}`);
  await dialog.locator('#compose-body').fill('Добрый день! Высылаем условия поставки.');
  await dialog.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByText('Письмо поставлено в очередь')).toBeVisible();

  const [sent] = await smtp.waitFor(1, 30_000);
  expect(sent.to).toContain(clientAddress);
  const raw = sent.raw.toString('utf8');
  const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1];
  expect(messageId).toBeTruthy();
  await expect(async () => {
    await page.reload();
    await page.getByRole('tab', { name: 'История' }).click();
    await expect(page.locator('.timeline').getByText(`Коммерческое предложение ${suffix}`).first()).toBeVisible({ timeout: 2000 });
    await expect(page.locator('.timeline').getByText('отправлено').first()).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });

  // The contact answers; the reply lands in the IMAP inbox and "Check mail now" brings it in.
  const reply = [
    `From: Олег Письмов <${clientAddress}>`,
    'To: anna@e2e.svyaz.local',
    `Subject: Re: Коммерческое предложение ${suffix}`,
    `Message-ID: <reply-${Date.now()}@example.ru>`,
    `In-Reply-To: ${messageId}`,
    `References: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Спасибо, условия подходят. Ждём счёт.',
    '',
  ].join('\r\n');
  await imap.append('anna-e2e', reply);
  await page.goto('/settings/mail');
  await page.getByRole('button', { name: 'Проверить почту' }).click();
  await expect(page.getByText('1 новое письмо')).toBeVisible();

  await page.goto(`/deals/${deal.body.id}`);
  await page.getByRole('tab', { name: 'История' }).click();
  const received = page.locator('.timeline li', { hasText: `Re: Коммерческое предложение ${suffix}` });
  await expect(received).toContainText('Получено');
  await received.getByText('Показать письмо').click();
  await expect(received).toContainText('Ждём счёт');
});
