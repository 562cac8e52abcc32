// Roles API: list, read, create, change (name, whole permission matrix), delete.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { createRole, deleteRole, getRole, listRoles, updateRole } from './roles.service.js';
import { roleCreateSchema, roleUpdateSchema } from './roles.schema.js';

type ById = { Params: { id: string } };

export function registerRoleRoutes(app: FastifyInstance): void {
  const tags = ['roles'];
  app.get('/api/v1/roles', { schema: { tags, summary: 'Roles with their permissions and the number of users holding each' } }, async (request) => ({ data: await listRoles(ctxOf(request)) }));
  app.get<ById>('/api/v1/roles/:id', { schema: { tags } }, async (request) => getRole(ctxOf(request), request.params.id));
  app.post('/api/v1/roles', { schema: { tags, summary: 'Create a role (administrators); permissions give every action on every object a level', body: roleCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createRole(ctxOf(request), request.body);
  });
  app.patch<ById>('/api/v1/roles/:id', { schema: { tags, summary: 'Rename a role or replace its permissions; holders get the new rights at once', body: roleUpdateSchema } }, async (request) =>
    updateRole(ctxOf(request), request.params.id, request.body),
  );
  app.delete<ById>('/api/v1/roles/:id', { schema: { tags, summary: 'Delete a custom role no user holds' } }, async (request) => deleteRole(ctxOf(request), request.params.id));
}
