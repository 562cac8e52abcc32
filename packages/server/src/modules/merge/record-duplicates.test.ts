import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('duplicates of a stored record', (world) => {
  it('lists the likely duplicates of a record without the record itself, and 404s a record the user cannot see', async () => {
    const first = await world().as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Дублирующий', firstName: 'Первый', emails: ['twice@record-dups.test'] } });
    expect(first.status).toBe(201);
    const second = await world().as('managerA1', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { lastName: 'Повторный', firstName: 'Второй', emails: ['TWICE@record-dups.test'], phones: ['+79165550101'] } });
    expect(second.status).toBe(201);
    const alone = await world().as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Одинокий', phones: ['+79165550102'] } });

    const found = await world().as('managerA1', { method: 'GET', url: `/api/v1/contacts/${second.body.id}/duplicates` });
    expect(found.status).toBe(200);
    expect(found.body.data).toEqual([expect.objectContaining({ type: 'contact', id: first.body.id, reasons: ['email'], canOpen: true })]);
    const none = await world().as('managerA1', { method: 'GET', url: `/api/v1/contacts/${alone.body.id}/duplicates` });
    expect(none.body.data).toEqual([]);
    // managerB1 may not read managerA1's contacts: the record does not exist for them.
    const hidden = await world().as('managerB1', { method: 'GET', url: `/api/v1/contacts/${second.body.id}/duplicates` });
    expect(hidden.status).toBe(404);
  });

  it('finds a company with the same INN', async () => {
    const a = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'ООО Первая копия', inn: '7707083893' } });
    expect(a.status).toBe(201);
    const b = await world().as('admin', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'Вторая копия', inn: '7707083893' } });
    const found = await world().as('admin', { method: 'GET', url: `/api/v1/companies/${b.body.id}/duplicates` });
    expect(found.body.data.map((candidate: { id: string; reasons: string[] }) => [candidate.id, candidate.reasons])).toEqual([[a.body.id, ['inn']]]);
  });
});
