// Tasks: assignee (= owner), due and reminder moments, priority, status, link to any record.
// `overdue` is derived (open and past due), never stored, so it is always true to the clock.
import { sql } from 'drizzle-orm';
import { taskCreateSchema } from '@svyaz/shared';
import { firstRow, rows } from '../../db/client.js';
import { invalid } from '../../core/errors.js';
import { withCommonFields, type ObjectDefinition } from '../../core/records/definition.js';
import { assertLinkedRecordVisible } from '../../core/records/record-links.js';
import { notifyUsers } from '../notifications/notifications.service.js';

export const overdueExpression = (alias: string) =>
  sql`(${sql.raw(`"${alias}"."status"`)} = 'open' and ${sql.raw(`"${alias}"."due_at"`)} is not null and ${sql.raw(`"${alias}"."due_at"`)} < now())`;

export const taskDefinition: ObjectDefinition = {
  object: 'tasks',
  recordType: 'task',
  table: 'tasks',
  defaultSort: 'dueAt',
  createSchema: taskCreateSchema,
  updateSchema: taskCreateSchema.partial(),
  displayName: (alias) => sql.raw(`"${alias}"."title"`),
  fields: withCommonFields({
    title: { column: 'title', type: 'text', sortable: true, collate: true },
    description: { column: 'description', type: 'text', nullable: true },
    dueAt: { column: 'due_at', type: 'timestamp', nullable: true, sortable: true },
    remindAt: { column: 'remind_at', type: 'timestamp', nullable: true, sortable: true },
    remindedAt: { column: 'reminded_at', type: 'timestamp', nullable: true, readOnly: true },
    overdueNotifiedAt: { column: 'overdue_notified_at', type: 'timestamp', nullable: true, readOnly: true },
    escalatedAt: { column: 'escalated_at', type: 'timestamp', nullable: true, readOnly: true },
    priority: { column: 'priority', type: 'text', sortable: true },
    status: { column: 'status', type: 'text', sortable: true },
    completedAt: { column: 'completed_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    overdue: { column: 'overdue', type: 'boolean', readOnly: true, expression: overdueExpression },
    recordType: { column: 'record_type', type: 'text', nullable: true },
    recordId: { column: 'record_id', type: 'uuid', nullable: true },
  }),
  async prepare(ctx, tx, values, existing) {
    await assertLinkedRecordVisible(ctx, tx, values, existing);
    const dueAt = (values.dueAt !== undefined ? values.dueAt : existing?.dueAt) as string | null | undefined;
    const remindAt = (values.remindAt !== undefined ? values.remindAt : existing?.remindAt) as string | null | undefined;
    if (dueAt && remindAt && Date.parse(remindAt) > Date.parse(dueAt) && (values.remindAt !== undefined || values.dueAt !== undefined)) {
      throw invalid('remindAt', 'must not be later than dueAt');
    }
    if (values.status !== undefined && values.status !== existing?.status) {
      const now = await firstRow<{ now: string }>(tx, sql`select now() as now`);
      values.completedAt = values.status === 'done' ? now!.now : null;
    }
    // A new moment means the reminder, overdue notice and escalation may fire again.
    if (existing && values.remindAt !== undefined && values.remindAt !== existing.remindAt) values.remindedAt = null;
    if (existing && values.dueAt !== undefined && values.dueAt !== existing.dueAt) {
      values.overdueNotifiedAt = null;
      values.escalatedAt = null;
    }
    if (existing && values.status === 'open' && existing.status !== 'open') {
      values.overdueNotifiedAt = null;
      values.escalatedAt = null;
    }
  },
  /** A task given to someone else tells them so. */
  async afterWrite(ctx, tx, _action, before, after) {
    const assignee = after.ownerId as string | null;
    // A notification is not part of the task's own fields.
    if (!assignee || assignee === ctx.actor.userId || assignee === before?.ownerId) return 'unchanged';
    const [user] = await rows<{ locale: string }>(tx, sql`select locale from users where id = ${assignee}`);
    await notifyUsers(tx, [
      {
        workspaceId: ctx.actor.workspaceId,
        userId: assignee,
        kind: 'assignment',
        title: `${user?.locale === 'en' ? 'New task for you: ' : 'Вам поручена задача: '}${after.title as string}`,
        recordType: 'task',
        recordId: after.id as string,
        data: { dueAt: after.dueAt, assignedBy: ctx.actor.userId },
      },
    ]);
    return 'unchanged';
  },
};
