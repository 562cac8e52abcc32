import { afterEach, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { describeWithWorld } from '../../test/fixtures.js';
import { exportLimits } from './export-rows.js';
import { neutraliseFormula } from './cell-safety.js';

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ';') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  return rows;
}

it('neutralises formulas but keeps signed numbers and phones', () => {
  expect(neutraliseFormula('=1+1')).toBe("'=1+1");
  expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(neutraliseFormula('+cmd|\' /C calc\'!A0')).toBe("'+cmd|' /C calc'!A0");
  expect(neutraliseFormula('-2+3+cmd')).toBe("'-2+3+cmd");
  expect(neutraliseFormula('+7 (916) 123-45-67')).toBe('+7 (916) 123-45-67');
  expect(neutraliseFormula('-12,5')).toBe('-12,5');
  expect(neutraliseFormula('Иванов')).toBe('Иванов');
});

describeWithWorld('exports API', (world) => {
  afterEach(() => {
    exportLimits.pageSize = 5000;
  });

  it('exports the filtered, sorted list as CSV with a BOM, every row once across pages, formulas neutralised', async () => {
    const records = [
      { lastName: 'Экспортов', firstName: 'Антон', city: 'Экспортск', phones: ['+79163330001'], tags: ['exp', 'vip'] },
      { lastName: '=HYPERLINK("http://evil.example","жми")', city: 'Экспортск', position: '@SUM(1)' },
      { lastName: 'Борисов', city: 'Экспортск', position: '-2+3+cmd' },
      { lastName: 'Вторая', city: 'Экспортск' },
      { lastName: 'Гостева', city: 'Экспортск' },
      { lastName: 'Чужой город', city: 'Другой' },
    ];
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { records } });
    expect(created.status).toBe(201);
    exportLimits.pageSize = 2;
    const response = await world().app.inject({
      method: 'GET',
      url: `/api/v1/contacts/export?format=csv&filter[city][eq]=${encodeURIComponent('Экспортск')}&sort=lastName&fields=lastName,firstName,phones,position,tags`,
      headers: { authorization: `Bearer ${world().users.admin.token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.body.charCodeAt(0)).toBe(0xfeff);
    const table = parseCsv(response.body.slice(1));
    expect(table[0]).toEqual(['lastName', 'firstName', 'phones', 'position', 'tags']);
    const names = table.slice(1).map((row) => row[0]);
    expect(names).toHaveLength(5);
    expect(names).toEqual(expect.arrayContaining(['Борисов', 'Вторая', 'Гостева', 'Экспортов', `'=HYPERLINK("http://evil.example","жми")`]));
    expect(new Set(names).size).toBe(5);
    const anton = table.find((row) => row[0] === 'Экспортов')!;
    expect(anton.slice(1)).toEqual(['Антон', '+79163330001', '', 'exp, vip']);
    expect(table.find((row) => row[0] === 'Борисов')![3]).toBe("'-2+3+cmd");
    const full = await world().as('admin', { method: 'GET', url: `/api/v1/contacts/export?filter[city][eq]=${encodeURIComponent('Экспортск')}` });
    expect(parseCsv(full.body.slice(1))[0]).toEqual(expect.arrayContaining(['id', 'lastName', 'phones', 'ownerId', 'ownerName', 'createdAt']));
  });

  it('exports XLSX with typed cells and neutralised text', async () => {
    const response = await world().app.inject({
      method: 'GET',
      url: `/api/v1/contacts/export?format=xlsx&filter[city][eq]=${encodeURIComponent('Экспортск')}&fields=lastName,position`,
      headers: { authorization: `Bearer ${world().users.head.token}` },
    });
    expect(response.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as never);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(6);
    const values = sheet.getColumn(1).values.slice(2) as string[];
    expect(values).toContain(`'=HYPERLINK("http://evil.example","жми")`);
    expect(sheet.getColumn(2).values).toContain("'@SUM(1)");
  });

  it('refuses users without export rights and sees only what the user may read', async () => {
    const manager = await world().as('managerA1', { method: 'GET', url: '/api/v1/contacts/export?format=csv' });
    expect(manager.status).toBe(403);
    expect(manager.body.error.code).toBe('FORBIDDEN');
    const reader = await world().as('reader', { method: 'GET', url: '/api/v1/companies/export' });
    expect(reader.status).toBe(403);
    const bad = await world().as('admin', { method: 'GET', url: '/api/v1/contacts/export?format=pdf' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('format');
    const badFilter = await world().as('admin', { method: 'GET', url: '/api/v1/contacts/export?filter[shoe][eq]=1' });
    expect(badFilter.status).toBe(400);
  });

  it('exports orders with one row per line, and products, tasks and activities like every other list', async () => {
    const w = world();
    const product = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { name: 'Шина зимняя R16', sku: `EXP-${w.kind}-${Date.now()}`, price: '5000' } });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    const company = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: `Экспорт заказов ${w.kind}` } });
    const withLines = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { companyId: company.body.id, lines: [{ productId: product.body.id, quantity: 4 }, { productId: product.body.id, quantity: 1, discountPercent: 10 }] } });
    expect(withLines.status, JSON.stringify(withLines.body)).toBe(201);
    const empty = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { companyId: company.body.id } });
    exportLimits.pageSize = 1;
    const response = await w.as('head', { method: 'GET', url: `/api/v1/orders/export?lines=true&filter[companyId][eq]=${company.body.id}&sort=number&fields=number,total` });
    expect(response.status).toBe(200);
    const table = parseCsv(response.body.slice(1));
    expect(table[0]).toEqual(['number', 'total', 'line.productSku', 'line.productName', 'line.quantity', 'line.price', 'line.discountPercent', 'line.amount']);
    const byOrder = (number: string) => table.slice(1).filter((row) => row[0] === number);
    // Numbers are number cells (no trailing zeros in CSV, typed cells in XLSX), as in every export. Two lines of
    // one product have no order between them (the card sorts by product name), so they are compared as a set.
    expect(byOrder(withLines.body.number).map((row) => row.slice(1)).sort()).toEqual([
      ['24500', product.body.sku, 'Шина зимняя R16', '4', '5000', '0', '20000'],
      ['24500', product.body.sku, 'Шина зимняя R16', '1', '5000', '10', '4500'],
    ].sort());
    expect(byOrder(empty.body.number)).toEqual([[empty.body.number, '0', '', '', '', '', '', '']]);
    const plain = await w.as('head', { method: 'GET', url: `/api/v1/orders/export?filter[companyId][eq]=${company.body.id}&fields=number` });
    expect(parseCsv(plain.body.slice(1)).slice(1)).toHaveLength(2);
    const notOrders = await w.as('admin', { method: 'GET', url: '/api/v1/contacts/export?lines=true' });
    expect(notOrders.status).toBe(400);
    expect(notOrders.body.error.details[0].field).toBe('lines');

    const products = await w.as('admin', { method: 'GET', url: `/api/v1/products/export?filter[sku][eq]=${product.body.sku}&fields=sku,name,price` });
    expect(parseCsv(products.body.slice(1))).toEqual([['sku', 'name', 'price'], [product.body.sku, 'Шина зимняя R16', '5000']]);
    const task = await w.as('managerA1', { method: 'POST', url: '/api/v1/tasks', payload: { title: `Позвонить ${w.kind} по экспорту`, dueAt: '2026-12-10T09:00:00Z' } });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const tasks = await w.app.inject({ method: 'GET', url: '/api/v1/tasks/export?format=xlsx&fields=title', headers: { authorization: `Bearer ${w.users.head.token}` } });
    expect(tasks.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(tasks.rawPayload as never);
    expect(book.worksheets[0]!.getColumn(1).values).toContain(`Позвонить ${w.kind} по экспорту`);
    const activities = await w.as('head', { method: 'GET', url: '/api/v1/activities/export' });
    expect(activities.status).toBe(200);
    // A manager has no export right on orders (the default role): the list is theirs to read, not to take away.
    expect((await w.as('managerA1', { method: 'GET', url: '/api/v1/orders/export' })).status).toBe(403);
  });
});
