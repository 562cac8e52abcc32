import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('products', (world) => {
  it('lets the admin create products with a SKU unique among non-deleted ones', async () => {
    const w = world();
    const created = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'KR-100', name: 'Кофе в зёрнах', price: '1290.50', unit: 'kg', stockQuantity: 40, isRepeatPurchase: true, category: 'Кофе' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku: 'KR-100', price: '1290.50', currency: 'RUB', isRepeatPurchase: true });
    const clash = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'KR-100', name: 'Другой' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('CONFLICT');
    expect(clash.body.error.details[0].field).toBe('sku');
    await w.as('admin', { method: 'DELETE', url: `/api/v1/products/${created.body.id}` });
    const reused = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'KR-100', name: 'Новый кофе' } });
    expect(reused.status).toBe(201);
    const renamed = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'KR-200', name: 'Чай' } });
    const patch = await w.as('admin', { method: 'PATCH', url: `/api/v1/products/${renamed.body.id}`, payload: { sku: 'KR-100' } });
    expect(patch.status).toBe(409);
  });

  it('is read by every role and written only by administrators', async () => {
    const w = world();
    const product = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'ROLE-1', name: 'Фильтр', price: 100 } });
    const read = await w.as('managerB1', { method: 'GET', url: `/api/v1/products/${product.body.id}` });
    expect(read.body.name).toBe('Фильтр');
    const reader = await w.as('reader', { method: 'GET', url: '/api/v1/products?filter[sku][eq]=ROLE-1' });
    expect(reader.body.data).toHaveLength(1);
    const create = await w.as('managerA1', { method: 'POST', url: '/api/v1/products', payload: { sku: 'ROLE-2', name: 'x' } });
    expect(create.status).toBe(403);
    const update = await w.as('head', { method: 'PATCH', url: `/api/v1/products/${product.body.id}`, payload: { price: 1 } });
    expect(update.status).toBe(403);
    const negative = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: 'ROLE-3', name: 'x', price: -5 } });
    expect(negative.body.error.details[0].field).toBe('price');
  });
});
