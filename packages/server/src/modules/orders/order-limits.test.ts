// Limits on orders that a careless client or a race would break: overpayment, lines below what was
// paid, links to a colleague's deal or contact, and order numbers under ten concurrent creates.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('order limits', (world) => {
  it('refuses an overpayment, naming amount, and keeps the paid total', async () => {
    const w = world();
    const product = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: `LIM-${w.kind}-1`, name: 'Подписка', price: '1200.00' } });
    const order = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { lines: [{ productId: product.body.id, quantity: 1 }] } });
    expect(order.body.total).toBe('1200.00');
    const first = await w.as('managerA1', { method: 'POST', url: `/api/v1/orders/${order.body.id}/payments`, payload: { amount: '1000' } });
    expect(first.status).toBe(201);
    const over = await w.as('managerA1', { method: 'POST', url: `/api/v1/orders/${order.body.id}/payments`, payload: { amount: '200.01' } });
    expect(over.status).toBe(400);
    expect(over.body.error.details[0].field).toBe('amount');
    const read = await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${order.body.id}` });
    expect(read.body).toMatchObject({ paidTotal: '1000.00', paymentStatus: 'partial' });
    const payments = await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${order.body.id}/payments` });
    expect(payments.body.data).toHaveLength(1);
    // Lines cannot bring the total below what is already paid.
    const cheaper = await w.as('managerA1', { method: 'PUT', url: `/api/v1/orders/${order.body.id}/lines`, payload: { lines: [{ productId: product.body.id, quantity: 1, price: '900' }] } });
    expect(cheaper.status).toBe(400);
    expect(cheaper.body.error.details[0].field).toBe('lines');
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${order.body.id}/lines` })).body.total).toBe('1200.00');
    const empty = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: {} });
    const nothingDue = await w.as('managerA1', { method: 'POST', url: `/api/v1/orders/${empty.body.id}/payments`, payload: { amount: '1' } });
    expect(nothingDue.status).toBe(400);
    expect(nothingDue.body.error.details[0].field).toBe('amount');
  });

  it('refuses links to a colleague\'s deal or contact, on create and on update', async () => {
    const w = world();
    const deal = await w.as('managerA2', { method: 'POST', url: '/api/v1/deals?force=true', payload: { title: 'Сделка коллеги' } });
    const contact = await w.as('managerA2', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { lastName: 'Коллегин' } });
    const withDeal = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { dealId: deal.body.id } });
    expect(withDeal.status).toBe(400);
    expect(withDeal.body.error.details[0].field).toBe('dealId');
    const mine = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: {} });
    const patched = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/orders/${mine.body.id}`, payload: { contactId: contact.body.id } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0].field).toBe('contactId');
    // The head of sales reads everything, so the same link is accepted for them.
    const byHead = await w.as('head', { method: 'POST', url: '/api/v1/orders', payload: { dealId: deal.body.id, contactId: contact.body.id } });
    expect(byHead.status).toBe(201);
    const read = await w.as('managerA1', { method: 'GET', url: `/api/v1/orders/${byHead.body.id}` });
    expect(read.status).toBe(404);
  });

  it('numbers ten concurrent creates uniquely and consecutively', async () => {
    const w = world();
    const created = await Promise.all(Array.from({ length: 10 }, (_, index) => w.as(index % 2 ? 'managerA1' : 'managerB1', { method: 'POST', url: '/api/v1/orders', payload: {} })));
    expect(created.map((response) => response.status)).toEqual(Array(10).fill(201));
    const numbers = created.map((response) => Number(String(response.body.number).slice(4))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(10);
    expect(numbers[9] - numbers[0]).toBe(9);
    const [{ duplicates }] = await rows<{ duplicates: number }>(
      w.db,
      sql`select count(*)::int as duplicates from (select number from orders where workspace_id = ${w.workspaceId} group by number having count(*) > 1) d`,
    );
    expect(duplicates).toBe(0);
  });
});
