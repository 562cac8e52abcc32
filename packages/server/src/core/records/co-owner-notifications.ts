// Tells a person they were made a co-owner (added to collaboratorIds) of a record. Called by the record
// engine on every write path (create, PATCH, bulk update, set-based updates inside imports and other use
// cases), in the write's transaction, so no screen or API client can add a co-owner silently.
// The actor adding themselves is not told; a user removed and added again is told again.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import type { Ctx } from '../context.js';
import { pgArrayLiteral } from '../sql-values.js';
import { notifyUsers, type NewNotification } from '../../modules/notifications/notifications.service.js';
import type { ObjectDefinition, Values } from './definition.js';

/** The users in after.collaboratorIds that were not in before.collaboratorIds (the actor excluded). */
export function addedCoOwners(actorId: string, before: Values | null, after: Values): string[] {
  const previous = new Set((before?.collaboratorIds as string[] | null | undefined) ?? []);
  const now = (after.collaboratorIds as string[] | null | undefined) ?? [];
  return Array.from(new Set(now.filter((id) => !previous.has(id) && id !== actorId)));
}

export async function notifyAddedCoOwners(ctx: Ctx, tx: Db, definition: ObjectDefinition, changes: { before: Values | null; after: Values }[]): Promise<void> {
  if (!definition.fields.collaboratorIds) return;
  const pending = changes.map((change) => ({ recordId: change.after.id as string, users: addedCoOwners(ctx.actor.userId, change.before, change.after) })).filter((item) => item.users.length > 0);
  if (pending.length === 0) return;
  const userIds = Array.from(new Set(pending.flatMap((item) => item.users)));
  const recordIds = pending.map((item) => item.recordId);
  const [users, names, actor] = await Promise.all([
    rows<{ id: string; locale: string | null }>(tx, sql`select id, locale from users where workspace_id = ${ctx.actor.workspaceId} and id = any(${pgArrayLiteral(userIds)}::uuid[])`),
    rows<{ id: string; name: string | null }>(
      tx,
      sql`select t.id, ${definition.displayName('t')} as name from ${sql.raw(`"${definition.table}"`)} t where t.id = any(${pgArrayLiteral(recordIds)}::uuid[])`,
    ),
    rows<{ name: string }>(tx, sql`select name from users where id = ${ctx.actor.userId}`),
  ]);
  const localeOf = new Map(users.map((user) => [user.id, user.locale]));
  const nameOf = new Map(names.map((row) => [row.id, row.name ?? '']));
  const notifications: NewNotification[] = pending.flatMap((item) =>
    item.users.map((userId) => {
      const english = localeOf.get(userId) === 'en';
      return {
        workspaceId: ctx.actor.workspaceId,
        userId,
        kind: 'assignment' as const,
        title: `${english ? 'You are now a co-owner: ' : 'Вас добавили соисполнителем: '}${nameOf.get(item.recordId) ?? ''}`,
        body: actor[0] ? `${english ? 'Added by ' : 'Добавил(а): '}${actor[0].name}` : null,
        recordType: definition.recordType,
        recordId: item.recordId,
        data: { coOwner: true, object: definition.object, addedBy: ctx.actor.userId },
      };
    }),
  );
  await notifyUsers(tx, notifications);
}
