import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { orderStatusColours } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';

async function makeProducts(w: TestWorld, prefix: string) {
  const coffee = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: `${prefix}-C`, name: 'Кофе', price: '1000.00', stockQuantity: 50 } });
  const tea = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: `${prefix}-T`, name: 'Чай', price: '333.33', stockQuantity: 10 } });
  return { coffee: coffee.body.id as string, tea: tea.body.id as string };
}

describeWithWorld('orders', (world) => {
  it('numbers orders, prices lines from the catalogue and colours the status', async () => {
    const w = world();
    const { coffee, tea } = await makeProducts(w, 'O1');
    const company = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Заказчик' } });
    const order = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/orders',
      payload: { companyId: company.body.id, lines: [{ productId: coffee, quantity: 2, discountPercent: 10 }, { productId: tea, quantity: 3, price: '300' }] },
    });
    expect(order.status).toBe(201);
    expect(order.body.number).toMatch(/^ORD-\d{6}$/);
    expect(order.body).toMatchObject({ total: '2700.00', paymentStatus: 'unpaid', shipmentStatus: 'not_shipped', status: 'new', statusColour: 'grey' });
    const second = await w.as('managerA2', { method: 'POST', url: '/api/v1/orders', payload: {} });
    expect(Number(second.body.number.slice(4))).toBe(Number(order.body.number.slice(4)) + 1);
    const lines = await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${order.body.id}/lines` });
    expect(lines.body.lines.map((line: { amount: string }) => line.amount)).toEqual(['1800.00', '900.00']);
    const done = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/orders/${order.body.id}`, payload: { status: 'done' } });
    expect(done.body.statusColour).toBe('green');
    expect(orderStatusColours).toMatchObject({ done: 'green', in_progress: 'blue', new: 'grey', problem: 'red' });
    const taken = await w.as('managerA2', { method: 'POST', url: '/api/v1/orders', payload: { number: order.body.number } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details[0].field).toBe('number');
  });

  it('gives concurrent creates distinct numbers', async () => {
    const w = world();
    const huge = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { number: 'ORD-99999999999' } });
    expect(huge.status).toBe(201);
    const created = await Promise.all(Array.from({ length: 6 }, () => w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: {} })));
    expect(created.map((response) => response.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(created.map((response) => response.body.number)).size).toBe(6);
    expect(created.map((response) => response.body.number)).toContain('ORD-100000000000');
  });

  it('rejects bad lines and links to records the actor cannot read, writing nothing', async () => {
    const w = world();
    const { coffee } = await makeProducts(w, 'O2');
    const [{ before }] = await rows<{ before: number }>(w.db, sql`select count(*)::int as before from orders where workspace_id = ${w.workspaceId}`);
    const negative = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { lines: [{ productId: coffee, quantity: -1 }] } });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].field).toBe('lines[0].quantity');
    const discount = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { lines: [{ productId: coffee, quantity: 1, discountPercent: 101 }] } });
    expect(discount.body.error.details[0].field).toBe('lines[0].discountPercent');
    const unknown = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { lines: [{ productId: coffee, quantity: 1 }, { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('lines[1].productId');
    const foreign = await w.as('managerB1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Чужая фирма' } });
    const linked = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { companyId: foreign.body.id } });
    expect(linked.status).toBe(400);
    expect(linked.body.error.details[0].field).toBe('companyId');
    const [{ after }] = await rows<{ after: number }>(w.db, sql`select count(*)::int as after from orders where workspace_id = ${w.workspaceId}`);
    expect(after).toBe(before);
  });

  it('replaces lines, takes payments and recomputes totals and statuses', async () => {
    const w = world();
    const { coffee, tea } = await makeProducts(w, 'O3');
    const order = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { lines: [{ productId: coffee, quantity: 1 }] } });
    const replaced = await w.as('managerA1', { method: 'PUT', url: `/api/v1/orders/${order.body.id}/lines`, payload: { lines: [{ productId: tea, quantity: 3 }] } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.total).toBe('999.99');
    const part = await w.as('managerA1', { method: 'POST', url: `/api/v1/orders/${order.body.id}/payments`, payload: { amount: '500', method: 'card' } });
    expect(part.status).toBe(201);
    expect(part.body.order).toMatchObject({ paidTotal: '500.00', paymentStatus: 'partial' });
    const rest = await w.as('managerA1', { method: 'POST', url: `/api/v1/orders/${order.body.id}/payments`, payload: { amount: '499.99' } });
    expect(rest.body.order.paymentStatus).toBe('paid');
    const payments = await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${order.body.id}/payments` });
    expect(payments.body.data.map((payment: { amount: string }) => payment.amount)).toEqual(['500.00', '499.99']);
    const zero = await w.as('managerA1', { method: 'POST', url: `/api/v1/orders/${order.body.id}/payments`, payload: { amount: 0 } });
    expect(zero.body.error.details[0].field).toBe('amount');
    const audit = await rows<{ changes: Record<string, unknown> }>(w.db, sql`select changes from audit_events where record_id = ${order.body.id} and action = 'update' order by id`);
    expect(audit.some((event) => 'lines' in event.changes)).toBe(true);
    expect(audit.some((event) => 'paymentStatus' in event.changes)).toBe(true);
  });

  it('lowers stock once when the order is first shipped, and audits it', async () => {
    const w = world();
    const { coffee } = await makeProducts(w, 'O4');
    const order = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { lines: [{ productId: coffee, quantity: 5 }] } });
    const planned = await w.as('managerA1', { method: 'POST', url: `/api/v1/orders/${order.body.id}/shipments`, payload: { carrier: 'СДЭК' } });
    expect(planned.status).toBe(201);
    expect(planned.body.order.shipmentStatus).toBe('not_shipped');
    const shipped = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/orders/${order.body.id}/shipments/${planned.body.shipment.id}`, payload: { status: 'shipped' } });
    expect(shipped.body.order.shipmentStatus).toBe('shipped');
    expect(shipped.body.shipment.shippedAt).toBeTruthy();
    const delivered = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/orders/${order.body.id}/shipments/${planned.body.shipment.id}`, payload: { status: 'delivered' } });
    expect(delivered.status).toBe(200);
    const product = await w.as('admin', { method: 'GET', url: `/api/v1/products/${coffee}` });
    expect(Number(product.body.stockQuantity)).toBe(45);
    const back = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/orders/${order.body.id}/shipments/${planned.body.shipment.id}`, payload: { status: 'planned' } });
    expect(back.body.error.details[0].field).toBe('status');
    const relined = await w.as('managerA1', { method: 'PUT', url: `/api/v1/orders/${order.body.id}/lines`, payload: { lines: [] } });
    expect(relined.status).toBe(400);
    expect(relined.body.error.details[0].field).toBe('lines');
    const stockEvents = await rows(w.db, sql`select 1 from audit_events where record_id = ${coffee} and action = 'update' and changes ? 'stockQuantity'`);
    expect(stockEvents).toHaveLength(1);
  });

  it('hides a colleague\'s order and its sub-resources', async () => {
    const w = world();
    const order = await w.as('managerB1', { method: 'POST', url: '/api/v1/orders', payload: {} });
    for (const url of [`/api/v1/orders/${order.body.id}`, `/api/v1/orders/${order.body.id}/lines`, `/api/v1/orders/${order.body.id}/payments`]) {
      expect((await w.as('managerA1', { method: 'GET', url })).status).toBe(404);
    }
    const pay = await w.as('managerA1', { method: 'POST', url: `/api/v1/orders/${order.body.id}/payments`, payload: { amount: 1 } });
    expect(pay.status).toBe(404);
    const reader = await w.as('reader', { method: 'POST', url: `/api/v1/orders/${order.body.id}/shipments`, payload: {} });
    expect(reader.status).toBe(403);
  });

  it('creates several orders with lines in one request, each numbered and priced', async () => {
    const w = world();
    const { coffee, tea } = await makeProducts(w, 'O5');
    const bulk = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/orders',
      payload: { records: [{ lines: [{ productId: coffee, quantity: 1 }] }, { notes: 'без строк' }, { lines: [{ productId: tea, quantity: 2, price: 10 }] }] },
    });
    expect(bulk.status).toBe(201);
    expect(bulk.body.data.map((order: { total: string }) => order.total)).toEqual(['1000.00', '0.00', '20.00']);
    const numbers = bulk.body.data.map((order: { number: string }) => Number(order.number.slice(4)));
    expect(numbers).toEqual([numbers[0], numbers[0] + 1, numbers[0] + 2]);
    const lines = await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${bulk.body.data[2].id}/lines` });
    expect(lines.body.lines).toMatchObject([{ productId: tea, quantity: '2.000', amount: '20.00' }]);
    const document = (await w.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/orders/{id}/lines', '/api/v1/orders/{id}/shipments/{shipmentId}', '/api/v1/products']));
  });
});
