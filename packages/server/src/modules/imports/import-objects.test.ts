import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('import objects', (world) => {
  it('lists the objects a file can be imported into, each accepted by the upload', async () => {
    const response = await world().as('admin', { method: 'GET', url: '/api/v1/imports/objects' });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual(expect.arrayContaining(['contacts', 'companies', 'deals']));
    const anonymous = await world().app.inject({ method: 'GET', url: '/api/v1/imports/objects' });
    expect(anonymous.statusCode).toBe(401);
  });
});
