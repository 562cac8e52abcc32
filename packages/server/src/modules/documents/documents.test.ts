// Documents through the API on a real database: generated from a deal and an order, numbered without
// gaps per kind and year, versions kept, read back with pdftotext, on the timeline, audited; rights follow
// the record (404 for someone else's deal on every path); supplier settings and DOCX templates validated.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import PizZip from 'pizzip';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { inkShare, pdfText } from './document-render.test-helpers.js';

const supplier = {
  name: 'ООО «Связь-Софт»',
  inn: '7707083893',
  kpp: '773601001',
  address: '117997, г. Москва, ул. Вавилова, д. 19',
  bankName: 'ПАО Сбербанк',
  bik: '044525225',
  account: '40702810938000012345',
  corrAccount: '30101810400000000225',
  director: 'Иванов И. И.',
};

async function dealWithLines(w: TestWorld, user: 'managerA1' | 'managerB1', prefix: string) {
  const company = await w.as(user, { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: `${prefix} ООО «Ромашка»`, inn: '7736207543', kpp: '770401001', address: 'г. Москва, ул. Льва Толстого, д. 16' } });
  expect(company.status, JSON.stringify(company.body)).toBe(201);
  const deal = await w.as(user, { method: 'POST', url: '/api/v1/deals', payload: { title: `${prefix} Поставка кофе`, amount: '1', companyId: company.body.id } });
  expect(deal.status).toBe(201);
  const lines = await w.as(user, { method: 'PUT', url: `/api/v1/deals/${deal.body.id}/products`, payload: { lines: [{ productId: products.coffee, quantity: '20', price: '1500' }, { productId: products.service, quantity: '1', price: '12000' }] } });
  expect(lines.status, JSON.stringify(lines.body)).toBe(200);
  return { deal: deal.body.id as string, company: company.body.id as string };
}

const products = { coffee: '', service: '' };
const generate = (w: TestWorld, user: Parameters<TestWorld['as']>[0], payload: Record<string, unknown>) => w.as(user, { method: 'POST', url: '/api/v1/documents', payload });
async function download(w: TestWorld, user: Parameters<TestWorld['as']>[0], id: string) {
  const response = await w.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/file`, headers: { authorization: `Bearer ${w.users[user].token}` } });
  return { status: response.statusCode, headers: response.headers, body: response.rawPayload };
}

async function docxFile(text: string): Promise<Buffer> {
  return Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })) }] })));
}
const docxText = (docx: Buffer) => new PizZip(docx).file('word/document.xml')!.asText().replace(/<[^>]+>/g, ' ').replace(/[\s\u00a0]+/g, ' ');

describeWithWorld('documents', (world) => {
  it('keeps the supplier details and VAT: checked, administrators only, 22 % by default', async () => {
    const w = world();
    const initial = await w.as('managerA1', { method: 'GET', url: '/api/v1/document-settings' });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ vatRate: 22, vatMode: 'on_top' });
    expect((await w.as('managerA1', { method: 'PUT', url: '/api/v1/document-settings', payload: { name: 'x' } })).status).toBe(403);
    const badInn = await w.as('admin', { method: 'PUT', url: '/api/v1/document-settings', payload: { ...supplier, inn: '7707083894' } });
    expect(badInn.status).toBe(400);
    expect(badInn.body.error.details[0].field).toBe('inn');
    const badAccount = await w.as('admin', { method: 'PUT', url: '/api/v1/document-settings', payload: { ...supplier, account: '40702810038000012345' } });
    expect(badAccount.status).toBe(400);
    expect(badAccount.body.error.details).toEqual([{ field: 'account', problem: 'does not match the BIK (control digit)' }]);
    const badRate = await w.as('admin', { method: 'PUT', url: '/api/v1/document-settings', payload: { vatRate: 120 } });
    expect(badRate.body.error.details[0].field).toBe('vatRate');
    expect((await w.as('admin', { method: 'GET', url: '/api/v1/document-settings' })).body.inn).toBeNull();
    const saved = await w.as('admin', { method: 'PUT', url: '/api/v1/document-settings', payload: supplier });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ ...supplier, vatRate: 22 });

    const coffee = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'DOC-COF', name: 'Кофе в зёрнах', unit: 'кг', price: '1500' } });
    const service = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'DOC-SRV', name: 'Техобслуживание кофемашины', unit: 'усл', price: '12000' } });
    expect([coffee.status, service.status]).toEqual([201, 201]);
    products.coffee = coffee.body.id;
    products.service = service.body.id;
  });

  it('generates an invoice PDF from a deal: numbered, read back with its details and words, versioned, on the timeline, audited', async () => {
    const w = world();
    const { deal } = await dealWithLines(w, 'managerA1', 'D1');
    const created = await generate(w, 'managerA1', { kind: 'invoice', recordType: 'deal', recordId: deal, format: 'pdf' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ kind: 'invoice', number: '1', version: 1, format: 'pdf', subtotal: '42000.00', vat: '9240.00', total: '51240.00', currency: 'RUB', recordType: 'deal', recordId: deal });
    expect(created.body.fileName).toMatch(/^Счёт на оплату № 1 от \d\d\.\d\d\.\d{4}\.pdf$/);
    const file = await download(w, 'managerA1', created.body.id);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(String(file.headers['content-disposition'])).toContain(encodeURIComponent('Счёт на оплату'));
    const text = pdfText(file.body);
    for (const expected of ['Счёт на оплату № 1', 'ИНН 7707083893', 'КПП 773601001', 'ИНН 7736207543', 'КПП 770401001', '044525225', '40702810938000012345', '30101810400000000225', 'Кофе в зёрнах', '30 000,00', '42 000,00', 'НДС 22 %', '9 240,00', '51 240,00', 'Пятьдесят одна тысяча двести сорок рублей 00 копеек', 'Иванов И. И.']) {
      expect(text).toContain(expected);
    }
    expect(inkShare(file.body)).toBeGreaterThan(0.01);

    // Regenerating keeps the number and adds a version; the first stays downloadable.
    const again = await generate(w, 'managerA1', { kind: 'invoice', recordType: 'deal', recordId: deal, format: 'pdf' });
    expect(again.body).toMatchObject({ number: '1', version: 2 });
    expect(again.body.fileId).not.toBe(created.body.fileId);
    expect((await download(w, 'managerA1', created.body.id)).status).toBe(200);
    const offer = await generate(w, 'managerA1', { kind: 'offer', recordType: 'deal', recordId: deal, format: 'docx' });
    expect(offer.body).toMatchObject({ kind: 'offer', number: '1', version: 1, format: 'docx' });
    expect(docxText((await download(w, 'managerA1', offer.body.id)).body)).toContain('Коммерческое предложение № 1');

    const listed = await w.as('managerA1', { method: 'GET', url: `/api/v1/documents?recordType=deal&recordId=${deal}` });
    expect(listed.body.data.map((item: { kind: string; version: number }) => `${item.kind}:${item.version}`)).toEqual(['offer:1', 'invoice:2', 'invoice:1']);
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal}/timeline` });
    const documents = timeline.body.data.filter((item: { kind: string }) => item.kind === 'document');
    expect(documents.map((item: { data: { kind: string; number: string; version: number; fileId: string } }) => `${item.data.kind} ${item.data.number} v${item.data.version}`)).toEqual(['offer 1 v1', 'invoice 1 v2', 'invoice 1 v1']);
    expect(documents[2].data.fileId).toBe(created.body.fileId);
    // The audit event carries the document; the timeline does not show it twice.
    expect(timeline.body.data.filter((item: { kind: string; data: { meta?: { document?: unknown } } }) => item.kind === 'audit' && item.data.meta?.document)).toEqual([]);
    const audit = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from audit_events where record_id = ${deal}::uuid and meta ? 'document'`);
    expect(audit[0].count).toBe(3);
    const events = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from domain_events where record_id = ${deal}::uuid and type = 'document.generated'`);
    expect(events[0].count).toBe(3);
  });

  it('numbers are gap-free per kind and year: parallel generations take consecutive numbers, a failed one gives its number back', async () => {
    const w = world();
    const deals = await Promise.all(['P1', 'P2', 'P3', 'P4'].map((prefix) => dealWithLines(w, 'managerA1', prefix)));
    const before = await rows<{ last: number }>(w.db, sql`select last_number as last from document_sequences where workspace_id = ${w.workspaceId}::uuid and kind = 'act'`);
    expect(before).toEqual([]);
    const made = await Promise.all(deals.map(({ deal }) => generate(w, 'managerA1', { kind: 'act', recordType: 'deal', recordId: deal })));
    expect(made.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    expect(made.map((response) => Number(response.body.number)).sort()).toEqual([1, 2, 3, 4]);
    // With 22 % VAT on top, 900 trillion becomes too large to write in words: the render fails, the transaction rolls back, the counter stays at 4.
    const huge = await w.as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Огромная сделка', amount: '900000000000000' } });
    const failed = await generate(w, 'managerA1', { kind: 'act', recordType: 'deal', recordId: huge.body.id });
    expect(failed.status).toBe(400);
    expect(failed.body.error.details[0].field).toBe('amount');
    const next = await generate(w, 'managerA1', { kind: 'act', recordType: 'deal', recordId: deals[0].deal, format: 'docx' });
    expect(next.body).toMatchObject({ number: made.find((response) => response.body.recordId === deals[0].deal)!.body.number, version: 2 });
    const fresh = await dealWithLines(w, 'managerA1', 'P5');
    expect((await generate(w, 'managerA1', { kind: 'act', recordType: 'deal', recordId: fresh.deal })).body.number).toBe('5');
    const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from documents where workspace_id = ${w.workspaceId}::uuid and record_id = ${huge.body.id}::uuid`);
    expect(count).toBe(0);
  });

  it("a document is seen where its record is: someone else's deal is 404 on generate, list, get, download and timeline", async () => {
    const w = world();
    const { deal } = await dealWithLines(w, 'managerA1', 'R1');
    const own = await generate(w, 'managerA1', { kind: 'invoice', recordType: 'deal', recordId: deal });
    expect(own.status).toBe(201);
    for (const user of ['managerA2', 'managerB1'] as const) {
      expect((await generate(w, user, { kind: 'invoice', recordType: 'deal', recordId: deal })).status).toBe(404);
      expect((await w.as(user, { method: 'GET', url: `/api/v1/documents?recordType=deal&recordId=${deal}` })).status).toBe(404);
      expect((await w.as(user, { method: 'GET', url: `/api/v1/documents/${own.body.id}` })).status).toBe(404);
      expect((await download(w, user, own.body.id)).status).toBe(404);
      expect((await w.as(user, { method: 'GET', url: `/api/v1/deals/${deal}/timeline` })).status).toBe(404);
    }
    // The head of the team reads it; a read-only user reads it but may not generate (403: they see the deal).
    expect((await download(w, 'head', own.body.id)).status).toBe(200);
    expect((await download(w, 'reader', own.body.id)).status).toBe(200);
    const byReader = await generate(w, 'reader', { kind: 'invoice', recordType: 'deal', recordId: deal });
    expect(byReader.status).toBe(403);
    const bad = await generate(w, 'managerA1', { kind: 'receipt', recordType: 'lead', recordId: 'x', format: 'txt' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['format', 'kind', 'recordId', 'recordType']);
    expect((await generate(w, 'managerA1', { kind: 'invoice', recordType: 'deal', recordId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });

  it('generates from an order with its lines', async () => {
    const w = world();
    const company = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'ООО «Лютик»', inn: '7736207543' } });
    const order = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { companyId: company.body.id, lines: [{ productId: products.coffee, quantity: '2.5', price: '1000' }] } });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const act = await generate(w, 'managerA1', { kind: 'act', recordType: 'order', recordId: order.body.id });
    expect(act.status, JSON.stringify(act.body)).toBe(201);
    expect(act.body).toMatchObject({ subtotal: '2500.00', vat: '550.00', total: '3050.00' });
    const text = pdfText((await download(w, 'managerA1', act.body.id)).body);
    expect(text).toContain(`Заказ № ${order.body.number}`);
    expect(text).toContain('2,5');
    expect(text).toContain('Три тысячи пятьдесят рублей 00 копеек');
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${order.body.id}/timeline?kinds=document` });
    expect(timeline.body.data.map((item: { kind: string }) => item.kind)).toEqual(['document']);
  });

  it('DOCX templates: administrators upload one (checked), DOCX documents use it, a broken file or unknown placeholder is a 400 naming the file', async () => {
    const w = world();
    const starter = await w.app.inject({ method: 'GET', url: '/api/v1/document-templates/invoice/file', headers: { authorization: `Bearer ${w.users.admin.token}` } });
    expect(starter.statusCode).toBe(200);
    expect(docxText(starter.rawPayload)).toContain('{buyer.inn}');
    const upload = (user: Parameters<TestWorld['as']>[0], content: Buffer, kind = 'invoice') =>
      w.as(user, { method: 'PUT', url: `/api/v1/document-templates/${kind}?fileName=${encodeURIComponent('Мой счёт.docx')}`, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }, payload: content });
    expect((await upload('managerA1', starter.rawPayload)).status).toBe(403);
    const broken = await upload('admin', Buffer.from('not a zip at all'));
    expect(broken.status).toBe(400);
    expect(broken.body.error.details[0]).toMatchObject({ field: 'file' });
    expect(broken.body.error.details[0].problem).toMatch(/not a DOCX/);
    const unknown = await upload('admin', await docxFile('Счёт {number} для {buyer.secret}'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('file');
    expect(unknown.body.error.details[0].problem).toContain('{buyer.secret}');
    const badTag = await upload('admin', await docxFile('Счёт {number для {buyer.inn}'));
    expect(badTag.status).toBe(400);
    expect(badTag.body.error.details[0].field).toBe('file');
    expect((await upload('admin', starter.rawPayload, 'receipt')).body.error.details[0].field).toBe('kind');

    const uploaded = await upload('admin', starter.rawPayload);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    expect(uploaded.body).toMatchObject({ kind: 'invoice', custom: true, fileName: 'Мой счёт.docx' });
    expect(uploaded.body.placeholders).toEqual(expect.arrayContaining(['number', 'buyer.inn', 'totalInWords', 'lines', 'lines.amount']));
    const listed = await w.as('managerA1', { method: 'GET', url: '/api/v1/document-templates' });
    expect(listed.body.data.map((template: { kind: string; custom: boolean }) => `${template.kind}:${template.custom}`)).toEqual(['offer:false', 'invoice:true', 'contract:false', 'act:false']);

    const { deal } = await dealWithLines(w, 'managerA1', 'T1');
    const custom = await generate(w, 'managerA1', { kind: 'invoice', recordType: 'deal', recordId: deal, format: 'docx' });
    expect(custom.status, JSON.stringify(custom.body)).toBe(201);
    const text = docxText((await download(w, 'managerA1', custom.body.id)).body);
    expect(text).toContain('Счёт на оплату № ');
    expect(text).toContain('ИНН 7736207543');
    expect(text).toContain('Кофе в зёрнах');
    expect(text).toContain('Техобслуживание кофемашины');
    expect(text).toContain('Пятьдесят одна тысяча двести сорок рублей 00 копеек');
    expect(text).not.toContain('{');
    const pdfWithTemplate = await generate(w, 'managerA1', { kind: 'invoice', recordType: 'deal', recordId: deal, format: 'pdf', templateId: uploaded.body.fileId });
    expect(pdfWithTemplate.status).toBe(400);
    expect(pdfWithTemplate.body.error.details[0].field).toBe('format');
    const wrongTemplate = await generate(w, 'managerA1', { kind: 'invoice', recordType: 'deal', recordId: deal, format: 'docx', templateId: '00000000-0000-4000-8000-000000000000' });
    expect(wrongTemplate.body.error.details[0].field).toBe('templateId');
    const builtIn = await generate(w, 'managerA1', { kind: 'invoice', recordType: 'deal', recordId: deal, format: 'docx', templateId: 'default' });
    expect(docxText((await download(w, 'managerA1', builtIn.body.id)).body)).toContain('Всего к оплате');

    expect((await w.as('managerA1', { method: 'DELETE', url: '/api/v1/document-templates/invoice' })).status).toBe(403);
    expect((await w.as('admin', { method: 'DELETE', url: '/api/v1/document-templates/invoice' })).body).toEqual({ ok: true });
    expect((await w.as('admin', { method: 'DELETE', url: '/api/v1/document-templates/invoice' })).status).toBe(404);
  });
});
