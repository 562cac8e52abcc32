import { afterEach, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { importLimits } from './catalogue-import.js';
import { fixture, productByExternalId, upload } from './commerceml-test-helpers.js';

const COFFEE = 'a1c0f3f0-0001-11ee-8c90-0242ac120002';
const TEA = 'a1c0f3f0-0003-11ee-8c90-0242ac120002';
const label = (text: string) => ({ ru: text, en: text });

async function productCount(w: TestWorld): Promise<number> {
  const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from products where workspace_id = ${w.workspaceId}`);
  return count;
}

afterEach(() => {
  importLimits.batch = 1000;
});

describeWithWorld('CommerceML catalogue and offers', (world) => {
  it('imports import.xml in windows-1251 and offers.xml in UTF-8 with a BOM as products keyed by 1C Ид', async () => {
    const w = world();
    await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'products', key: 'origin', label: label('Страна происхождения'), type: 'text' } });
    await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'products', key: 'pack_weight', label: { ru: 'Вес упаковки', en: 'Pack weight' }, type: 'number' } });
    const catalogue = await upload(w, 'admin', fixture('import.xml'), '?filename=import.xml');
    expect(catalogue.status).toBe(200);
    expect(catalogue.body).toMatchObject({ schemaVersion: '2.05', catalogue: { groups: 3, properties: 3, productsCreated: 3, productsUpdated: 0, skippedProperties: ['Обжарка'] } });
    expect(catalogue.body.kinds).toEqual(expect.arrayContaining(['classifier', 'catalogue']));
    const coffee = await productByExternalId(w, COFFEE);
    expect(coffee).toMatchObject({ sku: 'KR-100', name: 'Кофе «Бразилия Сантос» 1 кг', unit: 'кг', category: 'Кофе в зёрнах', description: 'Арабика, средняя обжарка', isActive: true, custom: { origin: 'Бразилия', pack_weight: 1000 } });
    // A product without Артикул is given its Ид as SKU.
    expect((await productByExternalId(w, TEA)).sku).toBe(TEA);
    // Written through the record engine: every product has its audit event.
    const [{ audited }] = await rows<{ audited: number }>(w.db, sql`select count(*)::int as audited from audit_events where workspace_id = ${w.workspaceId} and record_type = 'product' and action = 'create' and record_id = ${coffee.id}`);
    expect(audited).toBe(1);

    const offers = await upload(w, 'admin', fixture('offers.xml'), '?filename=offers.xml');
    expect(offers.status).toBe(200);
    expect(offers.body.catalogue).toMatchObject({ offers: 4 });
    // The first price type (Оптовая) unless one is asked for; "руб" is RUB.
    expect(await productByExternalId(w, COFFEE)).toMatchObject({ price: '1190.00', currency: 'RUB', stockQuantity: '40.000' });
    expect((await productByExternalId(w, 'a1c0f3f0-0002-11ee-8c90-0242ac120002')).stockQuantity).toBe('12.500');
    // Two characteristics of the tea: stock adds up, the first price stands.
    expect(await productByExternalId(w, TEA)).toMatchObject({ price: '300.00', stockQuantity: '7.000' });
    const retail = await upload(w, 'admin', fixture('offers.xml'), '?priceType=Розничная');
    expect(retail.status).toBe(200);
    expect((await productByExternalId(w, COFFEE)).price).toBe('1290.50');

    // The same catalogue again updates, never duplicates.
    const again = await upload(w, 'admin', fixture('import.xml', [['Кофе «Бразилия Сантос» 1 кг', 'Кофе «Бразилия Сантос» 1 кг (новая упаковка)']]));
    expect(again.body.catalogue).toMatchObject({ productsCreated: 0, productsUpdated: 3 });
    expect(await productByExternalId(w, COFFEE)).toMatchObject({ name: 'Кофе «Бразилия Сантос» 1 кг (новая упаковка)', price: '1290.50' });
    const [{ updates }] = await rows<{ updates: number }>(w.db, sql`select count(*)::int as updates from audit_events where record_id = ${coffee.id} and action = 'update' and changes ? 'name'`);
    expect(updates).toBe(1);
    expect(await productCount(w)).toBe(3);
  });

  it('refuses a bad file with the element and line, writing nothing from it', async () => {
    const w = world();
    const other = (extra: [string | RegExp, string][] = []) => fixture('import.xml', [[/a1c0f3f0/g, 'b2c0f3f0'], [/KR-/g, 'BAD-'], ...extra]);
    const before = await productCount(w);

    const version = await upload(w, 'admin', other([['ВерсияСхемы="2.05"', 'ВерсияСхемы="3.01"']]));
    expect(version.status).toBe(400);
    expect(version.body.error.details[0].field).toBe('КоммерческаяИнформация/@ВерсияСхемы (line 2)');
    expect(version.body.error.message).toContain('3.01');

    // Sets of one product: the first products are written before the break is reached, and still roll back.
    importLimits.batch = 1;
    const broken = await upload(w, 'admin', other([['</Товар>\r\n\t\t\t<Товар>\r\n\t\t\t\t<Ид>b2c0f3f0-0003', '</Товар>\r\n\t\t\t<Товар>\r\n\t\t\t\t<Ид>b2c0f3f0-0003</Товар>']]));
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/the XML is broken/);
    expect(broken.body.error.details[0]).toMatchObject({ line: expect.any(Number) });
    expect(broken.body.error.details[0].line).toBeGreaterThan(100);
    expect(await productCount(w)).toBe(before);

    const noId = await upload(w, 'admin', other([['<Ид>b2c0f3f0-0002-11ee-8c90-0242ac120002</Ид>', '<Ид></Ид>']]));
    expect(noId.status).toBe(400);
    expect(noId.body.error.details[0].field).toMatch(/^КоммерческаяИнформация\/Каталог\/Товары\/Товар\/Ид \(line \d+\)$/);
    expect(noId.body.error.message).toContain('without Ид');
    expect(await productCount(w)).toBe(before);

    const notXml = await upload(w, 'admin', Buffer.from('Артикул;Наименование\r\nX;Y\r\n', 'utf8'));
    expect(notXml.status).toBe(400);

    const offersOf = (extra: [string | RegExp, string][]) => fixture('offers.xml', [[/a1c0f3f0/g, 'b2c0f3f0'], ...extra]);
    expect((await upload(w, 'admin', other())).status).toBe(200);
    const created = await productCount(w);
    const currency = await upload(w, 'admin', offersOf([['<ЦенаЗаЕдиницу>650</ЦенаЗаЕдиницу>', '<ЦенаЗаЕдиницу>650</ЦенаЗаЕдиницу>\r\n\t\t\t\t\t\t<Валюта>тугрик</Валюта>']]));
    expect(currency.status).toBe(400);
    expect(currency.body.error.details[0].field).toMatch(/Предложение\/Цены\/Цена\/Валюта \(line \d+\)/);
    expect(currency.body.error.message).toContain('тугрик');
    // Nothing of the file was written: the first offer's price did not land either.
    expect((await productByExternalId(w, 'b2c0f3f0-0001-11ee-8c90-0242ac120002')).price).toBe('0.00');
    const unknown = await upload(w, 'admin', offersOf([['b2c0f3f0-0002-11ee', 'ffffffff-0002-11ee']]));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('no product has the Ид ffffffff-0002-11ee-8c90-0242ac120002');
    expect(await productCount(w)).toBe(created);
  });

  it('lets only those who may write products import a catalogue, and logs each upload', async () => {
    const w = world();
    const denied = await upload(w, 'managerA1', fixture('import.xml', [[/a1c0f3f0/g, 'c3c0f3f0'], [/KR-/g, 'MGR-']]));
    expect(denied.status).toBe(403);
    const log = await w.as('admin', { method: 'GET', url: '/api/v1/1c/exchanges?limit=200' });
    expect(log.status).toBe(200);
    expect(log.body.data.some((entry: { status: string; type: string }) => entry.type === 'upload' && entry.status === 'failed')).toBe(true);
    expect(log.body.data.find((entry: { status: string; counts: { productsCreated?: number } }) => entry.status === 'ok' && entry.counts.productsCreated === 3)).toBeTruthy();
    expect((await w.as('head', { method: 'GET', url: '/api/v1/1c/exchanges' })).status).toBe(403);
  });
});
