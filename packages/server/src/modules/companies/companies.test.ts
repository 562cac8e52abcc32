import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { completeInn10 } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('companies API', (world) => {
  const inn = completeInn10('770708389');

  it('creates a company, normalising phones and emails, and reads it back', async () => {
    const created = await world().as('managerA1', {
      method: 'POST',
      url: '/api/v1/companies',
      payload: { name: 'ООО «Ромашка»', inn, phones: ['8 (916) 123-45-67'], emails: [' Info@Romashka.RU '], city: 'Москва' },
    });
    expect(created.status).toBe(201);
    expect(created.body.phones).toEqual(['+79161234567']);
    expect(created.body.emails).toEqual(['info@romashka.ru']);
    expect(created.body.ownerId).toBe(world().users.managerA1.id);
    const read = await world().as('managerA1', { method: 'GET', url: `/api/v1/companies/${created.body.id}` });
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('ООО «Ромашка»');
    expect(read.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('rejects an invalid INN, naming the field, and writes nothing', async () => {
    const before = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from companies`);
    const response = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Bad', inn: '7707083894' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'inn' })]);
    const after = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from companies`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('rejects unknown fields and wrong types', async () => {
    const unknown = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'X', colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: 'colour', problem: 'is not a known field' }]);
    const wrongType = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 42 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0].field).toBe('name');
    const malformed = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_JSON');
  });

  it('lists with filters, sort and keyset pagination that visits every row once', async () => {
    const names = ['Альфа', 'Бета', 'Alpha', 'Beta', 'Гамма', 'Delta', 'Ёлка', 'Epsilon'];
    const bulk = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { records: names.map((name) => ({ name, city: 'Казань', tags: ['pager'] })) } });
    expect(bulk.status).toBe(201);
    expect(bulk.body.data).toHaveLength(names.length);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { data: { name: string }[]; nextCursor: string | null } } = await world().as('admin', {
        method: 'GET',
        url: `/api/v1/companies?filter[tags][eq]=pager&sort=name&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((row) => row.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Alpha', 'Beta', 'Delta', 'Epsilon', 'Альфа', 'Бета', 'Гамма', 'Ёлка']);
    const counted = await world().as('admin', { method: 'GET', url: '/api/v1/companies?filter[city][eq]=Казань&count=true&limit=1' });
    expect(counted.body.total).toBe(names.length);
    const foreignCursor = await world().as('admin', { method: 'GET', url: `/api/v1/companies?sort=-name&cursor=${Buffer.from(JSON.stringify({ h: 'x', v: 'a', i: '00000000-0000-0000-0000-000000000000' })).toString('base64url')}` });
    expect(foreignCursor.status).toBe(400);
    expect(foreignCursor.body.error.code).toBe('INVALID_CURSOR');
  });

  it('pages through rows created in the same transaction by the default newest-first sort', async () => {
    const bulk = await world().as('managerB1', { method: 'POST', url: '/api/v1/companies', payload: { records: Array.from({ length: 5 }, (_, index) => ({ name: `Same moment ${index}` })) } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await world().as('managerB1', { method: 'GET', url: `/api/v1/companies?limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      seen.push(...page.body.data.map((row) => row.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(bulk.body.data.map((row: { id: string }) => row.id)));
    expect(seen).toHaveLength(5);
  });

  it('soft-deletes, restores and audits every change', async () => {
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Temp LLC' } });
    const id = created.body.id;
    const updated = await world().as('admin', { method: 'PATCH', url: `/api/v1/companies/${id}`, payload: { city: 'Tver' } });
    expect(updated.body.city).toBe('Tver');
    expect((await world().as('admin', { method: 'DELETE', url: `/api/v1/companies/${id}` })).status).toBe(200);
    expect((await world().as('admin', { method: 'GET', url: `/api/v1/companies/${id}` })).status).toBe(404);
    expect((await world().as('admin', { method: 'POST', url: `/api/v1/companies/${id}/restore` })).status).toBe(200);
    const audit = await rows<{ action: string; changes: Record<string, unknown> }>(world().db, sql`select action, changes from audit_events where record_id = ${id} order by id`);
    expect(audit.map((event) => event.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(audit[1].changes).toEqual({ city: { from: null, to: 'Tver' } });
  });

  it('hides a colleague’s company from a sales manager with 404, shows it to the head of sales', async () => {
    const created = await world().as('managerA2', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Private Co' } });
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/companies/${created.body.id}` })).status).toBe(404);
    expect((await world().as('head', { method: 'GET', url: `/api/v1/companies/${created.body.id}` })).status).toBe(200);
    const list = await world().as('managerA1', { method: 'GET', url: '/api/v1/companies?limit=1000' });
    expect(list.body.data.map((row: { id: string }) => row.id)).not.toContain(created.body.id);
    expect((await world().as('reader', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Nope' } })).status).toBe(403);
  });
});

describe('unauthenticated access', () => {
  it('is refused', async () => {
    const { buildApp } = await import('../../http/app.js');
    const { createTestDatabase } = await import('../../test/databases.js');
    const database = await createTestDatabase('pglite');
    const app = await buildApp({ database });
    const response = await app.inject({ method: 'GET', url: '/api/v1/companies' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
    await app.close();
    await database.close();
  });
});
