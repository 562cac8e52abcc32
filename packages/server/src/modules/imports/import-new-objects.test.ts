import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { upload, waitForImport } from './import-test-helpers.js';

async function run(world: TestWorld, id: string, options?: Record<string, unknown>) {
  if (options) {
    const mapped = await world.as('admin', { method: 'PUT', url: `/api/v1/imports/${id}/mapping`, payload: { options } });
    expect(mapped.status).toBe(200);
  }
  const started = await world.as('admin', { method: 'POST', url: `/api/v1/imports/${id}/start` });
  expect(started.status).toBe(202);
  return waitForImport(world, 'admin', id);
}

async function failedRows(world: TestWorld, id: string) {
  return rows<{ rowNumber: number; errors: { field: string; problem: string }[] }>(world.db, sql`select row_number as "rowNumber", errors from import_failed_rows where import_id = ${id} order by row_number`);
}

describeWithWorld('imports of leads, products, orders and activities', (world) => {
  it('imports leads: Russian headers, status and owner by name, title from the company, duplicates by email skipped, a missing owner reported', async () => {
    const seeded = await world().as('admin', { method: 'POST', url: '/api/v1/leads', payload: { title: 'Старый лид', emails: ['old-lead@import.test'] } });
    expect(seeded.status).toBe(201);
    const csv = Buffer.from(
      [
        'Название лида;Статус лида;Источник;ФИО;Компания;Телефон;E-mail;Сумма;Ответственный;Размер обуви',
        'Заявка с сайта;В работе;Сайт;Лидов Пётр Ильич;ООО Лидер;8 916 300-00-01;lidov@import.test;"150 000,50";Алексей Менеджер;42',
        ';Новый;Выставка;Орлова Анна;ООО Выставка;;orlova-lead@import.test;;;',
        'Повтор;Новый;;;;;OLD-LEAD@import.test;;;',
        'Чужой;Квалифицирован;;;;;ghost@import.test;;Нет Такого;',
        'Уже сделка;Сконвертирован;;;;;conv@import.test;;;',
      ].join('\n'),
    );
    const { body, status } = await upload(world(), 'admin', 'leads.csv', csv, { object: 'leads' });
    expect(status).toBe(201);
    expect(body.object).toBe('leads');
    expect(body.mapping).toEqual({ 0: 'lead.title', 1: 'lead.status', 2: 'lead.source', 3: 'lead.fullName', 4: 'lead.companyName', 5: 'lead.phones', 6: 'lead.emails', 7: 'lead.amount', 8: 'lead.owner', 9: null });
    const preview = await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/preview` });
    expect(preview.body.rows.map((row: { action: string }) => row.action)).toEqual(['create', 'create', 'skip', 'fail', 'fail']);
    expect(preview.body.rows[0].lead).toMatchObject({ title: 'Заявка с сайта', status: 'in_progress', lastName: 'Лидов', firstName: 'Пётр Ильич', amount: '150000.50', phones: ['+79163000001'] });
    expect(preview.body.rows[2].matchedId).toBe(seeded.body.id);
    const done = await run(world(), body.id);
    expect(done.result).toEqual({ created: 2, updated: 0, skipped: 1, failed: 2 });
    const stored = await rows<{ title: string; status: string; ownerId: string; source: string; companyName: string }>(
      world().db,
      sql`select title, status, owner_id as "ownerId", source, company_name as "companyName" from leads where workspace_id = ${world().workspaceId} and emails && '{lidov@import.test,orlova-lead@import.test}' order by title`,
    );
    expect(stored).toEqual([
      { title: 'Заявка с сайта', status: 'in_progress', ownerId: world().users.managerA1.id, source: 'Сайт', companyName: 'ООО Лидер' },
      { title: 'ООО Выставка', status: 'new', ownerId: world().users.admin.id, source: 'Выставка', companyName: 'ООО Выставка' },
    ]);
    const failed = await failedRows(world(), body.id);
    expect(failed.map((row) => row.rowNumber)).toEqual([5, 6]);
    expect(failed[0].errors).toEqual([expect.objectContaining({ field: 'lead.owner', problem: 'no active user named or with the email "Нет Такого"' })]);
    expect(failed[1].errors[0]).toMatchObject({ field: 'lead.status' });

    const undo = await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/undo` });
    expect(undo.body.status).toBe('undone');
    const left = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from leads where emails && '{lidov@import.test,orlova-lead@import.test}' and deleted_at is null`);
    expect(left[0].n).toBe(0);
  });

  it('imports products from an XLSX with merged category cells and formula prices, updating by SKU; undo restores the old price', async () => {
    const old = await world().as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'IMP-OLD', name: 'Старый товар', price: '10' } });
    expect(old.status).toBe(201);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Прайс');
    sheet.addRow(['Артикул', 'Наименование', 'Категория', 'Цена', 'Ед. изм.', 'Остаток', 'Активен']);
    sheet.addRow(['IMP-OLD', 'Старый товар (новое имя)', 'Станки', { formula: '10*2', result: 20 }, 'шт', '5', 'да']);
    sheet.addRow(['IMP-NEW', 'Новый товар', null, '1 234,50', 'кг', '0,5', 'нет']);
    sheet.addRow(['IMP-BAD', 'Плохая цена', null, 'дорого', 'шт', '1', 'да']);
    sheet.addRow(['', 'Без артикула', 'Прочее', 5, 'шт', '1', 'да']);
    sheet.mergeCells('C2:C4');
    const { body } = await upload(world(), 'admin', 'price.xlsx', Buffer.from(await book.xlsx.writeBuffer()), { object: 'products' });
    expect(body.mapping).toEqual({ 0: 'product.sku', 1: 'product.name', 2: 'product.category', 3: 'product.price', 4: 'product.unit', 5: 'product.stockQuantity', 6: 'product.isActive' });
    const done = await run(world(), body.id, { duplicateStrategy: 'update' });
    expect(done.result).toEqual({ created: 1, updated: 1, skipped: 0, failed: 2 });
    const stored = await rows<{ sku: string; name: string; category: string; price: string; unit: string; stock: string; isActive: boolean }>(
      world().db,
      sql`select sku, name, category, price::text as price, unit, stock_quantity::text as stock, is_active as "isActive" from products where workspace_id = ${world().workspaceId} and sku like 'IMP-%' and deleted_at is null order by sku`,
    );
    expect(stored).toEqual([
      { sku: 'IMP-NEW', name: 'Новый товар', category: 'Станки', price: '1234.50', unit: 'кг', stock: '0.500', isActive: false },
      { sku: 'IMP-OLD', name: 'Старый товар (новое имя)', category: 'Станки', price: '20.00', unit: 'шт', stock: '5.000', isActive: true },
    ]);
    const failed = await failedRows(world(), body.id);
    expect(failed.map((row) => [row.rowNumber, row.errors[0].field])).toEqual([
      [4, 'product.price'],
      [5, 'product.sku'],
    ]);

    const again = await upload(world(), 'admin', 'price.xlsx', Buffer.from(await book.xlsx.writeBuffer()), { object: 'products' });
    const refused = await run(world(), again.body.id, { duplicateStrategy: 'create' });
    expect(refused.result).toMatchObject({ created: 0, failed: 4 });
    expect((await failedRows(world(), again.body.id))[0].errors[0]).toEqual({ field: 'product.sku', problem: 'is already used by the product "Старый товар (новое имя)"' });

    await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/undo` });
    const restored = await world().as('admin', { method: 'GET', url: `/api/v1/products/${old.body.id}` });
    expect(restored.body).toMatchObject({ name: 'Старый товар', price: '10.00' });
  });

  it('imports orders with lines grouped by number across batches; customer by INN or name, product by SKU; unknown ones fail their rows', async () => {
    const company = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'ООО Заказчик', inn: '7707083893' }, query: { force: 'true' } });
    expect(company.status).toBe(201);
    for (const [sku, name, price] of [['ORD-P1', 'Болт', '10'], ['ORD-P2', 'Гайка', '3']]) {
      expect((await world().as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku, name, price } })).status).toBe(201);
    }
    const csv = Buffer.from(
      [
        'Номер заказа;Дата заказа;Клиент;ИНН;Артикул;Количество;Цена;Статус заказа',
        'IMP-A1;01.03.2024 10:00;;7707083893;ORD-P1;2;;Новый',
        'IMP-A1;;;;ORD-P2;"1,5";100;',
        'IMP-A5;02.03.2024;ООО Заказчик;;ORD-P1;1;;В работе',
        'IMP-A5;;;;ORD-P2;4;;',
        'IMP-A2;03.03.2024;ООО Нет Такого;;ORD-P1;1;;',
        'IMP-A3;03.03.2024;ООО Заказчик;;NO-SUCH-SKU;1;;',
        'IMP-A4;04.03.2024;ООО Заказчик;;ORD-P2;3;;Выполнен',
      ].join('\n'),
    );
    const { body } = await upload(world(), 'admin', 'orders.csv', csv, { object: 'orders' });
    expect(body.mapping).toEqual({ 0: 'order.number', 1: 'order.orderedAt', 2: 'order.companyName', 3: 'order.companyInn', 4: 'line.sku', 5: 'line.quantity', 6: 'line.price', 7: 'order.status' });
    const preview = await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/preview` });
    expect(preview.body.rows.map((row: { action: string }) => row.action)).toEqual(['create', 'create', 'create', 'create', 'fail', 'fail', 'create']);
    expect(preview.body.rows[4].problems[0]).toMatchObject({ field: 'order.companyName', problem: expect.stringContaining('ООО Нет Такого') });
    const done = await run(world(), body.id, { batchSize: 3 });
    expect(done.result).toEqual({ created: 5, updated: 0, skipped: 0, failed: 2 });
    const orders = await rows<{ number: string; total: string; status: string; companyId: string; orderedAt: string; lines: number }>(
      world().db,
      sql`select o.number, o.total::text as total, o.status, o.company_id as "companyId", o.ordered_at as "orderedAt", (select count(*)::int from order_lines l where l.order_id = o.id) as lines
          from orders o where o.workspace_id = ${world().workspaceId} and o.number like 'IMP-A%' order by o.number`,
    );
    expect(orders.map(({ number, total, status, lines }) => ({ number, total, status, lines }))).toEqual([
      { number: 'IMP-A1', total: '170.00', status: 'new', lines: 2 },
      { number: 'IMP-A4', total: '9.00', status: 'done', lines: 1 },
      { number: 'IMP-A5', total: '22.00', status: 'in_progress', lines: 2 }, // its two rows were in different batches
    ]);
    expect(orders.every((order) => order.companyId === company.body.id)).toBe(true);
    expect(new Date(orders[0].orderedAt).toISOString()).toBe('2024-03-01T07:00:00.000Z');
    expect((await failedRows(world(), body.id)).map((row) => [row.rowNumber, row.errors[0].field])).toEqual([
      [6, 'order.companyName'],
      [7, 'line.sku'],
    ]);

    // The same number again with "update": the line of the same product is replaced; undo puts the old lines back.
    const update = await upload(world(), 'admin', 'orders-fix.csv', Buffer.from('Номер заказа;Артикул;Количество;Комментарий\nIMP-A1;ORD-P1;5;Исправлено\n'), { object: 'orders' });
    const updated = await run(world(), update.body.id, { duplicateStrategy: 'update' });
    expect(updated.result).toEqual({ created: 0, updated: 1, skipped: 0, failed: 0 });
    const [changed] = await rows<{ total: string; notes: string }>(world().db, sql`select total::text as total, notes from orders where workspace_id = ${world().workspaceId} and number = 'IMP-A1'`);
    expect(changed).toEqual({ total: '200.00', notes: 'Исправлено' });
    const undone = await world().as('admin', { method: 'POST', url: `/api/v1/imports/${update.body.id}/undo` });
    expect(undone.status).toBe(200);
    const [back] = await rows<{ total: string; notes: string | null; quantity: string }>(
      world().db,
      sql`select o.total::text as total, o.notes, l.quantity::text as quantity from orders o join order_lines l on l.order_id = o.id join products p on p.id = l.product_id
          where o.workspace_id = ${world().workspaceId} and o.number = 'IMP-A1' and p.sku = 'ORD-P1'`,
    );
    expect(back).toEqual({ total: '170.00', notes: null, quantity: '2.000' });
    const skipped = await upload(world(), 'admin', 'orders-again.csv', csv, { object: 'orders' });
    expect((await run(world(), skipped.body.id)).result).toEqual({ created: 0, updated: 0, skipped: 5, failed: 2 });
  });

  it('imports activities linked to the deal, contact or company the row names, with call type, direction and duration', async () => {
    const contact = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Звонков', firstName: 'Пётр', emails: ['zvonkov@import.test'], phones: ['+79162000001'] }, query: { force: 'true' } });
    const company = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'ООО Встреча', inn: '500100732259' }, query: { force: 'true' } });
    const deal = await world().as('admin', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Поставка для активностей' } });
    expect([contact.status, company.status, deal.status]).toEqual([201, 201, 201]);
    const csv = Buffer.from(
      [
        'Тип;Дата звонка;Длительность;Результат;Телефон;E-mail;ИНН;Сделка;Описание;Ответственный',
        `Исходящий звонок;05.03.2024 14:30;5:30;Договорились;8 (916) 200-00-01;;;;Обсудили цены;${world().users.managerA1.email}`,
        'Входящий звонок;06.03.2024 09:00;120;Перезвонить;;ZVONKOV@import.test;;;;',
        'Встреча;07.03.2024;;;;;500100732259;;Встреча в офисе;',
        'Заметка;08.03.2024;;;;;;поставка для активностей;Важно;',
        'Звонок;09.03.2024;60;;+7 999 000-00-00;;;;Никто;',
        'Звонок;10.03.2024;долго;;+79162000001;;;;;',
      ].join('\n'),
    );
    const { body } = await upload(world(), 'admin', 'calls.csv', csv, { object: 'activities' });
    expect(body.mapping).toEqual({ 0: 'activity.kind', 1: 'activity.occurredAt', 2: 'activity.durationSec', 3: 'activity.outcome', 4: 'link.phone', 5: 'link.email', 6: 'link.inn', 7: 'link.dealTitle', 8: 'activity.body', 9: 'activity.owner' });
    const done = await run(world(), body.id);
    expect(done.result).toEqual({ created: 4, updated: 0, skipped: 0, failed: 2 });
    const stored = await rows<{ kind: string; occurredAt: string; durationSec: number | null; direction: string | null; outcome: string | null; recordType: string; recordId: string; phone: string | null; ownerId: string }>(
      world().db,
      sql`select kind, occurred_at as "occurredAt", duration_sec as "durationSec", direction, outcome, record_type as "recordType", record_id as "recordId", phone, owner_id as "ownerId"
          from activities where workspace_id = ${world().workspaceId} and occurred_at between '2024-03-05' and '2024-03-11' order by occurred_at`,
    );
    expect(stored.map((activity) => ({ ...activity, occurredAt: new Date(activity.occurredAt).toISOString() }))).toEqual([
      { kind: 'call', occurredAt: '2024-03-05T11:30:00.000Z', durationSec: 330, direction: 'outbound', outcome: 'Договорились', recordType: 'contact', recordId: contact.body.id, phone: '+79162000001', ownerId: world().users.managerA1.id },
      { kind: 'call', occurredAt: '2024-03-06T06:00:00.000Z', durationSec: 120, direction: 'inbound', outcome: 'Перезвонить', recordType: 'contact', recordId: contact.body.id, phone: null, ownerId: world().users.admin.id },
      { kind: 'meeting', occurredAt: '2024-03-06T21:00:00.000Z', durationSec: null, direction: null, outcome: null, recordType: 'company', recordId: company.body.id, phone: null, ownerId: world().users.admin.id },
      { kind: 'note', occurredAt: '2024-03-07T21:00:00.000Z', durationSec: null, direction: null, outcome: null, recordType: 'deal', recordId: deal.body.id, phone: null, ownerId: world().users.admin.id },
    ]);
    const failed = await failedRows(world(), body.id);
    expect(failed.map((row) => [row.rowNumber, row.errors[0].field])).toEqual([
      [6, 'link'],
      [7, 'activity.durationSec'],
    ]);
    expect(failed[0].errors[0].problem).toBe('no deal, contact or company you can see matches phone "+79990000000"');
    const errors = await world().app.inject({ method: 'GET', url: `/api/v1/imports/${body.id}/errors.xlsx`, headers: { authorization: `Bearer ${world().users.admin.token}` } });
    expect(errors.statusCode).toBe(200);
    const errorBook = new ExcelJS.Workbook();
    await errorBook.xlsx.load(errors.rawPayload as never);
    const errorSheet = errorBook.worksheets[0];
    expect(errorSheet.rowCount).toBe(3);
    expect(errorSheet.getRow(2).getCell(6).value).toBe('+7 999 000-00-00');
    expect(String(errorSheet.getRow(3).getCell(12).value)).toBe('Длительность → activity.durationSec: "долго" is not a duration (use seconds, mm:ss or "5 мин 30 сек")');
    const timeline = await world().as('admin', { method: 'GET', url: `/api/v1/contacts/${contact.body.id}/activities` });
    expect(timeline.body.data.length).toBe(2);
  });

  it('refuses an unknown object and a mapping to a field the object does not have, naming them; ignores unknown columns', async () => {
    const csv = Buffer.from('Артикул;Наименование;Что-то непонятное\nBAD-1;Товар;x\n');
    const unknownObject = await upload(world(), 'admin', 'x.csv', csv, { object: 'widgets' });
    expect(unknownObject.status).toBe(400);
    expect(unknownObject.body.error.details[0]).toMatchObject({ field: 'object', problem: expect.stringContaining('products') });
    const { body } = await upload(world(), 'admin', 'x.csv', csv, { object: 'products' });
    expect(body.mapping).toEqual({ 0: 'product.sku', 1: 'product.name', 2: null });
    for (const target of ['product.weight', 'deal.title', 'contact.lastName']) {
      const response = await world().as('admin', { method: 'PUT', url: `/api/v1/imports/${body.id}/mapping`, payload: { mapping: { 2: target } } });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([{ field: 'mapping.2', problem: `"${target}" is not a field that can be imported (column "Что-то непонятное")` }]);
    }
    const matchBy = await world().as('admin', { method: 'PUT', url: `/api/v1/imports/${body.id}/mapping`, payload: { options: { matchBy: ['shoeSize'] } } });
    expect(matchBy.status).toBe(400);
    expect(matchBy.body.error.details[0].field).toBe('options.matchBy[0]');
    const done = await run(world(), body.id);
    expect(done.result).toEqual({ created: 1, updated: 0, skipped: 0, failed: 0 });
  });

  it('lets a sales manager import activities but not products', async () => {
    const products = await upload(world(), 'managerA1', 'p.csv', Buffer.from('Артикул;Наименование\nM-1;Товар\n'), { object: 'products' });
    expect(products.status).toBe(403);
    const activities = await upload(world(), 'managerA1', 'a.csv', Buffer.from(`Тип;Дата;Описание;Ответственный\nЗаметка;01.02.2024;Своя;\nЗаметка;01.02.2024;Чужая;${world().users.managerA2.email}\n`), { object: 'activities' });
    expect(activities.status).toBe(201);
    await world().as('managerA1', { method: 'POST', url: `/api/v1/imports/${activities.body.id}/start` });
    const done = await waitForImport(world(), 'managerA1', activities.body.id);
    expect(done.result).toMatchObject({ created: 1, failed: 1 });
  });
});
