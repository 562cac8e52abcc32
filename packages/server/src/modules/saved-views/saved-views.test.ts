import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('saved views API', (world) => {
  const query = { filters: { city: { eq: 'Москва' } }, sort: '-createdAt', columns: ['name', 'city'] };

  it('shows private views to their owner only and team views to the owner\'s team', async () => {
    const w = world();
    const priv = await w.as('managerA1', { method: 'POST', url: '/api/v1/saved-views', payload: { name: 'Мои московские', object: 'companies', query } });
    expect(priv.status, JSON.stringify(priv.body)).toBe(201);
    expect(priv.body).toMatchObject({ name: 'Мои московские', visibility: 'private', query, isOwner: true });
    const team = await w.as('managerA1', { method: 'POST', url: '/api/v1/saved-views', payload: { name: 'Отдел: Москва', object: 'companies', visibility: 'team', query } });
    expect(team.status).toBe(201);
    const names = async (user: 'managerA1' | 'managerA2' | 'managerB1') =>
      (await w.as(user, { method: 'GET', url: '/api/v1/saved-views?object=companies' })).body.data.map((view: { id: string }) => view.id);
    expect(await names('managerA1')).toEqual(expect.arrayContaining([priv.body.id, team.body.id]));
    expect(await names('managerA2')).toContain(team.body.id);
    expect(await names('managerA2')).not.toContain(priv.body.id);
    expect(await names('managerB1')).not.toContain(team.body.id);
    expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/saved-views/${priv.body.id}` })).status).toBe(404);
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/saved-views/${team.body.id}` })).status).toBe(404);
    expect((await w.as('managerA1', { method: 'GET', url: '/api/v1/saved-views?object=deals' })).body.data).toEqual([]);
  });

  it('lets only the owner edit or delete: a team-mate gets 403, others 404', async () => {
    const w = world();
    const view = await w.as('managerA1', { method: 'POST', url: '/api/v1/saved-views', payload: { name: 'Общий', object: 'deals', visibility: 'team', query: { sort: 'title' } } });
    expect((await w.as('managerA2', { method: 'PATCH', url: `/api/v1/saved-views/${view.body.id}`, payload: { name: 'Чужой' } })).status).toBe(403);
    expect((await w.as('managerB1', { method: 'PATCH', url: `/api/v1/saved-views/${view.body.id}`, payload: { name: 'Чужой' } })).status).toBe(404);
    expect((await w.as('managerA2', { method: 'DELETE', url: `/api/v1/saved-views/${view.body.id}` })).status).toBe(403);
    const renamed = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/saved-views/${view.body.id}`, payload: { name: 'Личный', visibility: 'private' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Личный', visibility: 'private', query: { sort: 'title' } });
    expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/saved-views/${view.body.id}` })).status).toBe(404);
    const deleted = await w.as('managerA1', { method: 'DELETE', url: `/api/v1/saved-views/${view.body.id}` });
    expect(deleted.status).toBe(200);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/saved-views/${view.body.id}` })).status).toBe(404);
    const events = await rows<{ action: string }>(w.db, sql`select action from audit_events where record_id = ${view.body.id} order by id`);
    expect(events.map((event) => event.action)).toEqual(['create', 'update', 'delete']);
  });

  it('names bad input', async () => {
    const w = world();
    const noName = await w.as('managerA1', { method: 'POST', url: '/api/v1/saved-views', payload: { name: ' ', object: 'companies', query: {} } });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details[0].field).toBe('name');
    const badObject = await w.as('managerA1', { method: 'POST', url: '/api/v1/saved-views', payload: { name: 'x', object: 'planets', query: {} } });
    expect(badObject.status).toBe(400);
    expect(badObject.body.error.details[0].field).toBe('object');
    const badVisibility = await w.as('managerA1', { method: 'POST', url: '/api/v1/saved-views', payload: { name: 'x', object: 'companies', visibility: 'public', query: {} } });
    expect(badVisibility.body.error.details[0].field).toBe('visibility');
    const unknownKey = await w.as('managerA1', { method: 'POST', url: '/api/v1/saved-views', payload: { name: 'x', object: 'companies', query: { colour: 'red' } } });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.details[0].field).toBe('query.colour');
    expect((await w.as('managerA1', { method: 'PATCH', url: '/api/v1/saved-views/not-a-uuid', payload: { name: 'x' } })).status).toBe(404);
  });
});
