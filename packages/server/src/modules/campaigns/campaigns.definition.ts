// Campaigns as an owned object of the record engine: list, get, create, update, delete, restore, rights
// (the `campaigns` entry of each role: a manager sees their own), audit and domain events come from the
// engine. The rules here: the mailbox must be one the writer may send from, every placeholder must be known
// (400 naming the field), and a campaign that has started keeps its content (409), since recipients have it.
import { sql } from 'drizzle-orm';
import { campaignCreateSchema, campaignUpdateSchema, type CampaignBlock } from '@svyaz/shared';
import { AppError } from '../../core/errors.js';
import { withCommonFields, type ObjectDefinition } from '../../core/records/definition.js';
import { usableMailbox } from '../email/mailboxes.service.js';
import { checkCampaignPlaceholders, compileCampaign } from './campaign-render.js';

const column = (alias: string, name: string) => sql.raw(`"${alias}"."${name}"`);
const countOf = (status: string) => (alias: string) => sql`(select count(*)::int from campaign_recipients r where r.campaign_id = ${column(alias, 'id')} and r.status = ${status})`;
const countWhere = (condition: string) => (alias: string) => sql`(select count(*)::int from campaign_recipients r where r.campaign_id = ${column(alias, 'id')} and ${sql.raw(condition)})`;

/** What may still change once a campaign has started: its name, cost, attribution window and ownership. */
const editableAfterStart = new Set(['name', 'cost', 'attributionDays', 'ownerId', 'collaboratorIds', 'tags', 'custom']);

export const campaignDefinition: ObjectDefinition = {
  object: 'campaigns',
  recordType: 'campaign',
  table: 'campaigns',
  defaultSort: '-createdAt',
  createSchema: campaignCreateSchema,
  updateSchema: campaignUpdateSchema,
  displayName: (alias) => column(alias, 'name'),
  fields: withCommonFields({
    name: { column: 'name', type: 'text', sortable: true, collate: true },
    mailboxId: { column: 'mailbox_id', type: 'uuid' },
    language: { column: 'language', type: 'text', sortable: true },
    subject: { column: 'subject', type: 'text' },
    subjectB: { column: 'subject_b', type: 'text', nullable: true },
    abTestPercent: { column: 'ab_test_percent', type: 'integer' },
    abTestHours: { column: 'ab_test_hours', type: 'integer' },
    abWinner: { column: 'ab_winner', type: 'text', nullable: true, readOnly: true },
    preheader: { column: 'preheader', type: 'text', nullable: true },
    blocks: { column: 'blocks', type: 'json', hidden: true },
    audience: { column: 'audience', type: 'json' },
    status: { column: 'status', type: 'text', sortable: true, readOnly: true },
    startAt: { column: 'start_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    startedAt: { column: 'started_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    startedBy: { column: 'started_by', type: 'uuid', nullable: true, readOnly: true },
    testEndsAt: { column: 'test_ends_at', type: 'timestamp', nullable: true, readOnly: true },
    finishedAt: { column: 'finished_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    audienceCount: { column: 'audience_count', type: 'integer', nullable: true, readOnly: true },
    lastError: { column: 'last_error', type: 'text', nullable: true, readOnly: true },
    cost: { column: 'cost', type: 'decimal', sortable: true },
    attributionDays: { column: 'attribution_days', type: 'integer' },
    sentCount: { column: 'sent_count', type: 'integer', readOnly: true, expression: countOf('sent') },
    pendingCount: { column: 'pending_count', type: 'integer', readOnly: true, expression: countOf('pending') },
    /** The list's key figures: recipients who opened and who clicked (the report has the rest). */
    openedCount: { column: 'opened_count', type: 'integer', readOnly: true, expression: countWhere('r.opened_at is not null') },
    clickedCount: { column: 'clicked_count', type: 'integer', readOnly: true, expression: countWhere('r.clicked_at is not null') },
  }),
  async prepare(ctx, tx, values, existing) {
    if (existing && existing.status !== 'draft') {
      const locked = Object.keys(values).filter((key) => !editableAfterStart.has(key));
      if (locked.length) {
        throw new AppError('CAMPAIGN_ALREADY_STARTED', {
          message: `${locked[0]}: the campaign has started (${existing.status}); only its name, cost, attribution window and owner change now`,
          details: [{ field: locked[0], problem: `cannot change once the campaign is ${existing.status}` }],
        });
      }
      return;
    }
    checkCampaignPlaceholders({ subject: values.subject as string | undefined, subjectB: values.subjectB as string | null | undefined, preheader: values.preheader as string | null | undefined, blocks: values.blocks as CampaignBlock[] | undefined });
    if (values.blocks) compileCampaign(values.blocks as CampaignBlock[], ((values.language ?? existing?.language ?? 'ru') as 'ru' | 'en'));
    if (values.mailboxId !== undefined && values.mailboxId !== existing?.mailboxId) await usableMailbox({ ...ctx, db: tx }, values.mailboxId as string);
  },
};
