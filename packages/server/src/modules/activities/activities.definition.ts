// Activities: calls (direction, duration, outcome, phone), meetings, notes and emails, each linked to any record.
import { sql } from 'drizzle-orm';
import { activityCreateSchema } from '@svyaz/shared';
import { withCommonFields, type ObjectDefinition } from '../../core/records/definition.js';
import { assertLinkedRecordVisible } from '../../core/records/record-links.js';
import { recordCaseResponse } from '../cases/cases.service.js';

export const activityDefinition: ObjectDefinition = {
  object: 'activities',
  recordType: 'activity',
  table: 'activities',
  defaultSort: '-occurredAt',
  createSchema: activityCreateSchema,
  updateSchema: activityCreateSchema.partial(),
  displayName: (alias) => sql`coalesce(${sql.raw(`"${alias}"."subject"`)}, ${sql.raw(`"${alias}"."kind"`)})`,
  fields: withCommonFields({
    kind: { column: 'kind', type: 'text', sortable: true },
    subject: { column: 'subject', type: 'text', nullable: true, sortable: true },
    body: { column: 'body', type: 'text', nullable: true },
    occurredAt: { column: 'occurred_at', type: 'timestamp', sortable: true },
    endsAt: { column: 'ends_at', type: 'timestamp', nullable: true, sortable: true },
    direction: { column: 'direction', type: 'text', nullable: true },
    durationSec: { column: 'duration_sec', type: 'integer', nullable: true, sortable: true },
    outcome: { column: 'outcome', type: 'text', nullable: true },
    phone: { column: 'phone', type: 'text', nullable: true },
    recordType: { column: 'record_type', type: 'text', nullable: true },
    recordId: { column: 'record_id', type: 'uuid', nullable: true },
  }),
  async prepare(ctx, tx, values, existing) {
    await assertLinkedRecordVisible(ctx, tx, values, existing);
  },
  // An outbound call or email logged on a service desk case reached the customer: the case's first response
  // (an internal note or a meeting does not). Outbound email sent from the case does the same in emails.service.
  async afterWrite(ctx, tx, action, _before, after) {
    if (action === 'create' && after.recordType === 'case' && after.recordId && after.direction === 'outbound' && (after.kind === 'call' || after.kind === 'email')) {
      await recordCaseResponse(tx, ctx.actor.workspaceId, String(after.recordId));
    }
    return 'unchanged';
  },
};
