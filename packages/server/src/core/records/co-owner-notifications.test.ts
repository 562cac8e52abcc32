import { expect, it } from 'vitest';
import { describeWithWorld, type UserKey } from '../../test/fixtures.js';
import { addedCoOwners } from './co-owner-notifications.js';

describeWithWorld('co-owners are notified', (world) => {
  let companyId = '';

  const coOwnerNotifications = async (user: UserKey, recordId: string) => {
    const response = await world().as(user, { method: 'GET', url: '/api/v1/notifications?limit=200' });
    expect(response.status).toBe(200);
    return (response.body.data as { recordId: string; recordType: string; title: string; data: { coOwner?: boolean } }[]).filter((item) => item.recordId === recordId && item.data.coOwner);
  };

  it('notifies a manager whom the head adds as co-owner, and the manager finds the company under "shared with me"', async () => {
    const created = await world().as('head', { method: 'POST', url: '/api/v1/companies', payload: { name: 'ООО «Совместная»' } });
    expect(created.status).toBe(201);
    companyId = created.body.id;
    const managerA1 = world().users.managerA1.id;
    const before = await world().as('managerA1', { method: 'GET', url: `/api/v1/companies?filter[collaboratorIds][eq]=${managerA1}` });
    expect(before.body.data.map((row: { id: string }) => row.id)).not.toContain(companyId);

    const patched = await world().as('head', { method: 'PATCH', url: `/api/v1/companies/${companyId}`, payload: { collaboratorIds: [managerA1] } });
    expect(patched.status).toBe(200);
    expect(patched.body.collaboratorIds).toEqual([managerA1]);
    const notes = await coOwnerNotifications('managerA1', companyId);
    expect(notes).toHaveLength(1);
    expect(notes[0].recordType).toBe('company');
    expect(notes[0].title).toContain('ООО «Совместная»');
    const shared = await world().as('managerA1', { method: 'GET', url: `/api/v1/companies?filter[collaboratorIds][eq]=${managerA1}` });
    expect(shared.body.data.map((row: { id: string }) => row.id)).toEqual([companyId]);
    // The head, who made the change, is not told anything.
    expect(await coOwnerNotifications('head', companyId)).toHaveLength(0);
  });

  it('does not notify again when the list is saved unchanged, and notifies only the newly added person', async () => {
    const { managerA1, managerA2 } = world().users;
    await world().as('head', { method: 'PATCH', url: `/api/v1/companies/${companyId}`, payload: { collaboratorIds: [managerA1.id] } });
    expect(await coOwnerNotifications('managerA1', companyId)).toHaveLength(1);
    const both = await world().as('head', { method: 'PATCH', url: `/api/v1/companies/${companyId}`, payload: { collaboratorIds: [managerA1.id, managerA2.id] } });
    expect(both.status).toBe(200);
    expect(await coOwnerNotifications('managerA1', companyId)).toHaveLength(1);
    expect(await coOwnerNotifications('managerA2', companyId)).toHaveLength(1);
  });

  it('notifies on create and on bulk update too, and writes nothing on a refused change', async () => {
    const { managerA2, managerB1 } = world().users;
    const deal = await world().as('head', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Общая сделка', amount: '10', collaboratorIds: [managerA2.id] } });
    expect(deal.status).toBe(201);
    expect(await coOwnerNotifications('managerA2', deal.body.id)).toHaveLength(1);
    const bulk = await world().as('head', { method: 'POST', url: '/api/v1/deals/bulk-update', payload: { records: [{ id: deal.body.id, collaboratorIds: [managerA2.id, managerB1.id] }] } });
    expect(bulk.status).toBe(200);
    expect(await coOwnerNotifications('managerB1', deal.body.id)).toHaveLength(1);
    const unknown = await world().as('head', { method: 'PATCH', url: `/api/v1/deals/${deal.body.id}`, payload: { collaboratorIds: [managerB1.id, '00000000-0000-4000-8000-000000000000'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('collaboratorIds');
  });

  it('leaves out the actor and people already there', () => {
    expect(addedCoOwners('me', { collaboratorIds: ['a'] }, { collaboratorIds: ['a', 'b', 'me', 'b'] })).toEqual(['b']);
    expect(addedCoOwners('me', null, { collaboratorIds: null })).toEqual([]);
  });
});
