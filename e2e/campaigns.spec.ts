// Email campaigns as a marketer runs them: a segment "bought the category last spring" built in the browser, a campaign built there
// (sender, subject with a placeholder, blocks, the segment as audience with its exclusions), the start with
// the count confirmed, the mail through the real loopback SMTP server, the open pixel and a click link from
// the received mail fetched as a mail client would, a won deal of the clicker, and the report showing the
// open, the click and the attributed deal. A contact who unsubscribes on the /u page in the browser gets
// nothing from the next campaign. Then the same in English with a user of its own.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Page } from '@playwright/test';
import { test, expect, signIn, apiAs, unique } from './fixtures';
import { login } from './api';
import { startSmtpServer, type TestSmtpServer } from '../packages/server/src/test/mail-servers';

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startSmtpServer({ 'campaigns-e2e': 'smtp-secret' });
});
test.afterAll(async () => {
  await smtp?.stop();
});

type Api = Awaited<ReturnType<typeof login>>;
const slug = () => unique().toLowerCase().replace(/[^a-z0-9]/g, '');

async function mailboxFor(suffix: string): Promise<{ id: string; address: string }> {
  const admin = await apiAs(process.env.SVYAZ_E2E_URL!, 'admin');
  const address = `news-${suffix}@shop-${suffix}.e2e.test`;
  const created = await admin.call('POST', '/mailboxes', { name: `Рассылки ${suffix}`, emailAddress: address, displayName: 'Шинторг', shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: 'campaigns-e2e', password: 'smtp-secret' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, address };
}

async function contactsWithTag(api: Api, tag: string, people: { firstName: string; consent: boolean }[], suffix: string) {
  const made: { id: string; email: string; firstName: string }[] = [];
  for (const [index, person] of people.entries()) {
    const email = `client${index}-${suffix}@mail.e2e.test`;
    const created = await api.call('POST', '/contacts?force=true', { firstName: person.firstName, lastName: `Клиентов ${suffix}`, emails: [email], marketingConsent: person.consent, tags: [tag] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    made.push({ id: created.body.id, email, firstName: person.firstName });
  }
  return made;
}

async function mailTo(address: string, after = 0): Promise<ParsedMail> {
  let found: ParsedMail | undefined;
  await expect
    .poll(
      async () => {
        const raw = smtp.received.slice(after).find((mail) => mail.to.includes(address));
        found = raw ? await simpleParser(raw.raw) : undefined;
        return Boolean(found);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

/** The tracking links of a received campaign message, on the server the test runs against. */
function linksOf(mail: ParsedMail, baseURL: string) {
  const html = String(mail.html);
  const local = (url: string) => baseURL + new URL(url).pathname;
  const open = /src="(http[^"]+\/t\/o\/[A-Za-z0-9_-]{40}\.gif)"/.exec(html)?.[1];
  const clicks = [...html.matchAll(/href="(http[^"]+\/t\/c\/[A-Za-z0-9_-]{40})"/g)].map((match) => local(match[1]));
  const unsubscribe = /href="(http[^"]+\/u\/[A-Za-z0-9_-]{40})"/.exec(html)?.[1];
  expect(open, 'open pixel').toBeTruthy();
  expect(unsubscribe, 'unsubscribe link').toBeTruthy();
  return { open: local(open!), clicks, unsubscribe: local(unsubscribe!) };
}

/** Builds and saves a campaign in the editor; returns its id from the address bar. */
async function buildCampaign(page: Page, words: { newCampaign: string; name: string; mailbox: string; subject: string; textBlock: string; addButton: string; buttonText: string; buttonUrl: string; segmentKind: string; segment: string; save: string }, values: { name: string; mailboxId: string; subject: string; text: string; segmentId: string; url: string }) {
  await page.getByRole('link', { name: words.newCampaign }).click();
  await page.getByLabel(words.name).fill(values.name);
  await page.getByRole('combobox', { name: words.mailbox }).selectOption(values.mailboxId);
  await page.getByLabel(words.subject, { exact: true }).fill(values.subject);
  await page.getByLabel(words.textBlock).fill(values.text);
  await page.getByRole('button', { name: words.addButton }).click();
  await page.getByLabel(words.buttonText).fill('OK');
  await page.getByLabel(words.buttonUrl).fill(values.url);
  await page.getByRole('radio', { name: words.segmentKind }).check();
  await page.getByRole('combobox', { name: words.segment, exact: true }).selectOption(values.segmentId);
  await page.getByRole('button', { name: words.save }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

test('a marketer mails a segment, sees the open, the click and a won deal in the report; an unsubscribed contact gets nothing more', async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  const suffix = slug();
  const anna = await apiAs(baseURL, 'managerA');
  const tag = `зима-${suffix}`;
  const [olga, petr, noConsent] = await contactsWithTag(anna, tag, [{ firstName: 'Ольга', consent: true }, { firstName: 'Пётр', consent: true }, { firstName: 'Без согласия', consent: false }], suffix);
  // The three bought winter tyres last spring (a category of this test's own); a fourth customer bought them in the summer.
  const admin = await apiAs(baseURL, 'admin');
  const category = `Зимние шины ${suffix}`;
  const tyres = await admin.call('POST', '/products', { sku: `E2E-TYRE-${suffix}`, name: `Шина R16 ${suffix}`, category, price: '5000', stockQuantity: '100' });
  expect(tyres.status, JSON.stringify(tyres.body)).toBe(201);
  const [summer] = await contactsWithTag(anna, `лето-${suffix}`, [{ firstName: 'Летний', consent: true }], `${suffix}s`);
  for (const [buyer, orderedAt] of [[olga!.id, '2026-04-10T10:00:00+03:00'], [petr!.id, '2026-05-20T10:00:00+03:00'], [noConsent!.id, '2026-03-15T10:00:00+03:00'], [summer!.id, '2026-07-01T10:00:00+03:00']] as const) {
    const order = await anna.call('POST', '/orders', { contactId: buyer, orderedAt, lines: [{ productId: tyres.body.id, quantity: '4' }] });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
  }
  const mailbox = await mailboxFor(suffix);

  await signIn(page, baseURL, 'managerA');
  // The segment "bought the category last spring", built in the browser.
  await page.goto('/segments/new');
  await page.getByLabel('Название', { exact: true }).fill(`Шины весной ${suffix}`);
  await page.getByLabel('Добавить условие').selectOption('purchased');
  const purchase = page.getByRole('listitem').filter({ hasText: 'Купил' });
  await purchase.getByLabel('Категория').selectOption(category);
  await purchase.getByLabel('с', { exact: true }).fill('2026-03-01');
  await purchase.getByLabel('по', { exact: true }).fill('2026-05-31');
  await expect(page.getByText('Подходят 3 записи (с вашими правами)')).toBeVisible();
  await page.getByRole('button', { name: 'Сохранить сегмент' }).click();
  await expect(page).toHaveURL(/\/segments\/[0-9a-f-]{36}$/);
  const segment = { body: { id: page.url().split('/').pop()! } };
  await page.goto('/my');
  await page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Рассылки' }).click();
  await expect(page.getByRole('heading', { name: 'Email-рассылки' })).toBeVisible();
  const words = { newCampaign: 'Новая рассылка', name: 'Название рассылки', mailbox: 'Отправитель (почтовый ящик)', subject: 'Тема письма', textBlock: 'Текст 2', addButton: '+ Кнопка', buttonText: 'Надпись на кнопке', buttonUrl: 'Ссылка кнопки (https://…)', segmentKind: 'Сегмент', segment: 'Сегмент', save: 'Сохранить' };
  // An unknown placeholder is pointed out before anything is saved.
  await page.getByRole('link', { name: 'Новая рассылка' }).click();
  await page.getByLabel('Тема письма', { exact: true }).fill('{{contact.discount}} для вас');
  await expect(page.getByText('Неизвестная подстановка: {{contact.discount}}')).toBeVisible();
  await page.goto('/campaigns');
  const campaignName = `Зимние шины ${suffix}`;
  const id = await buildCampaign(page, words, { name: campaignName, mailboxId: mailbox.id, subject: '{{contact.firstName}}, шины к зиме', text: 'Скидка 10% на зимние шины до конца месяца.', segmentId: segment.body.id, url: 'https://shop.example.com/winter?utm_source=mail' });
  const summary = page.getByTestId('audience-summary');
  await expect(summary.getByText('В аудитории: 3')).toBeVisible();
  await expect(summary.getByText('Получат письмо: 2')).toBeVisible();
  await expect(summary.getByText('без согласия на рассылку — 1')).toBeVisible();
  // The server's preview for the first contact of the segment, with their name in the subject.
  await expect(page.getByTestId('preview-subject')).toHaveText(/шины к зиме$/);
  await expect(page.frameLocator('iframe[title="Предпросмотр письма"]').getByText('Скидка 10% на зимние шины')).toBeVisible();
  // A test message to the marketer's own address.
  const beforeTest = smtp.count;
  await page.getByLabel('Адрес для теста').fill(`marketer-${suffix}@mail.e2e.test`);
  await page.getByRole('button', { name: 'Отправить тест' }).click();
  await expect(page.getByText(`Тест отправлен на marketer-${suffix}@mail.e2e.test`)).toBeVisible();
  expect((await mailTo(`marketer-${suffix}@mail.e2e.test`, beforeTest)).subject).toMatch(/^\[Тест\] /);

  // The start asks to confirm the count.
  await page.getByRole('button', { name: 'Запустить…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Запуск рассылки' });
  await expect(dialog.getByText('Получат письмо: 2')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Запустить рассылку' })).toBeDisabled();
  await dialog.getByLabel('Подтверждаю запуск на аудиторию из 3 контактов').check();
  await dialog.getByRole('button', { name: 'Запустить рассылку' }).click();
  await expect(page.getByText('Рассылка запущена')).toBeVisible();

  const olgaMail = await mailTo(olga.email);
  const petrMail = await mailTo(petr.email);
  expect(olgaMail.subject).toBe('Ольга, шины к зиме');
  // Olga's mail client loads the pixel; she clicks the button and lands on the shop.
  const olgaLinks = linksOf(olgaMail, baseURL);
  expect((await fetch(olgaLinks.open)).status).toBe(200);
  const click = await fetch(olgaLinks.clicks.at(-1)!, { redirect: 'manual' });
  expect(click.status).toBe(302);
  expect(click.headers.get('location')).toBe('https://shop.example.com/winter?utm_source=mail');
  // She buys: a won deal inside the attribution window.
  const pipelines = await anna.call('GET', '/pipelines');
  const won = (pipelines.body.data[0].stages as { id: string; kind: string }[]).find((stage) => stage.kind === 'won')!.id;
  const deal = await anna.call('POST', '/deals', { title: `Шины для Ольги ${suffix}`, amount: '48000', contactId: olga.id });
  expect(deal.status, JSON.stringify(deal.body)).toBe(201);
  expect((await anna.call('POST', `/deals/${deal.body.id}/move`, { stageId: won })).status).toBe(200);

  await page.reload();
  await expect(page.getByRole('tab', { name: 'Отчёт' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('stat-delivered').locator('.campaign-stat-value')).toHaveText('2');
  await expect(page.getByTestId('stat-opened').locator('.campaign-stat-value')).toHaveText('1');
  await expect(page.getByTestId('stat-clicked').locator('.campaign-stat-value')).toHaveText('1');
  await expect(page.getByTestId('attributed-deals')).toContainText('1');
  await expect(page.getByTestId('attributed-revenue')).toContainText('48');
  await expect(page.getByRole('cell', { name: 'https://shop.example.com/winter?utm_source=mail' })).toBeVisible();
  await page.getByRole('tab', { name: 'Получатели' }).click();
  await expect(page.getByRole('row', { name: /Без согласия/ })).toContainText('нет согласия на рассылку');

  // Pyotr unsubscribes on the page his mail links to.
  await page.goto(linksOf(petrMail, baseURL).unsubscribe);
  await expect(page.getByText(`Больше не присылать письма на ${petr.email}?`)).toBeVisible();
  await page.getByRole('button', { name: 'Отписаться' }).click();
  await expect(page.getByRole('heading', { name: 'Вы отписаны' })).toBeVisible();

  // The next campaign to the same segment: Olga gets it, Pyotr does not.
  await page.goto('/campaigns');
  const before = smtp.count;
  await buildCampaign(page, words, { name: `Диски ${suffix}`, mailboxId: mailbox.id, subject: 'Диски к шинам', text: 'Литые диски со скидкой.', segmentId: segment.body.id, url: 'https://shop.example.com/wheels' });
  await expect(page.getByTestId('audience-summary').getByText('Получат письмо: 1')).toBeVisible();
  await expect(page.getByTestId('audience-summary').getByText('отписались или адрес недоступен — 1')).toBeVisible();
  await page.getByRole('button', { name: 'Запустить…' }).click();
  await page.getByRole('dialog').getByRole('checkbox').check();
  await page.getByRole('dialog').getByRole('button', { name: 'Запустить рассылку' }).click();
  await expect(page.getByText('Рассылка запущена')).toBeVisible();
  expect((await mailTo(olga.email, before)).subject).toBe('Диски к шинам');
  await page.getByRole('tab', { name: 'Получатели' }).click();
  await expect(page.getByRole('row', { name: /Пётр/ })).toContainText('отписался');
  expect(smtp.received.slice(before).filter((mail) => mail.to.includes(petr.email))).toHaveLength(0);

  // The list shows both campaigns with their figures.
  await page.goto('/campaigns');
  const row = page.getByRole('row', { name: new RegExp(campaignName) });
  await expect(row.getByText('Отправлена')).toBeVisible();
  await expect(row).toContainText('1 · 50');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
});

test('in English: a campaign to a segment, its report with the open and the click', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const suffix = slug();
  const admin = await apiAs(baseURL, 'admin');
  const email = `marketer-${suffix}@e2e.svyaz.local`;
  const password = 'marketer-password-1';
  const user = await admin.call('POST', '/users', { email, name: `Mary Marketer ${suffix}`, password, role: 'head_of_sales' });
  expect(user.status, JSON.stringify(user.body)).toBe(201);
  expect((await admin.call('PATCH', `/users/${user.body.id}`, { locale: 'en' })).status).toBe(200);
  const mary = await login(baseURL, email, password);
  const tag = `winter-${suffix}`;
  const [john] = await contactsWithTag(mary, tag, [{ firstName: 'John', consent: true }], suffix);
  const segment = await mary.call('POST', '/segments', { name: `Winter tyres ${suffix}`, object: 'contacts', visibility: 'private', conditions: [{ kind: 'tags', tags: [tag] }] });
  expect(segment.status, JSON.stringify(segment.body)).toBe(201);
  const mailbox = await mailboxFor(suffix);

  await page.goto('/campaigns');
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('form.login-card button[type=submit]').click();
  await expect(page.getByRole('heading', { name: 'Email campaigns' })).toBeVisible();
  const id = await buildCampaign(
    page,
    { newCampaign: 'New campaign', name: 'Campaign name', mailbox: 'Sender (mailbox)', subject: 'Subject', textBlock: 'Text 2', addButton: '+ Button', buttonText: 'Button label', buttonUrl: 'Button link (https://…)', segmentKind: 'A segment', segment: 'Segment', save: 'Save' },
    { name: `Winter ${suffix}`, mailboxId: mailbox.id, subject: '{{contact.firstName}}, winter tyres are in', text: 'Ten per cent off winter tyres.', segmentId: segment.body.id, url: 'https://shop.example.com/en/winter' },
  );
  await expect(page.getByTestId('audience-summary').getByText('Will receive it: 1')).toBeVisible();
  await page.getByRole('button', { name: 'Start…' }).click();
  await page.getByRole('dialog', { name: 'Start the campaign' }).getByLabel('I confirm the start for an audience of 1 contacts').check();
  await page.getByRole('dialog').getByRole('button', { name: 'Start the campaign' }).click();
  await expect(page.getByText('Campaign started')).toBeVisible();
  const mail = await mailTo(john.email);
  expect(mail.subject).toBe('John, winter tyres are in');
  const links = linksOf(mail, baseURL);
  expect((await fetch(links.open)).status).toBe(200);
  expect((await fetch(links.clicks.at(-1)!, { redirect: 'manual' })).status).toBe(302);
  await page.reload();
  await expect(page.getByTestId('stat-opened').locator('.campaign-stat-value')).toHaveText('1');
  await expect(page.getByTestId('stat-clicked').locator('.campaign-stat-value')).toHaveText('1');
  await expect(page.getByText('Campaign funnel')).toBeVisible();
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
});
