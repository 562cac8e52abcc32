import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { createTeam, createUser, listTeams, listUsers, teamSchema, updateUser, userCreateSchema, userUpdateSchema } from './users.service.js';

export function registerUserRoutes(app: FastifyInstance): void {
  app.get('/api/v1/users', { schema: { tags: ['users'] } }, async (request) => ({ data: await listUsers(ctxOf(request)) }));
  app.post('/api/v1/users', { schema: { tags: ['users'], body: userCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createUser(ctxOf(request), request.body);
  });
  app.patch<{ Params: { id: string } }>('/api/v1/users/:id', { schema: { tags: ['users'], body: userUpdateSchema } }, async (request) => updateUser(ctxOf(request), request.params.id, request.body));
  app.get('/api/v1/teams', { schema: { tags: ['teams'] } }, async (request) => ({ data: await listTeams(ctxOf(request)) }));
  app.post('/api/v1/teams', { schema: { tags: ['teams'], body: teamSchema } }, async (request, reply) => {
    reply.status(201);
    return createTeam(ctxOf(request), request.body);
  });
}
