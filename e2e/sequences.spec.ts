// Trigger sequences as a marketer and a manager meet them (issue 14). In Russian: the administrator builds "on a
// new order of the product: a thank-you email, wait a day, a call task" in the sequence editor, pauses and
// resumes it; a manager's new orders enrol two customers; the thank-you arrives at the loopback SMTP server; the
// contact's card shows the enrolment on its task step; Stop on one card stops it there, and after the wait only
// the other customer gets the call task. In English: a new product's card proposes the customers who bought its
// category, and the announcement sent from there reaches them through the same SMTP server and shows on the card.
// The steps are run through POST /sequences/advance (the every-minute job runs the same), its `at` moving the
// clock past the wait (SEQUENCES_TEST_CLOCK on the e2e server).
import { simpleParser } from 'mailparser';
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { login } from './api';
import { startSmtpServer, type TestSmtpServer } from '../packages/server/src/test/mail-servers';

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startSmtpServer({ 'sequences-e2e': 'smtp-secret' });
});
test.afterAll(async () => {
  await smtp?.stop();
});

const DAY = 86_400_000;
const ascii = (suffix: string) => suffix.toLowerCase().replace(/[^a-z0-9]/g, '');

async function mailbox(baseURL: string, name: string, address: string): Promise<string> {
  const admin = await apiAs(baseURL, 'admin');
  const created = await admin.call('POST', '/mailboxes', { name, emailAddress: address, shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: 'sequences-e2e', password: 'smtp-secret' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function mailTo(address: string, before: number) {
  for (let count = before + 1; ; count++) {
    const mails = (await smtp.waitFor(count, 30_000)).slice(before);
    const found = mails.find((mail) => mail.to.includes(address));
    if (found) return simpleParser(found.raw);
  }
}

test('an administrator builds a purchase sequence; a new order enrols the customer, the thank-you arrives, the card shows it and Stop stops it', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await apiAs(baseURL, 'admin');
  const anna = await apiAs(baseURL, 'managerA');
  const suffix = unique();
  const boxName = `Продажи ${suffix}`;
  const boxAddress = `seq-${ascii(suffix)}@e2e.svyaz.local`;
  await mailbox(baseURL, boxName, boxAddress);
  const productName = `Кофемашина ${suffix}`;
  const product = await admin.call('POST', '/products', { sku: `SEQ-${suffix}`, name: productName, price: '25000' });
  expect(product.status, JSON.stringify(product.body)).toBe(201);
  const petrAddress = `petr-${ascii(suffix)}@example.ru`;
  const olgaAddress = `olga-${ascii(suffix)}@example.ru`;
  const petr = await anna.call('POST', '/contacts', { firstName: 'Пётр', lastName: `Покупателев ${suffix}`, emails: [petrAddress], marketingConsent: true });
  const olga = await anna.call('POST', '/contacts', { firstName: 'Ольга', lastName: `Заказова ${suffix}`, emails: [olgaAddress], marketingConsent: true });
  expect([petr.status, olga.status]).toEqual([201, 201]);

  // The administrator builds the sequence in the editor.
  await signIn(page, baseURL, 'admin');
  await page.goto('/sequences');
  await page.getByRole('link', { name: 'Новая цепочка' }).click();
  const editor = page.getByRole('form', { name: 'Редактор цепочки' });
  const name = `Спасибо за заказ ${suffix}`;
  await editor.getByLabel('Название').fill(name);
  await editor.getByLabel('Почтовый ящик отправителя').selectOption({ label: `${boxName} (${boxAddress})` });
  await expect(editor.getByLabel('Когда запускать')).toHaveValue('purchase');
  await editor.getByRole('combobox', { name: 'Товар' }).fill(productName);
  await page.getByRole('option', { name: productName }).click();
  const email = editor.getByRole('listitem', { name: 'Шаг 1: Письмо' });
  await email.getByLabel('Тема').fill('Спасибо за заказ, {{contact.firstName}}!');
  await email.getByLabel('Текст письма').fill('Здравствуйте, {{contact.fullName}}!\n\nВаш заказ «{{product.name}}» принят. Ваш менеджер {{owner.name}}.');
  await editor.getByRole('button', { name: '+ Пауза' }).click();
  await expect(editor.getByRole('listitem', { name: 'Шаг 2: Пауза' }).getByLabel('Дней')).toHaveValue('1');
  await editor.getByRole('button', { name: '+ Задача' }).click();
  await editor.getByRole('listitem', { name: 'Шаг 3: Задача' }).getByLabel('Задача для ответственного').fill('Позвонить {{contact.fullName}}: всё ли в порядке с заказом');
  await editor.getByRole('button', { name: 'Сохранить цепочку' }).click();

  await expect(page.getByRole('heading', { name })).toBeVisible();
  const sequenceId = /\/sequences\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  expect(sequenceId).toBeTruthy();
  const detail = page.locator('.sequence-detail');
  await expect(detail.getByText(`покупка: ${productName}`)).toBeVisible();
  await expect(detail.getByText('пауза 1 день')).toBeVisible();
  // Pause and resume.
  await detail.getByRole('button', { name: 'Пауза' }).click();
  await expect(page.getByTestId('sequence-status')).toHaveText('На паузе');
  await detail.getByRole('button', { name: 'Запустить' }).click();
  await expect(page.getByTestId('sequence-status')).toHaveText('Активна');

  // The manager's new orders enrol both customers.
  for (const contact of [petr, olga]) {
    const order = await anna.call('POST', '/orders', { contactId: contact.body.id, lines: [{ productId: product.body.id, quantity: '1' }] });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
  }
  await page.reload();
  await expect(page.getByTestId('sequence-enrolled')).toHaveText('2');
  await expect(page.locator('.sequences-list li.active')).toContainText('вошло 2 · идёт 2 · завершено 0');

  // The runner sends the thank-you; it arrives at the SMTP server, personalised.
  const before = smtp.count;
  const ran = await admin.call('POST', '/sequences/advance', {});
  expect(ran.status, JSON.stringify(ran.body)).toBe(200);
  const mail = await mailTo(petrAddress, before);
  expect(mail.subject).toBe('Спасибо за заказ, Пётр!');
  expect(mail.text).toContain(`Ваш заказ «${productName}» принят. Ваш менеджер Анна Менеджер.`);

  // The contact's card: on the task step after the wait; Stop stops it.
  await signIn(page, baseURL, 'managerA');
  await page.goto(`/contacts/${petr.body.id}`);
  const panel = page.getByRole('region', { name: 'Цепочки' });
  const enrolment = panel.getByTestId('contact-sequence');
  await expect(enrolment).toContainText(name);
  await expect(enrolment).toContainText('идёт');
  await expect(enrolment).toContainText(`Шаг 3 из 3: задача «Позвонить {{contact.fullName}}: всё ли в порядке с заказом»`);
  await enrolment.getByText(/^История/).click();
  await expect(enrolment.getByText('шаг · Письмо · отправлено')).toBeVisible();
  await enrolment.getByRole('button', { name: 'Остановить' }).click();
  await expect(enrolment).toContainText('остановлена');
  await expect(enrolment).toContainText('вручную');
  await expect(enrolment.getByRole('button', { name: 'Остановить' })).toHaveCount(0);

  // After the wait: the call task for Olga only, whose sequence is finished.
  const later = await admin.call('POST', '/sequences/advance', { at: new Date(Date.now() + DAY + 3_600_000).toISOString() });
  expect(later.status, JSON.stringify(later.body)).toBe(200);
  const tasksOf = async (contactId: string) => (await anna.call('GET', `/tasks?filter[recordId]=${contactId}`)).body.data.map((task: { title: string }) => task.title);
  expect(await tasksOf(olga.body.id)).toContain(`Позвонить Заказова ${suffix} Ольга: всё ли в порядке с заказом`);
  expect((await tasksOf(petr.body.id)).filter((title: string) => title.startsWith('Позвонить'))).toEqual([]);
  await page.goto(`/contacts/${olga.body.id}`);
  await expect(page.getByRole('region', { name: 'Цепочки' }).getByTestId('contact-sequence')).toContainText('завершена');
});

test('in English, a new product’s card proposes the customers who bought its category and the announcement reaches them', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await apiAs(baseURL, 'admin');
  const suffix = ascii(unique());
  const password = 'english-sequences-password-1';
  const email = `en-marketer-${suffix}@e2e.svyaz.local`;
  const marketer = await admin.call('POST', '/users', { email, name: `Mary Marketer ${suffix}`, password, role: 'admin', locale: 'en' });
  expect(marketer.status, JSON.stringify(marketer.body)).toBe(201);
  const marketerApi = await login(baseURL, email, password);
  const boxName = `Marketing ${suffix}`;
  const boxAddress = `news-${suffix}@e2e.svyaz.local`;
  await mailbox(baseURL, boxName, boxAddress);
  const category = `Coffee ${suffix}`;
  const beans = await admin.call('POST', '/products', { sku: `BEANS-${suffix}`, name: `Beans ${suffix}`, category, price: '900' });
  const address = `john-${suffix}@example.com`;
  const buyer = await admin.call('POST', '/contacts', { firstName: 'John', lastName: `Buyer ${suffix}`, emails: [address], marketingConsent: true });
  expect((await admin.call('POST', '/orders', { contactId: buyer.body.id, lines: [{ productId: beans.body.id, quantity: '2' }] })).status).toBe(201);
  const grinder = await admin.call('POST', '/products', { sku: `GRIND-${suffix}`, name: `Grinder ${suffix}`, category, price: '5000' });
  expect(grinder.status, JSON.stringify(grinder.body)).toBe(201);

  const response = await fetch(`${baseURL}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0].split('=').slice(1).join('=');
  await page.context().addCookies([{ name: 'svyaz_session', value: cookie, url: baseURL }]);
  await page.goto(`/products/${grinder.body.id}`);
  const panel = page.getByRole('region', { name: 'Who to tell about this product' });
  await expect(panel.getByTestId('announcement-count')).toHaveText('1 customer this product may suit');
  const row = panel.getByRole('row', { name: new RegExp(`Buyer ${suffix}`) });
  await expect(row).toContainText(`bought Beans ${suffix} of the same category (1 order, last`);
  await panel.getByLabel('Send from mailbox').selectOption({ label: `${boxName} (${boxAddress})` });
  await expect(panel.getByLabel('Subject')).toHaveValue('{{product.name}} is now available');
  page.once('dialog', (dialog) => void dialog.accept());
  await panel.getByRole('button', { name: 'Send to 1 customer' }).click();
  await expect(panel.getByRole('status')).toContainText('The announcement is on its way to 1 customer.');

  const before = smtp.count;
  expect((await marketerApi.call('POST', '/sequences/advance', {})).status).toBe(200);
  const mail = await mailTo(address, before);
  expect(mail.subject).toBe(`Grinder ${suffix} is now available`);
  expect(mail.text).toContain('Hello John,');

  await page.goto(`/contacts/${buyer.body.id}`);
  const enrolment = page.getByRole('region', { name: 'Sequences' }).getByTestId('contact-sequence');
  await expect(enrolment).toContainText(`Grinder ${suffix}: announcement`);
  await expect(enrolment).toContainText('finished');
  await expect(enrolment).toContainText('Finished');
});
