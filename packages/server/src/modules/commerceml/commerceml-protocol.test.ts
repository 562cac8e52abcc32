import { expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { PASSWORD, describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { fixture, productByExternalId, upload } from './commerceml-test-helpers.js';
import { protocolLimits } from './exchange-protocol.service.js';

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

/** 1C's side of the protocol: plain GET/POST on one URL, the cookie from checkauth sent back. */
function oneC(w: TestWorld, authorization: string) {
  let cookie = '';
  return {
    async call(query: string, payload?: Buffer) {
      const response = await w.app.inject({
        method: payload ? 'POST' : 'GET',
        url: `/api/v1/1c/exchange?${query}`,
        headers: { ...(cookie ? { cookie } : { authorization }), ...(payload ? { 'content-type': 'application/octet-stream' } : {}) },
        payload,
      });
      if (query.includes('mode=checkauth') && response.body.startsWith('success')) {
        const [, name, value] = response.body.split('\n');
        cookie = `${name}=${value}`;
      }
      return { status: response.statusCode, body: response.body, raw: response.rawPayload, headers: response.headers };
    },
  };
}

async function makeOrder(w: TestWorld, user: 'managerA1' | 'managerB1', productId: string, quantity: number) {
  const company = await w.as(user, { method: 'POST', url: '/api/v1/companies', payload: { name: `ООО «Покупатель ${user}»`, inn: user === 'managerA1' ? '7707083893' : undefined } });
  const order = await w.as(user, { method: 'POST', url: '/api/v1/orders', payload: { companyId: company.body.id, lines: [{ productId, quantity }], notes: 'Доставка <до 18:00> & звонок' } });
  expect(order.status).toBe(201);
  return order.body as { id: string; number: string; total: string };
}

describeWithWorld('1C exchange protocol', (world) => {
  it('runs checkauth, init, file in chunks, import, query, success as 1C calls them', async () => {
    const w = world();
    const wrong = await oneC(w, basic(w.users.admin.email, 'wrong')).call('type=catalog&mode=checkauth');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatch(/^failure\n/);
    expect(wrong.headers['www-authenticate']).toContain('Basic');
    const noCookie = await w.app.inject({ method: 'GET', url: '/api/v1/1c/exchange?type=catalog&mode=init' });
    expect(noCookie.statusCode).toBe(401);
    expect(noCookie.body).toContain('checkauth');

    const client = oneC(w, basic(w.users.admin.email, PASSWORD));
    const auth = await client.call('type=catalog&mode=checkauth');
    expect(auth.status).toBe(200);
    expect(auth.body).toMatch(/^success\nsvyaz_1c\n[\w-]{20,}\n$/);
    const init = await client.call('type=catalog&mode=init');
    expect(init.body).toBe(`zip=no\nfile_limit=${protocolLimits.fileLimit}\n`);

    const catalogue = fixture('import.xml', [[/a1c0f3f0/g, 'd4c0f3f0'], [/KR-/g, 'PR-']]);
    const half = Math.floor(catalogue.length / 2) + 1; // splits a two-byte character nowhere: windows-1251 is one byte each
    expect((await client.call('type=catalog&mode=file&filename=import.xml', catalogue.subarray(0, half))).body).toBe('success\n');
    expect((await client.call('type=catalog&mode=file&filename=import.xml', catalogue.subarray(half))).body).toBe('success\n');
    const offers = fixture('offers.xml', [[/a1c0f3f0/g, 'd4c0f3f0']]);
    // UTF-8 split inside a Cyrillic letter: the decoder carries the half over to the next chunk.
    const cut = offers.indexOf(Buffer.from('Оптовая')) + 1;
    await client.call('type=catalog&mode=file&filename=offers.xml', offers.subarray(0, cut));
    await client.call('type=catalog&mode=file&filename=offers.xml', offers.subarray(cut));
    await client.call('type=catalog&mode=file&filename=import_files/ab/photo.jpg', Buffer.from([0xff, 0xd8, 0xff]));
    expect((await client.call('type=catalog&mode=import&filename=import.xml')).body).toBe('success\n');
    expect((await client.call('type=catalog&mode=import&filename=offers.xml')).body).toBe('success\n');
    expect((await client.call('type=catalog&mode=import&filename=import_files/ab/photo.jpg')).body).toBe('success\n');
    expect(await productByExternalId(w, 'd4c0f3f0-0001-11ee-8c90-0242ac120002')).toMatchObject({ sku: 'PR-100', price: '1190.00', stockQuantity: '40.000', category: 'Кофе в зёрнах' });
    const missing = await client.call('type=catalog&mode=import&filename=nothing.xml');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatch(/^failure\nfilename: nothing.xml was not uploaded/);
    const bad = await client.call('type=catalog&mode=file&filename=bad.xml', fixture('import.xml', [['ВерсияСхемы="2.05"', 'ВерсияСхемы="1.0"']]));
    expect(bad.body).toBe('success\n');
    const refused = await client.call('type=catalog&mode=import&filename=bad.xml');
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('ВерсияСхемы');

    // sale: orders go to 1C, in windows-1251 when asked; success marks them, a change sends one again.
    const product = await productByExternalId(w, 'd4c0f3f0-0001-11ee-8c90-0242ac120002');
    const order = await makeOrder(w, 'managerA1', product.id, 2);
    const sale = oneC(w, basic('1c', w.users.admin.token));
    expect((await sale.call('type=sale&mode=checkauth')).status).toBe(200);
    await sale.call('type=sale&mode=init');
    const query = await sale.call('type=sale&mode=query&encoding=windows-1251');
    expect(query.headers['content-type']).toContain('windows-1251');
    const xml = iconv.decode(query.raw, 'windows-1251');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="windows-1251"\?>/);
    expect(xml).toContain(`<Ид>${order.id}</Ид><Номер>${order.number}</Номер>`);
    expect(xml).toContain('<ХозОперация>Заказ товара</ХозОперация>');
    expect(xml).toContain('<ИНН>7707083893</ИНН>');
    expect(xml).toContain('<Товар><Ид>d4c0f3f0-0001-11ee-8c90-0242ac120002</Ид><Артикул>PR-100</Артикул>');
    expect(xml).toContain('<ЦенаЗаЕдиницу>1190.00</ЦенаЗаЕдиницу><Количество>2.000</Количество><Сумма>2380.00</Сумма>');
    expect(xml).toContain('<Комментарий>Доставка &lt;до 18:00&gt; &amp; звонок</Комментарий>');
    expect((await sale.call('type=sale&mode=success')).body).toBe('success\n');
    expect((await sale.call('type=sale&mode=query')).body).not.toContain(order.id);
    await w.as('managerA1', { method: 'PATCH', url: `/api/v1/orders/${order.id}`, payload: { status: 'in_progress' } });
    const again = await sale.call('type=sale&mode=query');
    expect(again.body).toContain(order.id);
    expect(again.body).toContain('<Значение>В работе</Значение>');

    // 1C sends the order back with its status and payment.
    const back = fixture('orders-from-1c.xml', [['{ORDER_ID}', order.id], ['{ORDER_NUMBER}', order.number], ['{ORDER_TOTAL}', order.total], ['{STATUS}', 'Выполнен']]);
    expect((await sale.call('type=sale&mode=file&filename=orders-1.xml', back)).body).toBe('success\n');
    const updated = await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${order.id}` });
    expect(updated.body).toMatchObject({ status: 'done', paymentStatus: 'paid', paidTotal: '2380.00' });
    const payments = await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${order.id}/payments` });
    expect(payments.body.data).toEqual([expect.objectContaining({ amount: '2380.00', method: '1C', reference: 'ПП-00042', paidAt: '2026-12-03T07:15:00.000Z' })]);
    // The same file twice pays nothing twice.
    await sale.call('type=sale&mode=file&filename=orders-2.xml', back);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${order.id}/payments` })).body.data).toHaveLength(1);
    const unknownStatus = await sale.call('type=sale&mode=file&filename=orders-3.xml', fixture('orders-from-1c.xml', [['{ORDER_ID}', order.id], ['{ORDER_NUMBER}', order.number], ['{ORDER_TOTAL}', order.total], ['{STATUS}', 'Непонятный']]));
    expect(unknownStatus.status).toBe(400);
    expect(unknownStatus.body).toContain('Непонятный');

    const log = await w.as('admin', { method: 'GET', url: '/api/v1/1c/exchanges?limit=200' });
    const modes = log.body.data.map((entry: { type: string; mode: string }) => `${entry.type}:${entry.mode}`);
    expect(modes).toEqual(expect.arrayContaining(['catalog:checkauth', 'catalog:init', 'catalog:file', 'catalog:import', 'sale:query', 'sale:success', 'sale:file']));
    const imported = log.body.data.find((entry: { mode: string; fileName: string; status: string }) => entry.mode === 'import' && entry.fileName === 'import.xml' && entry.status === 'ok');
    expect(imported).toMatchObject({ userName: 'Админ', counts: { productsCreated: 3 } });
    expect(log.body.data.find((entry: { fileName: string; status: string }) => entry.fileName === 'bad.xml' && entry.status === 'failed').error.message).toContain('ВерсияСхемы');
  });

  it('sends only the orders the exchange user may read, and needs the rights of the exchange type', async () => {
    const w = world();
    const product = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'RIGHTS-1', name: 'Фильтр', price: '100' } });
    const mine = await makeOrder(w, 'managerA1', product.body.id, 1);
    const theirs = await makeOrder(w, 'managerB1', product.body.id, 3);
    const forbidden = await oneC(w, basic(w.users.managerA1.email, PASSWORD)).call('type=catalog&mode=checkauth');
    expect(forbidden.status).toBe(403);
    const manager = oneC(w, basic(w.users.managerA1.email, PASSWORD));
    expect((await manager.call('type=sale&mode=checkauth')).status).toBe(200);
    const query = await manager.call('type=sale&mode=query');
    expect(query.body).toContain(mine.id);
    expect(query.body).not.toContain(theirs.id);
    const download = await w.as('head', { method: 'GET', url: '/api/v1/1c/orders.xml' });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toContain('utf-8');
    expect(download.body).toContain(mine.id);
    expect(download.body).toContain(theirs.id);
    const own = await w.as('managerB1', { method: 'GET', url: '/api/v1/1c/orders.xml' });
    expect(own.body).toContain(theirs.id);
    expect(own.body).not.toContain(mine.id);
    // An orders file naming an order the user may read but not change is refused whole.
    const back = fixture('orders-from-1c.xml', [['{ORDER_ID}', theirs.id], ['{ORDER_NUMBER}', theirs.number], ['{ORDER_TOTAL}', theirs.total], ['{STATUS}', 'Отменен']]);
    const refused = await upload(w, 'managerA1', back);
    expect(refused.status).toBe(404);
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/orders/${theirs.id}` })).body.status).toBe('new');
  });
});
