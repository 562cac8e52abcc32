// A lead from a website: a page on another origin (a small HTTP server on its own loopback port) embeds the form's
// snippet, a visitor fills it in Chromium, and the CRM has an assigned lead with UTM marks, a first task, and a
// notification for its owner. The plain HTML form (no JavaScript) works too, and a page on an origin the form does
// not allow is refused by CORS and creates nothing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, apiAs, signIn, unique } from './fixtures';

let site: Server;
let sitePort = 0;
const pages = new Map<string, string>();

test.beforeAll(async () => {
  site = createServer((request, response) => {
    const body = pages.get(new URL(request.url ?? '/', 'http://site').pathname);
    response.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  sitePort = (site.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise((resolve) => site.close(resolve));
});

const page = (title: string, snippet: string) => `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${snippet}</body></html>`;

test('a visitor on another site sends the embedded form; the lead is assigned by its source, with a task, and the owner is notified', async ({ browser, page: crm, baseURL }) => {
  const admin = await apiAs(baseURL, 'admin');
  const boris = await apiAs(baseURL, 'managerB');
  const borisId = (await boris.call('GET', '/auth/me')).body.user.id as string;
  const anna = await apiAs(baseURL, 'managerA');
  const annaId = (await anna.call('GET', '/auth/me')).body.user.id as string;
  const siteOrigin = `http://127.0.0.1:${sitePort}`;
  const form = await admin.call('POST', '/web-forms', {
    name: `Заявка с сайта ${unique()}`,
    fields: [
      { key: 'name', target: 'firstName', type: 'text', label: { ru: 'Имя', en: 'Name' }, required: true },
      { key: 'phone', target: 'phone', type: 'phone', label: { ru: 'Телефон', en: 'Phone' }, required: true },
      { key: 'email', target: 'email', type: 'email', label: { ru: 'Почта', en: 'Email' } },
      { key: 'comment', target: 'notes', type: 'textarea', label: { ru: 'Комментарий', en: 'Comment' } },
    ],
    consent: { enabled: true, text: { ru: 'Согласен на обработку персональных данных (152-ФЗ)', en: 'I agree' } },
    allowedOrigins: [siteOrigin],
    // Visitors from Yandex go to Boris; everyone else to Anna.
    assignment: { rules: [{ match: 'source', values: ['yandex'], assignee: { type: 'user', userId: borisId } }], fallback: { type: 'user', userId: annaId } },
    task: { enabled: true, title: { ru: 'Перезвонить по заявке', en: 'Call back' }, dueMinutes: 60 },
  });
  expect(form.status, JSON.stringify(form.body)).toBe(201);
  const snippet = await admin.call('GET', `/web-forms/${form.body.id}/snippet`);
  expect(snippet.status).toBe(200);
  pages.set('/', page('Кофе оптом', snippet.body.script));
  pages.set('/plain', page('Кофе оптом без JavaScript', snippet.body.html));

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${siteOrigin}/?utm_source=yandex&utm_campaign=coffee-winter`);
  const name = `Посетитель ${unique()}`;
  // A required field left empty: the page names it, and nothing is created.
  await visitor.getByLabel('Имя *').fill(name);
  await visitor.getByLabel(/Согласен на обработку/).check();
  await visitor.getByRole('button', { name: 'Отправить' }).click();
  await expect(visitor.locator('#' + (await visitor.getByLabel('Телефон *').getAttribute('aria-describedby')))).not.toBeEmpty();
  await visitor.getByLabel('Телефон *').fill('8 (916) 555-12-34');
  await visitor.getByLabel('Комментарий').fill('Нужна поставка на 20 офисов');
  await visitor.getByRole('button', { name: 'Отправить' }).click();
  await expect(visitor.getByText('Спасибо! Мы свяжемся с вами в ближайшее время.')).toBeVisible();

  const submissions = await admin.call('GET', `/web-forms/${form.body.id}/submissions`);
  expect(submissions.body.data).toHaveLength(1);
  const [submission] = submissions.body.data;
  expect(submission).toMatchObject({ ownerId: borisId, consentGiven: true, utm: { utm_source: 'yandex', utm_campaign: 'coffee-winter' } });
  expect(submission.pageUrl).toContain(`${siteOrigin}/`);
  expect(submission.taskId).not.toBeNull();
  const lead = await boris.call('GET', `/leads/${submission.leadId}`);
  expect(lead.status).toBe(200);
  expect(lead.body).toMatchObject({ ownerId: borisId, firstName: name });
  const task = await boris.call('GET', `/tasks/${submission.taskId}`);
  expect(task.body).toMatchObject({ ownerId: borisId, recordId: submission.leadId });
  // Anna may not open Boris's lead.
  expect((await anna.call('GET', `/leads/${submission.leadId}`)).status).toBe(404);

  // The owner sees the notification in the CRM.
  await signIn(crm, baseURL, 'managerB');
  await crm.goto('/');
  await crm.getByRole('button', { name: /Уведомления/ }).click();
  await expect(crm.getByRole('region', { name: 'Уведомления' })).toContainText(name);

  // The plain HTML form, posted by the browser itself without JavaScript: no UTM marks, so it goes to Anna.
  const plainContext = await browser.newContext({ javaScriptEnabled: false });
  const plain = await plainContext.newPage();
  await plain.goto(`${siteOrigin}/plain`);
  const second = `Без скриптов ${unique()}`;
  await plain.getByLabel(/Имя/).fill(second);
  await plain.getByLabel(/Телефон/).fill('+7 916 555 43 21');
  await plain.getByLabel(/Согласен на обработку/).check();
  await plain.getByRole('button', { name: 'Отправить' }).click();
  await expect(plain.getByText('Спасибо! Мы свяжемся с вами в ближайшее время.')).toBeVisible();
  const after = await admin.call('GET', `/web-forms/${form.body.id}/submissions`);
  expect(after.body.data).toHaveLength(2);
  const plainSubmission = after.body.data.find((item: { leadId: string; payload: Record<string, unknown> }) => item.payload.name === second);
  expect(plainSubmission).toMatchObject({ ownerId: annaId, consentGiven: true });

  // The same page served from an origin the form does not allow (localhost instead of 127.0.0.1): the browser's
  // CORS check refuses the answer, the visitor is told, and nothing is created.
  await visitor.goto(`http://localhost:${sitePort}/`);
  await visitor.getByLabel('Имя *').fill(`Чужой сайт ${unique()}`);
  await visitor.getByLabel('Телефон *').fill('+7 916 555 00 00');
  await visitor.getByLabel(/Согласен на обработку/).check();
  await visitor.getByRole('button', { name: 'Отправить' }).click();
  await expect(visitor.getByText('Не удалось отправить форму, попробуйте ещё раз')).toBeVisible();
  expect((await admin.call('GET', `/web-forms/${form.body.id}/submissions`)).body.data).toHaveLength(2);
  await visitorContext.close();
  await plainContext.close();
});
