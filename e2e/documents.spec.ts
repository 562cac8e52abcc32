// Documents in the browser: a manager generates an invoice from a deal on its Documents tab and downloads
// the PDF (read back with pdftotext: the supplier's INN, the buyer, the total in Russian words); then
// "Отправить КП" generates the offer, opens the compose dialog with the PDF attached, sends it through the
// loopback SMTP server, and the client's reply (In-Reply-To the sent message) arrives on the deal's timeline.
import { execFileSync } from 'node:child_process';
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { dovecotAvailable, startDovecot, startSmtpServer, type TestDovecot, type TestSmtpServer } from '../packages/server/src/test/mail-servers';
import { amountInRussianWords } from '../packages/server/src/modules/documents/amount-in-words';

let smtp: TestSmtpServer;
let imap: TestDovecot;

test.beforeAll(async () => {
  if (!dovecotAvailable()) throw new Error('Dovecot is not installed: apt-get install dovecot-imapd (.ci/run does it)');
  smtp = await startSmtpServer({ 'docs-e2e': 'smtp-secret' });
  imap = await startDovecot({ 'docs-e2e': 'imap-secret' });
});
test.afterAll(async () => {
  await smtp?.stop();
  await imap?.stop();
});

const SUPPLIER_INN = '7707083893';
const BUYER_INN = '7736207543';

async function dealWithBuyer(baseURL: string, who: 'managerA' | 'managerB' = 'managerA') {
  const admin = await apiAs(baseURL, 'admin');
  const settings = await admin.call('PUT', '/document-settings', { name: 'ООО «Связь-Тест»', inn: SUPPLIER_INN, vatRate: 22, vatMode: 'on_top' });
  expect(settings.status).toBe(200);
  const anna = await apiAs(baseURL, who);
  const suffix = unique();
  const clientAddress = `buyer-${suffix.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.ru`;
  const company = await anna.call('POST', '/companies?force=true', { name: `ООО Покупатель ${suffix}`, inn: BUYER_INN });
  expect(company.status).toBe(201);
  const contact = await anna.call('POST', '/contacts', { lastName: `Закупкин ${suffix}`, firstName: 'Пётр', emails: [clientAddress], companyId: company.body.id });
  expect(contact.status).toBe(201);
  const deal = await anna.call('POST', '/deals', { title: `Поставка бумаги ${suffix}`, amount: '42000', contactId: contact.body.id, companyId: company.body.id });
  expect(deal.status).toBe(201);
  return { anna, suffix, clientAddress, company: company.body, deal: deal.body };
}

test('an invoice generated from a deal downloads as a PDF with the details and the total in words', async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  const { company, deal } = await dealWithBuyer(baseURL);
  await signIn(page, baseURL, 'managerA');
  await page.goto(`/deals/${deal.id}`);
  await page.getByRole('tab', { name: 'Документы' }).click();
  await expect(page.getByText('Документов пока нет.')).toBeVisible();
  await page.getByLabel('Вид').selectOption('invoice');
  await page.getByRole('button', { name: 'Сформировать' }).click();
  const row = page.getByTestId('document-row').filter({ hasText: 'Счёт на оплату' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('PDF');
  await page.screenshot({ path: '/tmp/docweb-documents-tab.png', fullPage: true });

  const downloading = page.waitForEvent('download');
  await row.getByRole('link', { name: 'Скачать' }).click();
  const download = await downloading;
  const path = `/tmp/docweb-invoice-${Date.now()}.pdf`;
  await download.saveAs(path);
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  expect(text).toContain(SUPPLIER_INN);
  expect(text).toContain(BUYER_INN);
  expect(text).toContain(company.name);
  // 42 000 + 22 % VAT on top = 51 240 ₽.
  const words = amountInRussianWords('51240.00');
  expect(words.toLowerCase()).toContain('пятьдесят одна тысяча');
  expect(text.replace(/\s+/g, ' ')).toContain(words);

  // A new version keeps the number.
  await row.getByRole('button', { name: 'Новая версия' }).click();
  await expect(page.getByTestId('document-row').filter({ hasText: 'Счёт на оплату' })).toHaveCount(2);
});

test('"send offer" attaches the offer PDF, sends it, and the reply arrives on the deal timeline', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  // Boris, not Anna: e2e/email.spec.ts runs beside this file and replaces Anna's own mailboxes.
  const { anna: boris, suffix, clientAddress, deal } = await dealWithBuyer(baseURL, 'managerB');
  const existing = await boris.call('GET', '/mailboxes');
  for (const mailbox of existing.body.data as { id: string; canManage: boolean }[]) if (mailbox.canManage) await boris.call('DELETE', `/mailboxes/${mailbox.id}`);
  const server = (port: number, login: string, password: string) => ({ host: '127.0.0.1', port, security: 'none', login, password });
  const mailbox = await boris.call('POST', '/mailboxes', { name: 'КП', emailAddress: 'docs@e2e.svyaz.local', shared: false, smtp: server(smtp.port, 'docs-e2e', 'smtp-secret'), imap: server(imap.port, 'docs-e2e', 'imap-secret') });
  expect(mailbox.status).toBe(201);

  await signIn(page, baseURL, 'managerB');
  await page.goto(`/deals/${deal.id}`);
  await page.getByRole('button', { name: 'Отправить КП' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новое письмо' });
  // Shared mailboxes other tests add are offered too: send from this one.
  await dialog.locator('#compose-mailboxId').selectOption(mailbox.body.id);
  await expect(dialog.locator('#compose-to')).toHaveValue(new RegExp(clientAddress));
  await expect(dialog.locator('#compose-subject')).toHaveValue(new RegExp(`^Коммерческое предложение № \\d+: Поставка бумаги ${suffix}`));
  await expect(dialog.getByText(/\.pdf/)).toBeVisible();
  await dialog.locator('#compose-body').fill('Добрый день! Высылаем коммерческое предложение.');
  await dialog.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByText('Письмо поставлено в очередь')).toBeVisible();

  const [sent] = await smtp.waitFor(1, 30_000);
  expect(sent.to).toContain(clientAddress);
  const raw = sent.raw.toString('utf8');
  expect(raw).toMatch(/Content-Type: application\/pdf/i);
  const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1];
  expect(messageId).toBeTruthy();
  await expect(async () => {
    await page.reload();
    await page.getByRole('tab', { name: 'История' }).click();
    await expect(page.locator('.timeline').getByText(new RegExp(`Коммерческое предложение № \\d+: Поставка бумаги ${suffix}`)).first()).toBeVisible({ timeout: 2000 });
    await expect(page.locator('.timeline').getByText('отправлено').first()).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });

  const reply = [
    `From: Пётр Закупкин <${clientAddress}>`,
    'To: docs@e2e.svyaz.local',
    `Subject: Re: КП ${suffix}`,
    `Message-ID: <reply-${Date.now()}@example.ru>`,
    `In-Reply-To: ${messageId}`,
    `References: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Спасибо, КП получили. Ждём счёт.',
    '',
  ].join('\r\n');
  await imap.append('docs-e2e', reply);
  await page.goto('/settings/mail');
  await page.getByRole('row').filter({ hasText: 'docs@e2e.svyaz.local' }).getByRole('button', { name: 'Проверить почту' }).click();
  await expect(page.getByText('1 новое письмо')).toBeVisible();

  await page.goto(`/deals/${deal.id}`);
  await page.getByRole('tab', { name: 'История' }).click();
  const received = page.locator('.timeline li', { hasText: `Re: КП ${suffix}` });
  await expect(received).toContainText('Получено');
});

test('an administrator edits the supplier in Settings → Documents: a bad INN is named beside the field', async ({ page, baseURL }) => {
  await dealWithBuyer(baseURL);
  await signIn(page, baseURL, 'admin');
  await page.goto('/settings/documents');
  await expect(page.locator('#supplier-inn')).toHaveValue(SUPPLIER_INN);
  await expect(page.getByTestId('template-invoice')).toContainText('Встроенный по умолчанию');
  await expect(page.getByText('{buyer.inn}', { exact: true })).toBeVisible();
  await page.screenshot({ path: '/tmp/docweb-settings-documents.png', fullPage: true });
  await page.locator('#supplier-inn').fill('7707083894');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.locator('#supplier-inn-error')).toBeVisible();
  await page.locator('#supplier-inn').fill(SUPPLIER_INN);
  await page.locator('#supplier-director').fill('Иванов И. И.');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Настройки документов сохранены')).toBeVisible();
});
