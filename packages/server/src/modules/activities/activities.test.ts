import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('activities', (world) => {
  it('logs a call on a company, normalising the phone, and lists it by record', async () => {
    const w = world();
    const company = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Звонки ООО' } });
    const call = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/activities',
      payload: { kind: 'call', direction: 'outbound', durationSec: 245, outcome: 'reached', phone: '8 (495) 123-45-67', subject: 'Первый звонок', recordType: 'company', recordId: company.body.id },
    });
    expect(call.status).toBe(201);
    expect(call.body.phone).toBe('+74951234567');
    const list = await w.as('managerA1', { method: 'GET', url: `/api/v1/activities?filter[recordId][eq]=${company.body.id}` });
    expect(list.body.data.map((row: { subject: string }) => row.subject)).toEqual(['Первый звонок']);
  });

  it('rejects unknown kinds, negative durations and links to records the actor cannot see', async () => {
    const w = world();
    const kind = await w.as('managerA1', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'telegram' } });
    expect(kind.body.error.details[0].field).toBe('kind');
    const duration = await w.as('managerA1', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'call', durationSec: -5 } });
    expect(duration.body.error.details[0].field).toBe('durationSec');
    const foreign = await w.as('managerB1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Чужой' } });
    const linked = await w.as('managerA1', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'note', body: 'x', recordType: 'contact', recordId: foreign.body.id } });
    expect(linked.status).toBe(400);
    expect(linked.body.error.details[0].field).toBe('recordId');
  });

  it("refuses to link a call to a colleague's company, and keeps the company's list to its readers", async () => {
    const w = world();
    const company = await w.as('managerA2', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Компания коллеги' } });
    const linked = await w.as('managerA1', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'call', direction: 'inbound', recordType: 'company', recordId: company.body.id } });
    expect(linked.status).toBe(400);
    expect(linked.body.error.details[0]).toMatchObject({ field: 'recordId' });
    const own = await w.as('managerA2', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'meeting', subject: 'Встреча', recordType: 'company', recordId: company.body.id } });
    expect(own.status).toBe(201);
    const colleague = await w.as('managerA1', { method: 'GET', url: `/api/v1/activities?filter[recordId][eq]=${company.body.id}` });
    expect(colleague.body.data).toEqual([]);
    const head = await w.as('head', { method: 'GET', url: `/api/v1/activities?filter[recordId][eq]=${company.body.id}` });
    expect(head.body.data.map((row: { subject: string }) => row.subject)).toEqual(['Встреча']);
  });
});
