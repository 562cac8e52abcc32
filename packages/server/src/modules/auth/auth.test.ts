import { expect, it } from 'vitest';
import { documentedPrefixes } from '../../http/openapi.js';
import { describeWithWorld, PASSWORD } from '../../test/fixtures.js';

describeWithWorld('authentication', (world) => {
  const login = (email: string, password: string) => world().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  it('logs in with a session cookie and requires the CSRF header for changes', async () => {
    const response = await login(world().users.managerA1.email, PASSWORD);
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/svyaz_session=.+HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0];
    const { csrfToken, user } = response.json();
    expect(user.email).toBe(world().users.managerA1.email);
    const me = await world().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json().user.roleKey).toBe('sales_manager');
    const withoutCsrf = await world().app.inject({ method: 'POST', url: '/api/v1/companies', headers: { cookie }, payload: { name: 'CSRF test' } });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json().error.code).toBe('CSRF_FAILED');
    const withCsrf = await world().app.inject({ method: 'POST', url: '/api/v1/companies', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { name: 'CSRF test' } });
    expect(withCsrf.statusCode).toBe(201);
    const logout = await world().app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(logout.statusCode).toBe(200);
    const after = await world().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await login(world().users.head.email, 'wrong password');
    const unknown = await login('nobody@nowhere.test', 'wrong password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('rate-limits repeated login attempts', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) statuses.push((await login('victim@test.local', `guess-${attempt}`)).statusCode);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('issues, lists and revokes API tokens carrying the user’s rights', async () => {
    const created = await world().as('managerB1', { method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'integration' } });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^svz_/);
    const me = await world().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().user.id).toBe(world().users.managerB1.id);
    const list = await world().as('managerB1', { method: 'GET', url: '/api/v1/auth/tokens' });
    expect(list.body.data.some((row: { id: string }) => row.id === created.body.id)).toBe(true);
    expect(list.body.data.find((row: { id: string }) => row.id === created.body.id).lastUsedAt).toBeTruthy();
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await world().as('managerB1', { method: 'DELETE', url: `/api/v1/auth/tokens/${created.body.id}` })).status).toBe(200);
    const revoked = await world().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
  });

  it('serves an OpenAPI 3.1 document describing the API', async () => {
    const response = await world().app.inject({ method: 'GET', url: '/api/openapi.json' });
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/companies', '/api/v1/contacts/{id}', '/api/v1/auth/login']));
    expect(document.paths['/api/v1/companies'].post.requestBody).toBeDefined();
  });

  it('documents the success response and the error shape of every endpoint for integrators', async () => {
    const document = (await world().app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operations = Object.entries(document.paths as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: { properties?: object } }> }> }>>)
      .filter(([path]) => documentedPrefixes.some((prefix) => path.startsWith(prefix)))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    expect(operations.length).toBeGreaterThan(documentedPrefixes.length);
    const undocumented = operations.filter(({ operation }) => {
      const success = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith('2'));
      // A download documents its file's media type instead of a JSON object.
      const content = success?.[1].content ?? {};
      const documented = content['application/json']?.schema?.properties || Object.entries(content).some(([type, media]) => type !== 'application/json' && media.schema);
      return !documented || !operation.responses?.['400']?.content?.['application/json']?.schema?.properties;
    });
    expect(undocumented.map(({ method, path }) => `${method.toUpperCase()} ${path}`)).toEqual([]);
  });
});
