import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('users and teams', (world) => {
  it('lets an admin create a user who can then log in; others may not', async () => {
    const payload = { email: 'new.manager@test.local', name: 'Новый Менеджер', password: 'long password', role: 'sales_manager', teamId: world().teams.b };
    expect((await world().as('head', { method: 'POST', url: '/api/v1/users', payload })).status).toBe(403);
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/users', payload });
    expect(created.status).toBe(201);
    expect(created.body.roleKey).toBe('sales_manager');
    const login = await world().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'NEW.manager@test.local', password: 'long password' } });
    expect(login.statusCode).toBe(200);
    const duplicate = await world().as('admin', { method: 'POST', url: '/api/v1/users', payload });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details[0].field).toBe('email');
  });

  it('validates roles, teams and passwords', async () => {
    const badRole = await world().as('admin', { method: 'POST', url: '/api/v1/users', payload: { email: 'x@test.local', name: 'X', password: 'long password', role: 'emperor' } });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.details[0].field).toBe('role');
    const shortPassword = await world().as('admin', { method: 'POST', url: '/api/v1/users', payload: { email: 'y@test.local', name: 'Y', password: 'short', role: 'read_only' } });
    expect(shortPassword.body.error.details[0].field).toBe('password');
  });

  it('lets a user change their own language but not their role', async () => {
    const me = world().users.managerA2.id;
    const locale = await world().as('managerA2', { method: 'PATCH', url: `/api/v1/users/${me}`, payload: { locale: 'en' } });
    expect(locale.status).toBe(200);
    expect(locale.body.locale).toBe('en');
    const promote = await world().as('managerA2', { method: 'PATCH', url: `/api/v1/users/${me}`, payload: { role: 'admin' } });
    expect(promote.status).toBe(403);
  });

  it('lists teams and users to every role', async () => {
    const teams = await world().as('managerB1', { method: 'GET', url: '/api/v1/teams' });
    expect(teams.body.data.map((team: { name: string }) => team.name)).toEqual(expect.arrayContaining(['Отдел А', 'Отдел Б']));
    const users = await world().as('reader', { method: 'GET', url: '/api/v1/users' });
    expect(users.body.data.length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(users.body)).not.toContain('password');
  });
});
