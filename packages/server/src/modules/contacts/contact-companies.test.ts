import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('contact company links', (world) => {
  it('links a contact to several companies with roles and a primary one', async () => {
    const w = world();
    const first = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Первая' } });
    const second = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Вторая' } });
    const contact = await w.as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Сидоров', companyId: first.body.id } });
    const linked = await w.as('managerA1', { method: 'POST', url: `/api/v1/contacts/${contact.body.id}/company-links`, payload: { companyId: second.body.id, role: 'Совладелец' } });
    expect(linked.status).toBe(200);
    expect(linked.body.data.map((row: { name: string; role: string | null; isPrimary: boolean }) => [row.name, row.role, row.isPrimary])).toEqual([
      ['Первая', null, true],
      ['Вторая', 'Совладелец', false],
    ]);
    const primary = await w.as('managerA1', { method: 'POST', url: `/api/v1/contacts/${contact.body.id}/company-links`, payload: { companyId: second.body.id, role: 'CEO', primary: true } });
    expect(primary.body.data[0]).toMatchObject({ name: 'Вторая', role: 'CEO', isPrimary: true });
    const unlinked = await w.as('managerA1', { method: 'DELETE', url: `/api/v1/contacts/${contact.body.id}/company-links/${second.body.id}` });
    expect(unlinked.body.data.map((row: { name: string }) => row.name)).toEqual(['Первая']);
    const reread = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${contact.body.id}` });
    expect(reread.body.companyId).toBeNull();
  });

  it('refuses links to companies the actor cannot see and to contacts of others', async () => {
    const w = world();
    const foreign = await w.as('managerB1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Чужая' } });
    const contact = await w.as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Кузнецов' } });
    const denied = await w.as('managerA1', { method: 'POST', url: `/api/v1/contacts/${contact.body.id}/company-links`, payload: { companyId: foreign.body.id } });
    expect(denied.status).toBe(400);
    expect(denied.body.error.details[0].field).toBe('companyId');
    const other = await w.as('managerB1', { method: 'POST', url: `/api/v1/contacts/${contact.body.id}/company-links`, payload: { companyId: foreign.body.id } });
    expect(other.status).toBe(404);
  });
});
