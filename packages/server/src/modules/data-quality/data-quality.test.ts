import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeWithWorld } from '../../test/fixtures.js';
import { groupPairs } from './duplicate-finder.js';

it('joins pairs into groups with the strongest link as confidence', () => {
  const groups = groupPairs([
    { type: 'contact', a: '1', b: '2', reason: 'same_phone', confidence: 0.9 },
    { type: 'contact', a: '2', b: '3', reason: 'similar_name_same_city', confidence: 0.6 },
    { type: 'company', a: '7', b: '8', reason: 'same_inn', confidence: 0.98 },
  ]);
  expect(groups).toEqual([
    { type: 'company', ids: ['7', '8'], reasons: ['same_inn'], confidence: 0.98 },
    { type: 'contact', ids: ['1', '2', '3'], reasons: ['same_phone', 'similar_name_same_city'], confidence: 0.9 },
  ]);
});

describeWithWorld('data quality', (world) => {
  it('finds duplicate groups across the workspace with a confidence, showing only readable records', async () => {
    const contacts = await world().as('admin', {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: {
        records: [
          { lastName: 'Дубль', firstName: 'Первый', emails: ['same@dq.test'] },
          { lastName: 'Дублев', firstName: 'Второй', emails: ['SAME@dq.test'] },
          { lastName: 'Константинопольский', firstName: 'Аркадий', city: 'Дубльгород', phones: ['+79168880001'] },
          { lastName: 'Константинопольский', firstName: 'Аркадий', city: 'Дубльгород' },
          { lastName: 'Одиночка', firstName: 'Уникальный', city: 'Дубльгород', phones: ['+79168880002'] },
        ],
      },
    });
    expect(contacts.status).toBe(201);
    const ids = contacts.body.data.map((contact: { id: string }) => contact.id);
    const started = await world().as('admin', { method: 'POST', url: '/api/v1/data-quality/duplicates/runs' });
    expect(started.status).toBe(202);
    let run = started.body;
    for (let attempt = 0; attempt < 100 && run.status === 'running'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = (await world().as('admin', { method: 'GET', url: `/api/v1/data-quality/duplicates/runs/${started.body.id}` })).body;
    }
    expect(run.status).toBe('done');
    const byEmail = run.groups.find((group: { reasons: string[] }) => group.reasons.includes('same_email'));
    expect(byEmail.records.map((record: { id: string }) => record.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(byEmail.confidence).toBe(0.95);
    const byName = run.groups.find((group: { records: { id: string }[] }) => group.records.some((record) => record.id === ids[2]));
    expect(byName.reasons).toEqual(['similar_name_same_city']);
    expect(byName.records.map((record: { id: string }) => record.id).sort()).toEqual([ids[2], ids[3]].sort());
    expect(run.groups.some((group: { records: { id: string }[] }) => group.records.some((record) => record.id === ids[4]))).toBe(false);
    const latest = await world().as('admin', { method: 'GET', url: '/api/v1/data-quality/duplicates/runs/latest' });
    expect(latest.body.id).toBe(started.body.id);
    const manager = await world().as('managerA1', { method: 'POST', url: '/api/v1/data-quality/duplicates/runs' });
    expect(manager.status).toBe(403);
  });

  it('reports records without owner or contact channel, invalid INN and stale deals, each with its records', async () => {
    const orphan = await world().as('admin', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { lastName: 'Бесхозный', ownerId: null } });
    expect(orphan.status).toBe(201);
    const company = await world().as('admin', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'Кривой ИНН', phones: ['+79168880099'] } });
    await world().db.execute(sql`update companies set inn = '1234567890' where id = ${company.body.id}`);
    const deal = await world().as('admin', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Забытая сделка' } });
    expect(deal.status).toBe(201);
    await world().db.execute(sql`update deals set created_at = now() - interval '90 days', stage_entered_at = now() - interval '90 days' where id = ${deal.body.id}`);
    const report = await world().as('admin', { method: 'GET', url: '/api/v1/data-quality/report' });
    expect(report.status).toBe(200);
    const entry = (key: string) => report.body.entries.find((candidate: { key: string }) => candidate.key === key);
    expect(entry('contacts-without-owner').records.map((record: { id: string }) => record.id)).toContain(orphan.body.id);
    expect(entry('contacts-without-contact-channel').records.map((record: { id: string }) => record.id)).toContain(orphan.body.id);
    expect(entry('companies-invalid-inn')).toMatchObject({ count: 1, records: [{ id: company.body.id, name: 'Кривой ИНН' }] });
    expect(entry('deals-stale').records.map((record: { id: string }) => record.id)).toContain(deal.body.id);
    const list = await world().as('admin', { method: 'GET', url: '/api/v1/data-quality/issues/contacts-without-owner?limit=1' });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const mine = await world().as('managerB1', { method: 'GET', url: '/api/v1/data-quality/issues/companies-invalid-inn' });
    expect(mine.body.data).toEqual([]); // not their company
    const unknown = await world().as('admin', { method: 'GET', url: '/api/v1/data-quality/issues/nonsense' });
    expect(unknown.status).toBe(404);
  });
});
