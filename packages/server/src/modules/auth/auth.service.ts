// Log-in with email + password (argon2id), server-side sessions, per-user API tokens.
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Actor } from '../../core/context.js';
import type { RolePermissions } from '../../core/access.js';
import { AppError } from '../../core/errors.js';
import { authChanged, onAuthChange, type AuthCache } from './auth-cache.js';

export const SESSION_COOKIE = 'svyaz_session';
export const SESSION_DAYS = 14;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

// A fixed hash so that unknown emails take as long as wrong passwords.
let dummyHash: Promise<string> | undefined;

export async function authenticate(db: Db, email: string, password: string): Promise<{ userId: string; workspaceId: string }> {
  const user = await firstRow<{ id: string; workspaceId: string; passwordHash: string | null; isActive: boolean }>(
    db,
    sql`select id, workspace_id as "workspaceId", password_hash as "passwordHash", is_active as "isActive" from users where lower(email) = lower(${email})`,
  );
  dummyHash ??= hashPassword('not-a-password');
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!user || !ok || !user.isActive || !user.passwordHash) {
    throw new AppError('INVALID_CREDENTIALS', { message: 'Wrong email or password', details: [{ field: 'password', problem: 'wrong email or password' }] });
  }
  return { userId: user.id, workspaceId: user.workspaceId };
}

export async function createSession(db: Db, userId: string, workspaceId: string): Promise<{ cookie: string; csrfToken: string; expiresAt: Date }> {
  const cookie = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86400_000);
  await db.execute(sql`insert into sessions (id, workspace_id, user_id, csrf_token, expires_at) values (${sha256(cookie)}, ${workspaceId}, ${userId}, ${csrfToken}, ${expiresAt.toISOString()})`);
  return { cookie, csrfToken, expiresAt };
}

/** The user and CSRF token of a live session (remembered in `cache` for a while when given). */
export async function findSession(db: Db, cookie: string, cache?: AuthCache): Promise<{ userId: string; csrfToken: string } | undefined> {
  const hash = sha256(cookie);
  const remembered = cache?.session(hash);
  if (remembered) return remembered;
  const generation = cache?.generation ?? 0;
  const row = await firstRow<{ userId: string; csrfToken: string; expiresAt: Date | string }>(
    db,
    sql`select user_id as "userId", csrf_token as "csrfToken", expires_at as "expiresAt" from sessions where id = ${hash} and expires_at > now()`,
  );
  if (!row) return undefined;
  cache?.rememberSession(hash, { userId: row.userId, csrfToken: row.csrfToken, expiresAt: new Date(row.expiresAt) }, generation);
  return { userId: row.userId, csrfToken: row.csrfToken };
}

export async function deleteSession(db: Db, cookie: string): Promise<void> {
  const hash = sha256(cookie);
  await db.execute(sql`delete from sessions where id = ${hash}`);
  await authChanged(db, { session: hash });
}

export async function createApiToken(db: Db, actor: Actor, name: string): Promise<{ id: string; token: string; name: string }> {
  const token = `svz_${randomBytes(32).toString('base64url')}`;
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into api_tokens (workspace_id, user_id, name, token_hash) values (${actor.workspaceId}, ${actor.userId}, ${name}, ${sha256(token)}) returning id`,
  );
  return { id: row.id, token, name };
}

export async function listApiTokens(db: Db, actor: Actor) {
  return rows(
    db,
    sql`select id, name, last_used_at as "lastUsedAt", revoked_at as "revokedAt", created_at as "createdAt" from api_tokens where user_id = ${actor.userId} order by created_at desc`,
  );
}

export async function revokeApiToken(db: Db, actor: Actor, id: string): Promise<void> {
  const result = await rows<{ hash: string }>(
    db,
    sql`update api_tokens set revoked_at = now() where id = ${id}::uuid and user_id = ${actor.userId} and revoked_at is null returning token_hash as hash`,
  );
  if (result.length === 0) throw new AppError('NOT_FOUND', { message: 'API token not found', details: { id } });
  await authChanged(db, { token: result[0].hash });
}

/**
 * The user of a live token. Its last use is recorded at most once a minute: writing it on every request
 * made concurrent requests with one token queue on that row's lock.
 */
export async function findApiTokenUser(db: Db, token: string, cache?: AuthCache): Promise<string | undefined> {
  const hash = sha256(token);
  const remembered = cache?.token(hash);
  if (remembered) return remembered;
  const generation = cache?.generation ?? 0;
  const row = await firstRow<{ userId: string; stale: boolean }>(
    db,
    sql`select user_id as "userId", (last_used_at is null or last_used_at < now() - interval '1 minute') as stale
        from api_tokens where token_hash = ${hash} and revoked_at is null`,
  );
  if (row?.stale) {
    await db.execute(sql`update api_tokens set last_used_at = now() where token_hash = ${hash} and (last_used_at is null or last_used_at < now() - interval '1 minute')`);
  }
  if (row) cache?.rememberToken(hash, row.userId, generation);
  return row?.userId;
}

// ---- actor loading (role permissions and team scope), cached briefly ----

const actorCache = new Map<string, { actor: Actor; at: number }>();
const ACTOR_TTL_MS = 5000;

onAuthChange((change) => {
  if (change === 'all') actorCache.clear();
  else if ('user' in change) actorCache.delete(change.user);
});

/**
 * A user's rights, role, team or activity changed (or, without a user, any role or team): forgotten here
 * at once and in every other process when `db`'s transaction commits.
 */
export async function forgetActor(db: Db, userId?: string): Promise<void> {
  await authChanged(db, userId ? { user: userId } : 'all');
}

export async function loadActor(db: Db, userId: string): Promise<Actor | undefined> {
  const cached = actorCache.get(userId);
  if (cached && Date.now() - cached.at < ACTOR_TTL_MS) return cached.actor;
  const user = await firstRow<{ id: string; workspaceId: string; teamId: string | null; locale: string; roleKey: string; permissions: RolePermissions; isActive: boolean }>(
    db,
    sql`select u.id, u.workspace_id as "workspaceId", u.team_id as "teamId", u.locale, u.is_active as "isActive", r.key as "roleKey", r.permissions
        from users u join roles r on r.id = u.role_id where u.id = ${userId}`,
  );
  if (!user || !user.isActive) return undefined;
  // The actor's own team plus every team they head, with all sub-teams.
  const scope = await rows<{ id: string }>(
    db,
    sql`with recursive scope(id) as (
          select id from teams where workspace_id = ${user.workspaceId} and (id = ${user.teamId}::uuid or head_user_id = ${userId})
          union select t.id from teams t join scope s on t.parent_team_id = s.id
        ) select id from scope`,
  );
  const actor: Actor = {
    userId: user.id,
    workspaceId: user.workspaceId,
    roleKey: user.roleKey,
    permissions: user.permissions,
    teamId: user.teamId,
    teamScope: scope.map((row) => row.id),
    locale: user.locale,
  };
  actorCache.set(userId, { actor, at: Date.now() });
  return actor;
}
