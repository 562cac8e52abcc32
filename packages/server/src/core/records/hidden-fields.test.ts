// `hidden` fields (long text) are left out of list pages by default, but a single record shows
// them, writes compare against their stored value, and clearing one is saved and audited.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('hidden fields', (world) => {
  it('shows a product description on the record, not in the list, and lets it be cleared', async () => {
    const w = world();
    const created = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'HID-1', name: 'Скрытое описание', description: 'Длинное описание товара' } });
    expect(created.status).toBe(201);
    expect(created.body.description).toBe('Длинное описание товара');
    const read = await w.as('managerA1', { method: 'GET', url: `/api/v1/products/${created.body.id}` });
    expect(read.body.description).toBe('Длинное описание товара');
    const list = await w.as('managerA1', { method: 'GET', url: '/api/v1/products?filter[sku][eq]=HID-1' });
    expect(list.body.data[0]).not.toHaveProperty('description');
    const chosen = await w.as('managerA1', { method: 'GET', url: '/api/v1/products?filter[sku][eq]=HID-1&fields=name,description' });
    expect(chosen.body.data[0].description).toBe('Длинное описание товара');
    const cleared = await w.as('admin', { method: 'PATCH', url: `/api/v1/products/${created.body.id}`, payload: { description: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.description).toBeNull();
    const [event] = await rows<{ changes: Record<string, unknown> }>(w.db, sql`select changes from audit_events where record_id = ${created.body.id} and action = 'update'`);
    expect(event.changes.description).toEqual({ from: 'Длинное описание товара', to: null });
  });
});
