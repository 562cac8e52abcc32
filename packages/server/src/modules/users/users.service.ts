// Users, teams and roles of a workspace.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { forgetActor, hashPassword } from '../auth/auth.service.js';

const userColumns = sql`u.id, u.email, u.name, u.locale, u.is_active as "isActive", u.team_id as "teamId", u.manager_id as "managerId",
  u.settings, u.created_at as "createdAt", r.key as "roleKey", r.id as "roleId", r.name as "roleName"`;

export async function getCurrentUser(db: Db, userId: string) {
  const user = await firstRow(db, sql`select ${userColumns} from users u join roles r on r.id = u.role_id where u.id = ${userId}`);
  if (!user) throw notFound('user', userId);
  return user;
}

export async function listUsers(ctx: Ctx) {
  requirePermission(ctx.actor, 'users', 'read');
  return rows(ctx.db, sql`select ${userColumns} from users u join roles r on r.id = u.role_id where u.workspace_id = ${ctx.actor.workspaceId} order by u.name collate "und-x-icu", u.id`);
}

export const userCreateSchema = z.strictObject({
  email: z.email({ message: 'must be an email address' }).max(254),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8, { message: 'must be at least 8 characters' }).max(200),
  role: z.string().min(1).max(50),
  teamId: z.uuid().nullable().optional(),
  locale: z.enum(['ru', 'en']).optional(),
});
export const userUpdateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(8, { message: 'must be at least 8 characters' }).max(200).optional(),
  role: z.string().min(1).max(50).optional(),
  teamId: z.uuid().nullable().optional(),
  locale: z.enum(['ru', 'en']).optional(),
  isActive: z.boolean().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

async function roleIdByKey(db: Db, workspaceId: string, key: string): Promise<string> {
  const role = await firstRow<{ id: string }>(db, sql`select id from roles where workspace_id = ${workspaceId} and key = ${key}`);
  if (!role) throw invalid('role', `unknown role "${key}"`);
  return role.id;
}

async function checkTeam(db: Db, workspaceId: string, teamId: string | null | undefined): Promise<void> {
  if (!teamId) return;
  const team = await firstRow(db, sql`select id from teams where id = ${teamId} and workspace_id = ${workspaceId}`);
  if (!team) throw invalid('teamId', 'is not a team of this workspace');
}

/** Creates a user in a workspace; used by the admin API, the CLI and the demo seed. */
export async function insertUser(db: Db, workspaceId: string, input: z.infer<typeof userCreateSchema>) {
  const roleId = await roleIdByKey(db, workspaceId, input.role);
  await checkTeam(db, workspaceId, input.teamId);
  const existing = await firstRow(db, sql`select id from users where lower(email) = lower(${input.email})`);
  if (existing) throw new AppError('CONFLICT', { message: 'A user with this email already exists', details: [{ field: 'email', problem: 'is already taken' }] });
  const passwordHash = await hashPassword(input.password);
  const [user] = await rows<{ id: string }>(
    db,
    sql`insert into users (workspace_id, email, name, password_hash, role_id, team_id, locale)
        values (${workspaceId}, ${input.email.toLowerCase()}, ${input.name}, ${passwordHash}, ${roleId}, ${input.teamId ?? null}, ${input.locale ?? 'ru'}) returning id`,
  );
  return getCurrentUser(db, user.id);
}

export async function createUser(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'users', 'create');
  return insertUser(ctx.db, ctx.actor.workspaceId, parseBody(userCreateSchema, body));
}

export async function updateUser(ctx: Ctx, id: string, body: unknown) {
  const input = parseBody(userUpdateSchema, body);
  const self = id === ctx.actor.userId;
  const adminOnly = input.role !== undefined || input.teamId !== undefined || input.isActive !== undefined;
  if (!self || adminOnly) requirePermission(ctx.actor, 'users', 'update');
  if (ctx.actor.permissions.users?.update !== 'all' && (!self || adminOnly)) throw new AppError('FORBIDDEN', { message: 'Only administrators may change other users' });
  const user = await firstRow(ctx.db, sql`select id from users where id = ${id}::uuid and workspace_id = ${ctx.actor.workspaceId}`);
  if (!user) throw notFound('user', id);
  const sets = [];
  if (input.name !== undefined) sets.push(sql`name = ${input.name}`);
  if (input.locale !== undefined) sets.push(sql`locale = ${input.locale}`);
  if (input.isActive !== undefined) sets.push(sql`is_active = ${input.isActive}`);
  if (input.settings !== undefined) sets.push(sql`settings = ${JSON.stringify(input.settings)}::jsonb`);
  if (input.password !== undefined) sets.push(sql`password_hash = ${await hashPassword(input.password)}`);
  if (input.role !== undefined) sets.push(sql`role_id = ${await roleIdByKey(ctx.db, ctx.actor.workspaceId, input.role)}`);
  if (input.teamId !== undefined) {
    await checkTeam(ctx.db, ctx.actor.workspaceId, input.teamId);
    sets.push(sql`team_id = ${input.teamId}`);
  }
  if (sets.length) await ctx.db.execute(sql`update users set ${sql.join(sets, sql`, `)}, updated_at = now() where id = ${id}`);
  await forgetActor(ctx.db, id);
  return getCurrentUser(ctx.db, id);
}

// ---- teams ----

export const teamSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  headUserId: z.uuid().nullable().optional(),
  parentTeamId: z.uuid().nullable().optional(),
});

export async function listTeams(ctx: Ctx) {
  requirePermission(ctx.actor, 'teams', 'read');
  return rows(
    ctx.db,
    sql`select id, name, head_user_id as "headUserId", parent_team_id as "parentTeamId", created_at as "createdAt" from teams where workspace_id = ${ctx.actor.workspaceId} order by name`,
  );
}

export async function createTeam(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'teams', 'create');
  const input = parseBody(teamSchema, body);
  if (input.headUserId && !(await firstRow(ctx.db, sql`select id from users where id = ${input.headUserId} and workspace_id = ${ctx.actor.workspaceId}`))) {
    throw invalid('headUserId', 'is not a user of this workspace');
  }
  await checkTeam(ctx.db, ctx.actor.workspaceId, input.parentTeamId);
  const [team] = await rows(
    ctx.db,
    sql`insert into teams (workspace_id, name, head_user_id, parent_team_id) values (${ctx.actor.workspaceId}, ${input.name}, ${input.headUserId ?? null}, ${input.parentTeamId ?? null})
        returning id, name, head_user_id as "headUserId", parent_team_id as "parentTeamId"`,
  );
  await forgetActor(ctx.db);
  return team;
}
