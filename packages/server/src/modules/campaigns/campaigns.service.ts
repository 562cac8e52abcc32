// Campaign use cases beyond the record engine's CRUD: start (now or at a time, with the count confirmed when
// the audience is large or everyone), pause, resume, cancel, the preview per recipient, the test send, the
// sending domains' rates and the suppression list.
import { sql } from 'drizzle-orm';
import { campaignAudienceSchema, campaignAudienceSummarySchema, campaignPreviewSchema, campaignStartSchema, campaignTestSendSchema, sendingDomainSchema, type CampaignAudience, type CampaignBlock } from '@svyaz/shared';
import { normaliseEmail } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition, permissionLevel, requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { findRecord, getRecord, isUuid } from '../../core/records/record-service.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { transportFor } from '../email/email-delivery.js';
import { classifyMailError } from '../email/mail-connection-check.js';
import { fillPlaceholders } from '../email/email-templates.service.js';
import { isSettingsAdmin, usableMailbox } from '../email/mailboxes.service.js';
import { audiencePage, countAudience, summariseAudience } from './campaign-audience.js';
import { compileCampaign, emptyPlaceholders, personalise, placeholderValuesFor, usedPlaceholders, type RecipientData } from './campaign-render.js';
import { CAMPAIGN_SEND_JOB, defaultPerMinute, subjectFor } from './campaign-sender.js';
import { campaignDefinition } from './campaigns.definition.js';

/** Above this many contacts (or for "everyone") a start needs `confirmCount` equal to the count. */
export function confirmAbove(): number {
  const value = Number(process.env.CAMPAIGN_CONFIRM_ABOVE);
  return Number.isInteger(value) && value >= 0 ? value : 500;
}

/** The campaign for a write by this actor: 404 unseen, 403 seen but not theirs to change. */
async function writableCampaign(ctx: Ctx, tx: Db, id: string) {
  requirePermission(ctx.actor, 'campaigns', 'update');
  const record = await findRecord({ ...ctx, db: tx }, campaignDefinition, id, 'update', { forUpdate: true });
  if (record) return record;
  if (await findRecord({ ...ctx, db: tx }, campaignDefinition, id, 'read')) throw new AppError('FORBIDDEN', { message: 'You may not change this campaign', details: { id } });
  throw notFound('campaign', id);
}

export async function startCampaign(ctx: Ctx, id: string, body: unknown, queue: JobQueue) {
  const input = parseBody(campaignStartSchema, body ?? {});
  const startAt = input.startAt && Date.parse(input.startAt) > Date.now() + 1000 ? input.startAt : null;
  const result = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const campaign = await writableCampaign(ctx, tx, id);
    if (campaign.status !== 'draft') {
      throw new AppError('CAMPAIGN_ALREADY_STARTED', { message: `The campaign is already ${campaign.status}; it starts only once`, details: [{ field: 'status', problem: `is ${campaign.status}` }] });
    }
    await usableMailbox({ ...ctx, db: tx }, campaign.mailboxId as string);
    const audience = campaignAudienceSchema.parse(campaign.audience) as CampaignAudience;
    const count = await countAudience({ ...ctx, db: tx }, audience);
    if (count === 0) throw new AppError('CAMPAIGN_AUDIENCE_EMPTY', { message: 'The audience has no contacts you may read', details: [{ field: 'audience', problem: 'has no contacts you may read' }] });
    if ((audience.kind === 'all' || count > confirmAbove()) && input.confirmCount !== count) {
      throw new AppError('CAMPAIGN_CONFIRMATION_REQUIRED', {
        message: `This campaign goes to ${count} contacts${audience.kind === 'all' ? ' (everyone you may read)' : ''}; confirm by sending confirmCount: ${count}`,
        details: [{ field: 'confirmCount', problem: `must be ${count} to confirm`, count }],
      });
    }
    await tx.execute(sql`update campaigns set status = ${startAt ? 'scheduled' : 'sending'}, start_at = ${startAt ?? new Date().toISOString()}::timestamptz,
        started_at = ${startAt ? null : new Date().toISOString()}::timestamptz, started_by = ${ctx.actor.userId}::uuid, audience_count = ${count},
        test_ends_at = null, ab_winner = null, updated_at = now()
      where id = ${id}::uuid and status = 'draft'`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'campaign', recordId: id, action: 'start', meta: { count, startAt, audience: audience.kind } }]);
    return { scheduled: Boolean(startAt) };
  });
  if (!result.scheduled) await queue.enqueue(CAMPAIGN_SEND_JOB, { campaignId: id });
  return getRecord(ctx, campaignDefinition, id);
}

/** How many a draft's audience holds for this actor and who of it would be skipped; `confirmRequired` tells whether a start needs the count confirmed. */
export async function summariseCampaignAudience(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'campaigns', 'read');
  const input = parseBody(campaignAudienceSummarySchema, body);
  const summary = await summariseAudience(ctx, input.audience as CampaignAudience);
  return { ...summary, confirmRequired: input.audience.kind === 'all' || summary.total > confirmAbove() };
}

const transitions: Record<'pause' | 'resume' | 'cancel', { from: string[]; to: (status: string, startAt: string | null) => string }> = {
  pause: { from: ['sending', 'scheduled', 'testing'], to: () => 'paused' },
  resume: { from: ['paused'], to: (_status, startAt) => (startAt && Date.parse(startAt) > Date.now() ? 'scheduled' : 'sending') },
  cancel: { from: ['draft', 'scheduled', 'sending', 'testing', 'paused'], to: () => 'cancelled' },
};

export async function changeCampaignState(ctx: Ctx, id: string, action: 'pause' | 'resume' | 'cancel', queue: JobQueue) {
  const next = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const campaign = await writableCampaign(ctx, tx, id);
    const rule = transitions[action];
    if (!rule.from.includes(campaign.status as string)) {
      throw new AppError('CONFLICT', { message: `A ${campaign.status} campaign cannot ${action}`, details: [{ field: 'status', problem: `is ${campaign.status}` }] });
    }
    // A paused A/B test resumes as a test (its winner is decided by the tick), everything else as it was.
    const testing = action === 'resume' && campaign.testEndsAt && !campaign.abWinner;
    const status = testing ? 'testing' : rule.to(campaign.status as string, campaign.startAt as string | null);
    await tx.execute(sql`update campaigns set status = ${status}, finished_at = ${status === 'cancelled' ? new Date().toISOString() : null}::timestamptz, updated_at = now() where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'campaign', recordId: id, action, changes: { status: { from: campaign.status, to: status } } }]);
    return status;
  });
  if (next === 'sending') await queue.enqueue(CAMPAIGN_SEND_JOB, { campaignId: id });
  return getRecord(ctx, campaignDefinition, id);
}

const sampleRecipient = (language: 'ru' | 'en', email: string): RecipientData => ({
  email,
  firstName: language === 'ru' ? 'Иван' : 'John',
  lastName: language === 'ru' ? 'Петров' : 'Smith',
  middleName: null,
  position: null,
  city: null,
  companyName: language === 'ru' ? 'ООО «Пример»' : 'Example Ltd',
  companyCity: null,
  ownerName: null,
  ownerEmail: null,
});

interface PreviewRecipient extends RecipientData {
  contactId: string;
  marketingConsent: boolean;
  suppressed: string | null;
}

async function recipientData(ctx: Ctx, contactId: string, field: string): Promise<PreviewRecipient> {
  if (!isUuid(contactId)) throw invalid(field, 'is not a contact you may read');
  const found = await firstRow<PreviewRecipient>(
    ctx.db,
    sql`select c.id as "contactId", lower(c.emails[1]) as email, c.first_name as "firstName", c.last_name as "lastName", c.middle_name as "middleName", c.position, c.city,
          co.name as "companyName", co.city as "companyCity", u.name as "ownerName", u.email as "ownerEmail", c.marketing_consent as "marketingConsent",
          (select s.reason from email_suppressions s where s.workspace_id = c.workspace_id and s.address = lower(c.emails[1])) as suppressed
        from contacts c left join companies co on co.id = c.company_id and co.deleted_at is null left join users u on u.id = c.owner_id
        where ${accessCondition(ctx.actor, 'contacts', 'read', 'c')} and c.id = ${contactId}::uuid`,
  );
  if (!found) throw invalid(field, 'is not a contact you may read');
  return found;
}

/** Without tracking: links go straight to their targets (previews and test sends record nothing). */
function directLinks(links: string[]) {
  return { open: 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEAAAAALAAAAAABAAEAAAIBAAA=', unsubscribe: '#unsubscribe', click: (index: number) => links[index] ?? '#' };
}

/** The message as one recipient (a readable contact of the audience, the first one by default) would get it. */
export async function previewCampaign(ctx: Ctx, id: string, body: unknown) {
  const input = parseBody(campaignPreviewSchema, body ?? {});
  const campaign = await getRecord(ctx, campaignDefinition, id);
  const language = campaign.language as 'ru' | 'en';
  const blocks = campaign.blocks as CampaignBlock[];
  let contactId = input.contactId;
  if (!contactId) [contactId] = await audiencePage(ctx, campaignAudienceSchema.parse(campaign.audience), null, 1);
  const recipient = contactId ? await recipientData(ctx, contactId, 'contactId') : null;
  const values = placeholderValuesFor(recipient ?? sampleRecipient(language, 'sample@example.com'), language);
  const compiled = compileCampaign(blocks, language, campaign.preheader as string | null);
  const rendered = personalise(compiled, values, directLinks(compiled.links));
  const variant = input.variant ?? 'a';
  const subject = subjectFor({ subject: campaign.subject as string, subjectB: campaign.subjectB as string | null, abWinner: null }, variant);
  return {
    contactId: recipient?.contactId ?? null,
    email: recipient?.email ?? null,
    subject: fillPlaceholders(subject, values, false),
    html: rendered.html,
    text: rendered.text,
    links: compiled.links,
    /** Placeholders that come out empty for this recipient. */
    emptyPlaceholders: emptyPlaceholders(usedPlaceholders([subject], blocks), values),
    /** Whether this recipient would be mailed, and if not why. */
    sendable: recipient ? Boolean(recipient.email && recipient.marketingConsent && !recipient.suppressed) : null,
    skipReason: !recipient ? null : !recipient.email ? 'no_email' : !recipient.marketingConsent ? 'no_consent' : recipient.suppressed ? `suppressed_${recipient.suppressed}` : null,
  };
}

/** Sends the message once to an address, now, through the campaign's mailbox (no tracking, nothing recorded per contact). */
export async function testSendCampaign(ctx: Ctx, id: string, body: unknown) {
  const input = parseBody(campaignTestSendSchema, body);
  const address = normaliseEmail(input.address);
  if (!address) throw invalid('address', 'must be an email address');
  const campaign = await getRecord(ctx, campaignDefinition, id);
  const mailbox = await usableMailbox(ctx, campaign.mailboxId as string);
  const language = campaign.language as 'ru' | 'en';
  const recipient = input.contactId ? await recipientData(ctx, input.contactId, 'contactId') : sampleRecipient(language, address);
  const values = placeholderValuesFor({ ...recipient, email: address }, language);
  const compiled = compileCampaign(campaign.blocks as CampaignBlock[], language, campaign.preheader as string | null);
  const rendered = personalise(compiled, values, directLinks(compiled.links));
  const prefix = language === 'ru' ? '[Тест] ' : '[Test] ';
  try {
    await transportFor(mailbox).sendMail({
      from: mailbox.displayName ? { name: mailbox.displayName, address: mailbox.emailAddress } : mailbox.emailAddress,
      to: address,
      subject: prefix + fillPlaceholders(campaign.subject as string, values, false),
      html: rendered.html,
      text: rendered.text,
      headers: { 'X-Svyaz-Campaign': id, 'X-Svyaz-Test': 'yes' },
    });
  } catch (error) {
    const code = Number((error as { responseCode?: number }).responseCode);
    if (code >= 500 && code < 600) throw invalid('address', `the mail server refused it: ${String((error as { response?: string }).response ?? '')}`.slice(0, 500));
    throw new AppError('MAILBOX_CHECK_FAILED', { message: `The mailbox could not send: ${classifyMailError(error).text}`, details: [{ field: 'mailboxId', problem: classifyMailError(error).text }] });
  }
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'campaign', recordId: id, action: 'test_send', meta: { address } }]);
  return { sent: true, address };
}

/** The recipients of a campaign with their state, keyset by id (`after`), `status` filter. */
export async function listCampaignRecipients(ctx: Ctx, id: string, query: Record<string, unknown>) {
  await getRecord(ctx, campaignDefinition, id);
  const after = typeof query.after === 'string' && isUuid(query.after) ? query.after : null;
  const status = typeof query.status === 'string' ? query.status : null;
  const limit = Math.min(500, Math.max(1, Number(query.limit) || 100));
  const found = await rows<{ id: string }>(
    ctx.db,
    sql`select r.id, r.contact_id as "contactId", c.full_name as "contactName", r.email, r.variant, r.status, r.skip_reason as "skipReason", r.failure_reason as "failureReason",
          r.sent_at as "sentAt", r.opened_at as "openedAt", r.open_count as "openCount", r.clicked_at as "clickedAt", r.click_count as "clickCount", r.unsubscribed_at as "unsubscribedAt"
        from campaign_recipients r left join contacts c on c.id = r.contact_id
        where r.campaign_id = ${id}::uuid ${status ? sql`and r.status = ${status}` : sql``} ${after ? sql`and r.id > ${after}::uuid` : sql``}
        order by r.id limit ${limit + 1}`,
  );
  const more = found.length > limit;
  const data = found.slice(0, limit);
  return { data, nextCursor: more ? data.at(-1)!.id : null };
}

// ---------------------------------------------------------------- sending domains and suppressions

export async function listSendingDomains(ctx: Ctx) {
  requirePermission(ctx.actor, 'campaigns', 'read');
  const data = await rows(ctx.db, sql`select domain, per_minute as "perMinute", updated_at as "updatedAt" from campaign_sending_domains where workspace_id = ${ctx.actor.workspaceId} order by domain`);
  return { data, defaultPerMinute: defaultPerMinute() };
}

function requireAdmin(ctx: Ctx, what: string): void {
  if (!isSettingsAdmin(ctx.actor)) throw new AppError('FORBIDDEN', { message: `Only administrators change ${what}`, details: { object: 'settings', action: 'update' } });
}

export async function setSendingDomain(ctx: Ctx, domain: string, body: unknown) {
  requireAdmin(ctx, 'sending rates');
  const input = parseBody(sendingDomainSchema, body);
  const name = domain.trim().toLowerCase();
  if (!/^[a-z0-9.-]{1,253}$/.test(name) || !name.includes('.')) throw invalid('domain', 'must be a domain name such as example.com');
  await ctx.db.execute(sql`insert into campaign_sending_domains (workspace_id, domain, per_minute) values (${ctx.actor.workspaceId}, ${name}, ${input.perMinute})
    on conflict (workspace_id, domain) do update set per_minute = excluded.per_minute, updated_at = now()`);
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'campaign_sending_domain', recordId: ctx.actor.workspaceId, action: 'update', meta: { domain: name, perMinute: input.perMinute } }]);
  return { domain: name, perMinute: input.perMinute };
}

export async function listSuppressions(ctx: Ctx, query: Record<string, unknown>) {
  if (permissionLevel(ctx.actor, 'campaigns', 'read') !== 'all') throw new AppError('FORBIDDEN', { message: 'The suppression list is for those who read every campaign', details: { object: 'campaigns', action: 'read' } });
  const after = typeof query.after === 'string' ? query.after : '';
  const data = await rows<{ address: string }>(
    ctx.db,
    sql`select address, reason, campaign_id as "campaignId", contact_id as "contactId", detail, created_at as "createdAt" from email_suppressions
        where workspace_id = ${ctx.actor.workspaceId} and address > ${after} order by address limit 201`,
  );
  return { data: data.slice(0, 200), nextCursor: data.length > 200 ? data[199].address : null };
}

/** An administrator lifts a suppression (the person asked to be mailed again; their consent is set on the contact). */
export async function deleteSuppression(ctx: Ctx, address: string) {
  requireAdmin(ctx, 'the suppression list');
  const normalised = normaliseEmail(address);
  const removed = normalised ? await firstRow(ctx.db, sql`delete from email_suppressions where workspace_id = ${ctx.actor.workspaceId} and address = ${normalised} returning address`) : undefined;
  if (!removed) throw notFound('suppression', address);
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'email_suppression', recordId: ctx.actor.workspaceId, action: 'delete', meta: { address: normalised } }]);
  return { ok: true };
}
