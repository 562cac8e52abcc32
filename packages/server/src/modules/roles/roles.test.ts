import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';

type Grants = Record<string, Record<string, string>>;
const owned = ['companies', 'contacts', 'leads', 'deals', 'activities', 'tasks', 'products', 'orders', 'cases', 'service_contracts', 'campaigns'];
const settings = ['pipelines', 'users', 'teams', 'settings', 'knowledge_base'];
const level = (value: string) => ({ read: value, create: value, update: value, delete: value, export: value });
const matrix = (ownedLevel: string, settingsLevel = 'none'): Grants => ({
  ...Object.fromEntries(owned.map((object) => [object, level(ownedLevel)])),
  ...Object.fromEntries(settings.map((object) => [object, level(settingsLevel)])),
});

describeWithWorld('roles', (world) => {
  it('lists roles with their rights and holders to everyone who reads users', async () => {
    const list = await world().as('managerA1', { method: 'GET', url: '/api/v1/roles' });
    expect(list.status).toBe(200);
    const manager = list.body.data.find((role: { key: string }) => role.key === 'sales_manager');
    expect(manager.permissions.companies.read).toBe('own');
    expect(manager.userCount).toBe(3);
    expect(manager.isSystem).toBe(true);
  });

  it('lets an admin create a custom role and give it to a user, whose rights follow at once', async () => {
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/roles', payload: { key: 'auditor', name: 'Аудитор', permissions: { ...matrix('none'), companies: { ...level('none'), read: 'all' } } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'auditor', name: 'Аудитор', isSystem: false, userCount: 0 });
    const reader = world().users.reader.id;
    const before = await world().as('reader', { method: 'GET', url: '/api/v1/contacts?limit=1' });
    expect(before.status).toBe(200);
    const assigned = await world().as('admin', { method: 'PATCH', url: `/api/v1/users/${reader}`, payload: { role: 'auditor' } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.roleKey).toBe('auditor');
    expect((await world().as('reader', { method: 'GET', url: '/api/v1/contacts?limit=1' })).status).toBe(403);
    expect((await world().as('reader', { method: 'GET', url: '/api/v1/companies?limit=1' })).status).toBe(200);
    // A held role cannot be deleted; once nobody holds it, it can.
    const held = await world().as('admin', { method: 'DELETE', url: `/api/v1/roles/${created.body.id}` });
    expect(held.status).toBe(409);
    expect(held.body.error.details.users).toBe(1);
    await world().as('admin', { method: 'PATCH', url: `/api/v1/users/${reader}`, payload: { role: 'read_only' } });
    expect((await world().as('admin', { method: 'DELETE', url: `/api/v1/roles/${created.body.id}` })).status).toBe(200);
    expect((await world().as('admin', { method: 'GET', url: `/api/v1/roles/${created.body.id}` })).status).toBe(404);
    const audit = await world().as('admin', { method: 'GET', url: `/api/v1/roles` });
    expect(audit.body.data.some((role: { key: string }) => role.key === 'auditor')).toBe(false);
  });

  it("changes a role's grant so its holders see more or less right away", async () => {
    const roles = (await world().as('admin', { method: 'GET', url: '/api/v1/roles' })).body.data;
    const readOnly = roles.find((role: { key: string }) => role.key === 'read_only');
    const contact = await world().as('managerA1', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { firstName: 'Пётр', lastName: 'Ролевой' } });
    expect(contact.status).toBe(201);
    expect((await world().as('reader', { method: 'GET', url: `/api/v1/contacts/${contact.body.id}` })).status).toBe(200);
    const permissions = { ...readOnly.permissions, contacts: { ...readOnly.permissions.contacts, read: 'own' } };
    for (const object of ['products', 'settings']) permissions[object] ??= level('none');
    const changed = await world().as('admin', { method: 'PATCH', url: `/api/v1/roles/${readOnly.id}`, payload: { permissions } });
    expect(changed.status).toBe(200);
    expect(changed.body.permissions.contacts.read).toBe('own');
    expect((await world().as('reader', { method: 'GET', url: `/api/v1/contacts/${contact.body.id}` })).status).toBe(404);
    const restored = await world().as('admin', { method: 'PATCH', url: `/api/v1/roles/${readOnly.id}`, payload: { permissions: { ...permissions, contacts: { ...permissions.contacts, read: 'all' } } } });
    expect(restored.status).toBe(200);
    expect((await world().as('reader', { method: 'GET', url: `/api/v1/contacts/${contact.body.id}` })).status).toBe(200);
  });

  it('validates the matrix and names the field', async () => {
    const missing = await world().as('admin', { method: 'POST', url: '/api/v1/roles', payload: { key: 'partial', name: 'Partial', permissions: { companies: level('all') } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((detail: { field: string }) => detail.field)).toContain('permissions.contacts');
    const badLevel = await world().as('admin', { method: 'POST', url: '/api/v1/roles', payload: { key: 'bad_level', name: 'Bad', permissions: { ...matrix('all'), deals: { ...level('all'), update: 'everyone' } } } });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.error.details[0].field).toBe('permissions.deals.update');
    const ownPipelines = await world().as('admin', { method: 'POST', url: '/api/v1/roles', payload: { key: 'own_pipes', name: 'Own', permissions: { ...matrix('all'), pipelines: { ...level('none'), read: 'own' } } } });
    expect(ownPipelines.status).toBe(400);
    expect(ownPipelines.body.error.details[0].field).toBe('permissions.pipelines.read');
    const badKey = await world().as('admin', { method: 'POST', url: '/api/v1/roles', payload: { key: 'Bad Key', name: 'Bad', permissions: matrix('all') } });
    expect(badKey.body.error.details[0].field).toBe('key');
    const clash = await world().as('admin', { method: 'POST', url: '/api/v1/roles', payload: { key: 'sales_manager', name: 'Again', permissions: matrix('own') } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details[0].field).toBe('key');
    const roles = (await world().as('admin', { method: 'GET', url: '/api/v1/roles' })).body.data;
    expect(roles.filter((role: { key: string }) => ['partial', 'bad_level', 'own_pipes'].includes(role.key))).toEqual([]);
  });

  it('keeps the administrator role whole and built-in roles undeletable; only admins change roles', async () => {
    const roles = (await world().as('admin', { method: 'GET', url: '/api/v1/roles' })).body.data;
    const admin = roles.find((role: { key: string }) => role.key === 'admin');
    const head = roles.find((role: { key: string }) => role.key === 'head_of_sales');
    const weaken = await world().as('admin', { method: 'PATCH', url: `/api/v1/roles/${admin.id}`, payload: { permissions: matrix('all', 'none') } });
    expect(weaken.status).toBe(400);
    expect(weaken.body.error.details[0].field).toBe('permissions');
    const renamed = await world().as('admin', { method: 'PATCH', url: `/api/v1/roles/${admin.id}`, payload: { name: 'Администратор' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Администратор');
    expect((await world().as('admin', { method: 'DELETE', url: `/api/v1/roles/${head.id}` })).status).toBe(409);
    expect((await world().as('head', { method: 'PATCH', url: `/api/v1/roles/${head.id}`, payload: { name: 'Boss' } })).status).toBe(403);
    expect((await world().as('head', { method: 'POST', url: '/api/v1/roles', payload: { key: 'boss', name: 'Boss', permissions: matrix('all', 'all') } })).status).toBe(403);
    expect((await world().as('admin', { method: 'GET', url: '/api/v1/roles/not-a-uuid' })).status).toBe(404);
  });
});
