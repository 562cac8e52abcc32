// The sources of a record's timeline. Each is one index-friendly subquery, already past the cursor,
// ordered newest first and limited; the service merges them. Owned sources (activities, tasks,
// orders) are filtered by the actor's read rights; audit events and stage changes belong to the record.
import { sql, type SQL } from 'drizzle-orm';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

export const timelineKinds = ['activity', 'audit', 'campaign', 'document', 'email', 'order', 'sequence', 'sla', 'stage_change', 'survey', 'task'] as const;
export type TimelineKind = (typeof timelineKinds)[number];
export const timelineObjects = ['companies', 'contacts', 'leads', 'deals', 'orders', 'cases', 'service_contracts'] as const;
export type TimelineObject = (typeof timelineObjects)[number];

export interface TimelineCursor {
  at: string;
  kind: TimelineKind;
  id: string;
}

export interface SourceInput {
  actor: Actor;
  object: TimelineObject;
  recordId: string;
  /** The record plus, for a company, its contacts and deals: where activities and tasks are looked for. */
  attachedTo: string[];
  cursor: TimelineCursor | null;
  limit: number;
}

/** Microsecond text key of a timestamp (no time-zone suffix, so the driver layer leaves it alone). */
const atKey = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`);

/** Rows strictly after the cursor in (at desc, kind desc, id desc) order. */
function after(kind: TimelineKind, at: string, id: string, cursor: TimelineCursor | null): SQL {
  if (!cursor) return sql`true`;
  const cursorAt = sql`(${cursor.at}::timestamp at time zone 'UTC')`;
  const column = sql.raw(at);
  if (kind < cursor.kind) return sql`${column} <= ${cursorAt}`;
  if (kind > cursor.kind) return sql`${column} < ${cursorAt}`;
  return sql`(${column} < ${cursorAt} or (${column} = ${cursorAt} and ${sql.raw(id)}::text collate "C" < ${cursor.id}))`;
}

function source(kind: TimelineKind, at: string, id: string, data: SQL, from: SQL, where: SQL[], input: SourceInput): SQL {
  return sql`(select ${kind}::text as kind, ${sql.raw(id)}::text as id, ${sql.raw(at)} as at, ${atKey(at)} as at_key, ${data} as data
    from ${from} where ${sql.join([...where, after(kind, at, id, input.cursor)], sql` and `)}
    order by ${sql.raw(at)} desc, ${sql.raw(id)}::text collate "C" desc limit ${input.limit + 1})`;
}

export function sourcesFor(kinds: TimelineKind[], input: SourceInput): SQL[] {
  const { actor, object, recordId } = input;
  const attached = sql`${pgArrayLiteral(input.attachedTo)}::uuid[]`;
  const result: SQL[] = [];
  if (kinds.includes('activity')) {
    result.push(
      source(
        'activity',
        'a.occurred_at',
        'a.id',
        sql`jsonb_build_object('kind', a.kind, 'subject', a.subject, 'body', left(a.body, 2000), 'direction', a.direction, 'durationSec', a.duration_sec,
          'outcome', a.outcome, 'phone', a.phone, 'recordType', a.record_type, 'recordId', a.record_id, 'ownerId', a.owner_id,
          'recordingUrl', case when a.kind = 'call' then (select c.recording_url from calls c where c.activity_id = a.id limit 1) end)`,
        sql`activities a`,
        [accessCondition(actor, 'activities', 'read', 'a'), sql`a.record_id = any(${attached})`],
        input,
      ),
    );
  }
  if (kinds.includes('task')) {
    result.push(
      source(
        'task',
        'k.created_at',
        'k.id',
        sql`jsonb_build_object('title', k.title, 'status', k.status, 'priority', k.priority, 'dueAt', k.due_at, 'completedAt', k.completed_at,
          'recordType', k.record_type, 'recordId', k.record_id, 'ownerId', k.owner_id)`,
        sql`tasks k`,
        [accessCondition(actor, 'tasks', 'read', 'k'), sql`k.record_id = any(${attached})`],
        input,
      ),
    );
  }
  if (kinds.includes('audit')) {
    result.push(
      source(
        'audit',
        'e.occurred_at',
        'e.id',
        sql`jsonb_build_object('action', e.action, 'changes', e.changes, 'meta', e.meta, 'actorId', e.actor_id, 'actorName', (select u.name from users u where u.id = e.actor_id))`,
        sql`audit_events e`,
        // A deal's stage changes come from deal_stage_history (kind 'stage_change', with stage names), not twice.
        // A generated document is its own item (kind 'document'), not repeated under 'audit' either.
        [sql`e.workspace_id = ${actor.workspaceId}`, sql`e.record_id = ${recordId}::uuid`, ...(object === 'deals' ? [sql`e.action <> 'stage_change'`] : []), ...(kinds.includes('document') ? [sql`not (e.meta ? 'document')`] : [])],
        input,
      ),
    );
  }
  if (kinds.includes('stage_change') && object === 'deals') {
    result.push(
      source(
        'stage_change',
        'h.entered_at',
        'h.id',
        sql`jsonb_build_object('fromStageId', h.from_stage_id, 'toStageId', h.to_stage_id, 'fromStage', fs.name, 'toStage', ts.name, 'actorId', h.actor_id)`,
        sql`deal_stage_history h left join stages fs on fs.id = h.from_stage_id left join stages ts on ts.id = h.to_stage_id`,
        [sql`h.workspace_id = ${actor.workspaceId}`, sql`h.deal_id = ${recordId}::uuid`],
        input,
      ),
    );
  }
  if (kinds.includes('document') && (object === 'deals' || object === 'orders')) {
    // Documents (modules/documents) generated from this deal or order; the record is readable, so they are.
    result.push(
      source(
        'document',
        'd.created_at',
        'd.id',
        sql`jsonb_build_object('kind', d.kind, 'number', d.number, 'version', d.version, 'documentDate', d.document_date, 'format', case when d.pdf_file_id is not null then 'pdf' else 'docx' end,
          'fileId', coalesce(d.pdf_file_id, d.docx_file_id), 'total', d.total, 'currency', d.currency, 'createdBy', d.created_by, 'createdByName', (select u.name from users u where u.id = d.created_by))`,
        sql`documents d`,
        [sql`d.workspace_id = ${actor.workspaceId}`, sql`d.record_id = ${recordId}::uuid`, sql`d.record_type = ${object === 'deals' ? 'deal' : 'order'}`],
        input,
      ),
    );
  }
  if (kinds.includes('email')) {
    // Email (modules/email): messages linked to this record; the record is readable, so its messages are.
    result.push(
      source(
        'email',
        'm.occurred_at',
        'm.id',
        sql`jsonb_build_object('direction', m.direction, 'status', m.status, 'failureReason', m.failure_reason, 'subject', m.subject, 'from', m.from_address, 'fromName', m.from_name,
          'to', m.to_addresses, 'cc', m.cc_addresses, 'bodyHtml', left(m.body_html, 20000), 'attachments', m.attachments, 'threadId', coalesce(m.thread_id, m.id), 'sentAt', m.sent_at, 'createdBy', m.created_by)`,
        sql`email_message_links l join email_messages m on m.id = l.message_id`,
        [sql`l.workspace_id = ${actor.workspaceId}`, sql`l.record_id = ${recordId}::uuid`, sql`l.record_type = ${object}`],
        input,
      ),
    );
  }
  if (kinds.includes('survey')) {
    // Survey answers (modules/surveys) of this contact (a company's: of its contacts), or linked to this deal or case;
    // the record is readable, so its answers are.
    const link = object === 'deals' ? sql`r.deal_id = ${recordId}::uuid` : (object as string) === 'cases' ? sql`r.case_id = ${recordId}::uuid` : object === 'contacts' || object === 'companies' ? sql`r.contact_id = any(${attached})` : null;
    if (link) {
      result.push(
        source(
          'survey',
          'r.answered_at',
          'r.id',
          sql`jsonb_build_object('surveyId', s.id, 'surveyName', s.name, 'surveyKind', s.kind, 'score', r.score, 'comment', r.comment, 'answers', r.answers,
            'questions', s.questions, 'low', r.is_low, 'completed', r.completed, 'contactId', r.contact_id, 'caseId', r.case_id, 'dealId', r.deal_id)`,
          sql`survey_responses r join surveys s on s.id = r.survey_id`,
          [sql`r.workspace_id = ${actor.workspaceId}`, link],
          input,
        ),
      );
    }
  }
  if (kinds.includes('sequence') && object === 'contacts') {
    // Trigger sequences (modules/sequences): enrolled, each step done, finished or stopped; the contact is readable, so they are.
    result.push(
      source(
        'sequence',
        'q.occurred_at',
        'q.id',
        sql`jsonb_build_object('event', q.kind, 'sequenceId', q.sequence_id, 'sequenceName', (select s.name from sequences s where s.id = q.sequence_id), 'enrolmentId', q.enrolment_id,
          'stepIndex', q.step_index, 'stepKind', q.step_kind, 'outcome', q.outcome, 'detail', q.detail, 'actorId', q.actor_id)`,
        sql`sequence_events q`,
        [sql`q.workspace_id = ${actor.workspaceId}`, sql`q.contact_id = ${recordId}::uuid`],
        input,
      ),
    );
  }
  if (kinds.includes('sla') && object === 'cases') {
    // SLA warnings and breaches of this case (modules/sla, sla.jobs.ts); the case is readable, so they are.
    result.push(
      source(
        'sla',
        's.occurred_at',
        's.id',
        sql`jsonb_build_object('kind', s.kind, 'target', s.target, 'dueAt', s.due_at, 'ownerId', s.owner_id, 'escalatedTo', to_jsonb(s.escalated_to),
          'escalatedToNames', (select coalesce(jsonb_agg(u.name order by u.name), '[]'::jsonb) from users u where u.id = any(s.escalated_to)))`,
        sql`case_sla_events s`,
        [sql`s.workspace_id = ${actor.workspaceId}`, sql`s.case_id = ${recordId}::uuid`],
        input,
      ),
    );
  }
  if (kinds.includes('campaign') && (object === 'contacts' || object === 'companies')) {
    // Campaign mail (modules/campaigns): sent, bounced, first open, clicks, unsubscribe of this contact (a company's: of its
    // contacts); the contact is readable, so its events are, and the campaign is named.
    result.push(
      source(
        'campaign',
        'ce.occurred_at',
        'ce.id',
        sql`jsonb_build_object('event', ce.kind, 'campaignId', ce.campaign_id, 'campaignName', cm.name, 'url', ce.url, 'detail', ce.detail, 'contactId', ce.contact_id)`,
        sql`campaign_events ce join campaigns cm on cm.id = ce.campaign_id`,
        [sql`ce.workspace_id = ${actor.workspaceId}`, sql`ce.contact_id = any(${attached})`],
        input,
      ),
    );
  }
  const orderColumn = { companies: 'company_id', contacts: 'contact_id', deals: 'deal_id' }[object as string];
  if (kinds.includes('order') && orderColumn) {
    result.push(
      source(
        'order',
        'o.ordered_at',
        'o.id',
        sql`jsonb_build_object('number', o.number, 'status', o.status, 'paymentStatus', o.payment_status, 'shipmentStatus', o.shipment_status,
          'total', o.total, 'currency', o.currency, 'ownerId', o.owner_id)`,
        sql`orders o`,
        [accessCondition(actor, 'orders', 'read', 'o'), sql`${sql.raw(`o.${orderColumn}`)} = ${recordId}::uuid`],
        input,
      ),
    );
  }
  return result;
}
