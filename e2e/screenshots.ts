// `npm run screenshots`: starts a fresh server with demo data, and saves the main screens to
// docs/screenshots (desktop, plus the list on a phone-sized screen).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs } from './playwright.config';
import { buildWeb, repoRoot, startServer } from './server';
import { createSalesTeam, DEMO_ADMIN, e2eUsers, login, PASSWORD } from './api';
import { createDemoData } from './demo-data';
import ExcelJS from 'exceljs';

const out = path.join(repoRoot, 'docs/screenshots');

async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('form.login-card button[type=submit]').click();
  await page.locator('#login-email').waitFor({ state: 'detached' });
}

async function main(): Promise<void> {
  buildWeb();
  const server = await startServer();
  try {
    const admin = await login(server.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
    // The server seeds a bilingual demo workspace; older servers seed only the administrator.
    const seeded = ((await admin.call('GET', '/companies?limit=1&count=true')).body.total as number) >= 50;
    let managerLogin = { email: 'manager1@demo.svyaz.local', password: DEMO_ADMIN.password };
    if (!seeded) {
      await createSalesTeam(server.url);
      const users = (await admin.call('GET', '/users')).body.data as { id: string; email: string }[];
      await createDemoData(admin, users.filter((user) => Object.values(e2eUsers).some((item) => item.email === user.email)).map((user) => user.id));
      managerLogin = { email: e2eUsers.managerA.email, password: PASSWORD };
    }
    // A company with contacts and history makes the best card.
    const companies = (await admin.call('GET', '/companies?limit=50&sort=-updatedAt&fields=id,name')).body.data as { id: string }[];
    let companyId = companies[0].id;
    for (const company of companies) {
      const timeline = await admin.call('GET', `/companies/${company.id}/timeline?limit=5`);
      const contacts = await admin.call('GET', `/companies/${company.id}/contacts?limit=1&count=true`);
      if ((timeline.body?.data?.length ?? 0) >= 3 && (contacts.body?.total ?? 0) >= 1) {
        companyId = company.id;
        break;
      }
    }
    // The demo trains its first recommendation model in the background at start: the card shows its products.
    for (let waited = 0; waited < 120_000; waited += 1000) {
      const models = (await admin.call('GET', '/analytics/models')).body.items as { status: string }[];
      if (models.some((model) => model.status === 'ready' || model.status === 'failed')) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    mkdirSync(out, { recursive: true });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: 1366, height: 820 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
    const shot = async (name: string) => {
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(out, `${name}.png`) });
      console.log(`docs/screenshots/${name}.png`);
    };

    await page.goto(`${server.url}/login`);
    await shot('login');
    await signIn(page, server.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
    await page.goto(`${server.url}/companies`);
    await page.getByTestId('data-grid').waitFor();
    await shot('companies-list');
    await page.getByRole('button', { name: 'Фильтры' }).click();
    await page.getByLabel('Значение').fill('Казань');
    await shot('companies-filter');
    await page.goto(`${server.url}/companies/${companyId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot('company-card');
    await page.getByRole('tab', { name: 'История' }).click();
    await page.waitForTimeout(700);
    await shot('company-timeline');
    await page.getByRole('tab', { name: 'Связанные' }).click();
    await page.waitForTimeout(500);
    await shot('company-related');
    await page.goto(`${server.url}/contacts`);
    await page.getByTestId('data-grid').waitFor();
    await shot('contacts-list');
    await page.goto(`${server.url}/orders`);
    await page.getByTestId('data-grid').or(page.getByText('Этот раздел на сервере пока недоступен')).first().waitFor();
    await shot('orders-list');
    await page.goto(`${server.url}/pipeline`);
    await page.getByTestId('board').waitFor();
    await shot('pipeline-board');
    await page.goto(`${server.url}/dashboard`);
    await page.locator('canvas').first().waitFor();
    await page.waitForTimeout(800);
    await shot('dashboard');
    await page.goto(`${server.url}/companies`);
    await page.getByTestId('data-grid').waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog').getByRole('combobox').fill(seeded ? 'Смирнов' : 'Волга логистика');
    await page.getByRole('dialog').getByRole('option').first().waitFor();
    await shot('search');
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}/settings/users`);
    await page.getByRole('table').waitFor();
    await shot('settings-users');

    // Import: an XLSX with Russian headers and a row with a bad phone, at the preview.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Клиенты');
    sheet.addRow(['ФИО', 'Моб. телефон', 'E-mail', 'Компания', 'ИНН', 'Должность', 'Город']);
    sheet.addRow(['Соколов Игорь Петрович', '8 (916) 111-22-33', 'sokolov@example.ru', 'ООО Северный порт', '7707083893', 'Директор', 'Мурманск']);
    sheet.addRow(['Орлова Анна', '+7 916 111-22-44, 8-916-111-22-45', 'orlova@example.ru', 'ООО Северный порт', '7707083893', 'Бухгалтер', 'Мурманск']);
    sheet.addRow(['Белов Пётр', 'позвонить позже', 'belov@example.ru', '', '', 'Снабженец', 'Тверь']);
    await page.goto(`${server.url}/imports`);
    await page.locator('input[type=file]').setInputFiles({ name: 'клиенты.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await book.xlsx.writeBuffer()) });
    await page.getByRole('button', { name: 'Загрузить и сопоставить' }).click();
    await page.locator('table.preview-table').waitFor();
    await page.locator('#duplicates-title').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await shot('import-preview');
    // Merge two contacts that share an e-mail, from the survivor's card.
    const stamp = Date.now().toString(36).slice(-4);
    const first = await admin.call('POST', '/contacts?force=true', { lastName: 'Кузнецова', firstName: 'Мария', position: 'Закупщик', city: 'Самара', emails: [`kuznetsova.${stamp}@example.ru`], phones: ['+79277770101'] });
    await admin.call('POST', '/contacts?force=true', { lastName: 'Кузнецова', firstName: 'Мария', middleName: 'Игоревна', position: 'Руководитель закупок', emails: [`kuznetsova.${stamp}@example.ru`], phones: ['+79277770102'] });
    await page.goto(`${server.url}/contacts/${first.body.id}`);
    await page.getByTestId('record-duplicates').getByRole('link', { name: 'Сравнить и объединить' }).first().click();
    await page.locator('table.merge-table').waitFor();
    await shot('merge');
    await page.goto(`${server.url}/data-quality`);
    await page.locator('.quality-list').waitFor();
    await shot('data-quality');

    const manager = await browser.newPage({ viewport: { width: 1366, height: 820 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
    await signIn(manager, server.url, managerLogin.email, managerLogin.password);
    await manager.waitForTimeout(1000);
    await manager.screenshot({ path: path.join(out, 'my-work.png') });
    console.log('docs/screenshots/my-work.png');
    await manager.goto(`${server.url}/calendar`);
    await manager.locator('.cal-body').waitFor();
    await manager.waitForTimeout(600);
    await manager.screenshot({ path: path.join(out, 'calendar-week.png') });
    console.log('docs/screenshots/calendar-week.png');

    const phone = await browser.newPage({ viewport: { width: 390, height: 760 }, locale: 'ru-RU', isMobile: true, hasTouch: true, timezoneId: 'Europe/Moscow' });
    await signIn(phone, server.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
    await phone.goto(`${server.url}/contacts`);
    await phone.getByTestId('data-grid').waitFor();
    await phone.waitForTimeout(400);
    await phone.screenshot({ path: path.join(out, 'phone-contacts.png') });
    console.log('docs/screenshots/phone-contacts.png');
    const phoneManager = await browser.newPage({ viewport: { width: 390, height: 760 }, locale: 'ru-RU', isMobile: true, hasTouch: true, timezoneId: 'Europe/Moscow' });
    await signIn(phoneManager, server.url, managerLogin.email, managerLogin.password);
    await phoneManager.goto(`${server.url}/calendar`);
    await phoneManager.locator('.cal-body').waitFor();
    await phoneManager.waitForTimeout(400);
    await phoneManager.screenshot({ path: path.join(out, 'phone-calendar.png') });
    console.log('docs/screenshots/phone-calendar.png');
    await browser.close();
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
