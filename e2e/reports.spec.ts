// The head of sales in the browser: builds "won amount by manager and month" in the report builder,
// saves it for the team, puts it on a team dashboard, drills into a cell, and mails it on a schedule
// (a real SMTP server on loopback receives the XLSX). A second head works in English: arranges a
// dashboard (add, widen, reorder) and the arrangement is kept.
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { test, expect, apiAs, signIn, unique } from './fixtures';
import { login } from './api';
import { startSmtpServer, type TestSmtpServer } from '../packages/server/src/test/mail-servers';

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startSmtpServer({ 'reports-e2e': 'smtp-secret' });
});
test.afterAll(async () => {
  await smtp?.stop();
});

async function wonDeals(baseURL: string, prefix: string, amounts: number[]) {
  const anna = await apiAs(baseURL, 'managerA');
  const pipelines = await anna.call('GET', '/pipelines');
  const won = pipelines.body.data[0].stages.find((stage: { kind: string }) => stage.kind === 'won');
  for (const [index, amount] of amounts.entries()) {
    const deal = await anna.call('POST', '/deals', { title: `${prefix} ${index}`, amount: String(amount) });
    expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    expect((await anna.call('POST', `/deals/${deal.body.id}/move`, { stageId: won.id })).status).toBe(200);
  }
}

test('head of sales builds won amount by manager and month, puts it on a dashboard and mails it', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const suffix = unique();
  const prefix = `Отчётная ${suffix}`;
  await wonDeals(baseURL, prefix, [120_000, 30_500]);
  const admin = await apiAs(baseURL, 'admin');
  const mailbox = await admin.call('POST', '/mailboxes', { name: `Отчёты ${suffix}`, emailAddress: 'reports@e2e.svyaz.local', shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: 'reports-e2e', password: 'smtp-secret' } });
  expect(mailbox.status, JSON.stringify(mailbox.body)).toBe(201);

  await signIn(page, baseURL, 'head');
  await page.goto('/reports/new');
  const form = page.getByRole('form', { name: 'Конструктор отчёта' });
  await form.getByRole('button', { name: 'Добавить фильтр' }).click();
  await form.getByTestId('filter-0').getByLabel('Поле').selectOption('title');
  await form.getByTestId('filter-0').getByLabel('Условие').selectOption('contains');
  await form.getByTestId('filter-0').getByLabel('Значение').fill(prefix);
  await form.getByRole('button', { name: 'Добавить фильтр' }).click();
  await form.getByTestId('filter-1').getByLabel('Поле').selectOption('stageKind');
  await form.getByTestId('filter-1').getByLabel('Значение').fill('won');
  await form.getByTestId('group-0').getByRole('combobox').first().selectOption('closedAt');
  await form.getByRole('button', { name: 'Добавить группировку' }).click();
  await form.getByTestId('group-1').getByRole('combobox').first().selectOption('ownerId');
  await form.getByTestId('measure-0').getByRole('combobox').first().selectOption('sum');
  await form.getByTestId('measure-0').getByRole('combobox').nth(1).selectOption('amount');
  const table = page.getByTestId('report-table');
  await expect(table).toContainText('Анна Менеджер');
  await expect(table).toContainText('150 500');
  await form.getByLabel('Название отчёта').fill(`Выигрыш по менеджерам ${suffix}`);
  await form.getByLabel('Показать отделу').check();
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Выигрыш по менеджерам ${suffix}` })).toBeVisible();
  const reportUrl = page.url();

  // A team dashboard with the report on it: the widget shows the same figures, and a cell drills into the deals.
  await page.goto('/dashboards');
  await page.getByRole('button', { name: 'Новый дашборд' }).click();
  await page.getByTestId('dashboard-name').fill(`Продажи ${suffix}`);
  await page.getByLabel('Доступен моему отделу').check();
  await page.getByRole('button', { name: 'Создать' }).click();
  await expect(page.getByText('На этом дашборде пока нет виджетов.')).toBeVisible();
  await page.getByTestId('dashboard-add-report').selectOption({ label: `Выигрыш по менеджерам ${suffix}` });
  await page.getByRole('button', { name: 'Добавить', exact: true }).click();
  const widget = page.getByTestId('dashboard-widget');
  await expect(widget).toHaveCount(1);
  await expect(widget.getByRole('heading', { name: `Выигрыш по менеджерам ${suffix}` })).toBeVisible();
  await expect(widget.getByTestId('report-table')).toContainText('150 500');
  await widget.getByTestId('report-table').getByRole('button', { name: /150\s500/ }).click();
  await expect(widget.getByTestId('drill-table')).toContainText(`${prefix} 0`);
  await expect(widget.getByTestId('drill-table')).toContainText(`${prefix} 1`);
  await page.reload();
  await expect(page.getByTestId('dashboard-widget').getByTestId('report-table')).toContainText('150 500');

  // Mailed every Monday at 09:00; "send now" delivers the XLSX at once.
  await page.goto(reportUrl);
  const schedule = page.getByTestId('report-schedule-new');
  await schedule.getByLabel('Получатели').fill(`boss-${suffix}@example.ru`);
  await schedule.getByLabel('Отправлять из ящика').selectOption(mailbox.body.id);
  await schedule.getByRole('button', { name: 'Запланировать' }).click();
  const saved = page.getByTestId('report-schedule');
  await expect(saved.getByTestId('schedule-status')).toContainText('Следующая:');
  const before = smtp.count;
  await saved.getByRole('button', { name: 'Отправить сейчас' }).click();
  await expect(page.getByText('Отчёт отправлен')).toBeVisible();
  const mails = await smtp.waitFor(before + 1, 30_000);
  const mail = mails.slice(before).find((item) => item.to.includes(`boss-${suffix}@example.ru`))!;
  expect(mail).toBeTruthy();
  const parsed = await simpleParser(mail.raw);
  expect(parsed.subject).toBe(`Отчёт «Выигрыш по менеджерам ${suffix}»`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(parsed.attachments[0].content as unknown as ArrayBuffer);
  const sums = book.worksheets[0].getColumn(3).values.filter((value) => typeof value === 'number');
  expect(sums).toEqual([150_500]);
  await expect(saved.getByTestId('schedule-status')).toContainText('отправлена');
});

test('a head working in English arranges a dashboard and the arrangement is kept', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const suffix = unique().toLowerCase().replace(/[^a-z0-9]/g, '');
  const head = await apiAs(baseURL, 'head');
  const teamId = (await head.call('GET', '/auth/me')).body.user.teamId;
  const email = `head-en-${suffix}@e2e.svyaz.local`;
  const password = 'head-en-password-1';
  const created = await admin.call('POST', '/users', { email, name: `Harriet ${suffix}`, password, role: 'head_of_sales', locale: 'en', teamId });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const harriet = await login(baseURL, email, password);
  const definition = (chart: string, measures: unknown[]) => ({ source: 'deals', groupBy: [{ field: 'stageId' }], measures, chart });
  const first = await harriet.call('POST', '/reports', { name: `Deals by stage ${suffix}`, visibility: 'team', definition: definition('bar', [{ fn: 'count' }]) });
  const second = await harriet.call('POST', '/reports', { name: `Amount by stage ${suffix}`, visibility: 'team', definition: definition('table', [{ fn: 'sum', field: 'amount' }]) });
  expect([first.status, second.status]).toEqual([201, 201]);

  await page.goto('/dashboards');
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('form.login-card button[type=submit]').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboards' })).toBeVisible();
  await page.getByRole('button', { name: 'New dashboard' }).click();
  await page.getByTestId('dashboard-name').fill(`Board ${suffix}`);
  await page.getByRole('button', { name: 'Create' }).click();
  for (const name of [`Deals by stage ${suffix}`, `Amount by stage ${suffix}`]) {
    await page.getByTestId('dashboard-add-report').selectOption({ label: name });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByTestId('dashboard-widget').getByRole('heading', { name })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Arrange' }).click();
  const widgets = page.getByTestId('dashboard-widget');
  await widgets.nth(1).getByRole('button', { name: 'Move back' }).click();
  await expect(widgets.nth(0).getByRole('heading')).toHaveText(`Amount by stage ${suffix}`);
  await widgets.nth(0).getByRole('button', { name: 'Wider' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect.poll(async () => (await harriet.call('GET', '/dashboards')).body.data.find((item: { name: string }) => item.name === `Board ${suffix}`)?.widgetCount).toBe(2);
  const boardId = (await harriet.call('GET', '/dashboards')).body.data.find((item: { name: string }) => item.name === `Board ${suffix}`).id;
  await expect
    .poll(async () => (await harriet.call('GET', `/dashboards/${boardId}`)).body.widgets.map((widget: { reportId: string; width: number }) => [widget.reportId, widget.width]))
    .toEqual([[second.body.id, 3], [first.body.id, 2]]);
  await page.reload();
  await expect(page.getByTestId('dashboard-widget').nth(0).getByRole('heading')).toHaveText(`Amount by stage ${suffix}`);
  await expect(page.getByTestId('dashboard-widget').nth(0)).toHaveAttribute('style', /span 3/);
});
