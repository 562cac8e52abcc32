// What every service call receives: the database, who is acting, and a logger. No DI container.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import type { RolePermissions } from './access.js';

export interface Actor {
  userId: string;
  workspaceId: string;
  roleKey: string;
  permissions: RolePermissions;
  /** The actor's own team. */
  teamId: string | null;
  /** Teams whose records the actor sees at level 'team': their own and every team they head (with sub-teams). */
  teamScope: string[];
  locale: string;
}

export interface Ctx {
  db: Db;
  actor: Actor;
  log?: FastifyBaseLogger;
}
