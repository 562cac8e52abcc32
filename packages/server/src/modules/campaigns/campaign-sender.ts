// Sending a campaign (job `campaign-send`, one campaign at a time under a lease on its row):
//  1. expand the audience page by page (keyset on contact id, the starter's rights) into campaign_recipients,
//     one row per contact (unique), the cursor saved with each page, so a restart goes on from the next page;
//  2. claim pending rows in id order (status 'sending'), check consent and the suppression list again, reserve
//     slots of the sending domain's rate, personalise and send each through the mailbox's pooled SMTP
//     transport, and write every outcome of the batch in one transaction. A stop between messages puts the
//     claimed rows not yet sent back to pending; rows found 'sending' by the next lease holder belong to a
//     process that died mid-batch and are marked `interrupted`, never sent again (nothing twice).
// The tick (`campaigns-tick`, every minute) starts scheduled campaigns, picks the A/B winner when the test is
// over, and re-enqueues a sending campaign whose lease lapsed (its worker died).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { CampaignAudience, CampaignBlock } from '@svyaz/shared';
import { firstRow, rows, type Database, type Db } from '../../db/client.js';
import type { Actor } from '../../core/context.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { loadActor } from '../auth/auth.service.js';
import { transportFor } from '../email/email-delivery.js';
import { loadMailbox, type MailboxRow } from '../email/mailboxes.service.js';
import { classifyMailError } from '../email/mail-connection-check.js';
import { publicBaseUrl } from '../surveys/surveys.service.js';
import { fillPlaceholders, formatDate } from '../email/email-templates.service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { audiencePage } from './campaign-audience.js';
import { compileCampaign, personalise, placeholderValuesFor, type CompiledCampaign, type RecipientData } from './campaign-render.js';
import { signToken } from './campaign-tokens.js';

export const CAMPAIGN_SEND_JOB = 'campaign-send';
export const CAMPAIGN_TICK_JOB = 'campaigns-tick';
export const campaignSendPayload = z.object({ campaignId: z.string().uuid() }).strict();

const EXPAND_PAGE = 1000;
const MAX_BATCH = 200;
const CONCURRENCY = 8;
const LEASE_SECONDS = 120;

export function defaultPerMinute(): number {
  const value = Number(process.env.CAMPAIGN_PER_MINUTE);
  return Number.isInteger(value) && value >= 1 ? value : 600;
}

export interface CampaignRow {
  id: string;
  workspaceId: string;
  name: string;
  mailboxId: string;
  language: 'ru' | 'en';
  subject: string;
  subjectB: string | null;
  abTestPercent: number;
  abTestHours: number;
  abWinner: 'a' | 'b' | null;
  preheader: string | null;
  blocks: CampaignBlock[];
  audience: CampaignAudience;
  status: string;
  startedBy: string | null;
  expanded: boolean;
  expandCursor: string | null;
}

const campaignColumns = sql`id, workspace_id as "workspaceId", name, mailbox_id as "mailboxId", language, subject, subject_b as "subjectB", ab_test_percent as "abTestPercent",
  ab_test_hours as "abTestHours", ab_winner as "abWinner", preheader, blocks, audience, status, started_by as "startedBy", expanded, expand_cursor as "expandCursor"`;

export function loadCampaignRow(db: Db, id: string): Promise<CampaignRow | undefined> {
  return firstRow<CampaignRow>(db, sql`select ${campaignColumns} from campaigns where id = ${id}::uuid and deleted_at is null`);
}

/** Takes the campaign's lease if it is sending and nobody holds it; marks what a dead holder left half-done. */
async function takeLease(db: Db, id: string): Promise<CampaignRow | undefined> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const taken = await firstRow<CampaignRow>(
      tx,
      sql`update campaigns set lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
          where id = ${id}::uuid and status = 'sending' and deleted_at is null and (lease_until is null or lease_until < now())
          returning ${campaignColumns}`,
    );
    if (taken) {
      await tx.execute(sql`update campaign_recipients set status = 'interrupted', failure_reason = 'the sending process stopped while this message was in flight; not sent again'
        where campaign_id = ${id}::uuid and status = 'sending'`);
    }
    return taken;
  });
}

async function renewLease(db: Db, id: string): Promise<boolean> {
  const row = await firstRow(db, sql`update campaigns set lease_until = now() + make_interval(secs => ${LEASE_SECONDS}) where id = ${id}::uuid and status = 'sending' and deleted_at is null returning id`);
  return Boolean(row);
}

const releaseLease = (db: Db, id: string) => db.execute(sql`update campaigns set lease_until = null where id = ${id}::uuid`);

/** Expands one page of the audience; true when the audience is exhausted. */
async function expandPage(db: Db, campaign: CampaignRow, actor: Actor): Promise<boolean> {
  const ids = await audiencePage({ db, actor }, campaign.audience, campaign.expandCursor, EXPAND_PAGE);
  const done = ids.length < EXPAND_PAGE;
  const cursor = ids.at(-1) ?? campaign.expandCursor;
  const ab = Boolean(campaign.subjectB);
  const bucket = sql`((hashtext(c.id::text) & 2147483647) % 100)`;
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    if (ids.length) {
      await tx.execute(sql`insert into campaign_recipients (workspace_id, campaign_id, contact_id, email, variant, status, skip_reason)
        select c.workspace_id, ${campaign.id}::uuid, c.id, lower(c.emails[1]),
          ${ab ? sql`case when ${bucket} < ${campaign.abTestPercent} then (case when ${bucket} % 2 = 0 then 'a' else 'b' end) else 'rest' end` : sql`null`},
          case when c.emails[1] is null or s.address is not null or not c.marketing_consent then 'skipped' else 'pending' end,
          case when c.emails[1] is null then 'no_email' when s.address is not null then 'suppressed_' || s.reason when not c.marketing_consent then 'no_consent' end
        from contacts c left join email_suppressions s on s.workspace_id = c.workspace_id and s.address = lower(c.emails[1])
        where c.workspace_id = ${campaign.workspaceId} and c.id = any(${pgArrayLiteral(ids)}::uuid[])
        on conflict (campaign_id, contact_id) do nothing`);
    }
    await tx.execute(sql`update campaigns set expand_cursor = ${cursor}::uuid, expanded = ${done},
      audience_count = (select count(*)::int from campaign_recipients where campaign_id = ${campaign.id}::uuid) where id = ${campaign.id}::uuid`);
  });
  campaign.expandCursor = cursor;
  campaign.expanded = done;
  return done;
}

interface ClaimedRecipient extends RecipientData {
  id: string;
  contactId: string;
  variant: 'a' | 'b' | 'rest' | null;
  eligible: boolean;
  reason: string | null;
}

async function claimBatch(db: Db, campaign: CampaignRow, size: number): Promise<ClaimedRecipient[]> {
  return rows<ClaimedRecipient>(
    db,
    sql`with claimed as (
          update campaign_recipients r set status = 'sending'
          where r.id in (select id from campaign_recipients where campaign_id = ${campaign.id}::uuid and status = 'pending'
                         ${campaign.abWinner ? sql`` : sql`and variant is distinct from 'rest'`} order by id limit ${size} for update skip locked)
          returning r.id, r.contact_id, r.email, r.variant
        )
        select x.id, x.contact_id as "contactId", x.email, x.variant, c.first_name as "firstName", c.last_name as "lastName", c.middle_name as "middleName",
          c.position, c.city, co.name as "companyName", co.city as "companyCity", u.name as "ownerName", u.email as "ownerEmail",
          (c.id is not null and c.marketing_consent and s.address is null) as eligible,
          case when c.id is null then 'contact_deleted' when s.address is not null then 'suppressed_' || s.reason when not c.marketing_consent then 'no_consent' end as reason
        from claimed x
        left join contacts c on c.id = x.contact_id and c.deleted_at is null
        left join companies co on co.id = c.company_id and co.deleted_at is null
        left join users u on u.id = c.owner_id
        left join email_suppressions s on s.workspace_id = ${campaign.workspaceId} and s.address = x.email
        order by x.id`,
  );
}

/** Reserves `count` sending slots of the domain's rate; answers when the first is due and the spacing (ms). */
export async function reserveSlots(db: Db, workspaceId: string, domain: string, count: number): Promise<{ waitMs: number; intervalMs: number }> {
  await db.execute(sql`insert into campaign_sending_domains (workspace_id, domain, per_minute) values (${workspaceId}, ${domain}, ${defaultPerMinute()}) on conflict do nothing`);
  const row = await firstRow<{ waitMs: number; perMinute: number }>(
    db,
    sql`with old as (select next_slot_at, per_minute from campaign_sending_domains where workspace_id = ${workspaceId} and domain = ${domain} for update)
        update campaign_sending_domains d set next_slot_at = greatest(old.next_slot_at, now()) + make_interval(secs => ${count} * 60.0 / old.per_minute), updated_at = now()
        from old where d.workspace_id = ${workspaceId} and d.domain = ${domain}
        returning (extract(epoch from (greatest(old.next_slot_at, now()) - now())) * 1000)::float8 as "waitMs", old.per_minute as "perMinute"`,
  );
  return { waitMs: Math.max(0, Number(row!.waitMs)), intervalMs: 60_000 / row!.perMinute };
}

export function batchSizeFor(perMinute: number): number {
  // A batch spans at most ~10 s of the rate, so a stop or a pause takes effect soon.
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(perMinute / 6)));
}

async function perMinuteOf(db: Db, workspaceId: string, domain: string): Promise<number> {
  const row = await firstRow<{ perMinute: number }>(db, sql`select per_minute as "perMinute" from campaign_sending_domains where workspace_id = ${workspaceId} and domain = ${domain}`);
  return row?.perMinute ?? defaultPerMinute();
}

type Outcome = { id: string; status: 'sent' | 'failed' | 'bounced' | 'skipped' | 'pending'; reason: string | null; messageId: string | null; contactId: string; email: string | null; at?: string };

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'ESOCKET' || code === 'EAUTH' || code === 'EDNS' || code === 'ECONNREFUSED';
}

async function writeOutcomes(db: Db, campaign: CampaignRow, outcomes: Outcome[]): Promise<void> {
  if (!outcomes.length) return;
  const payload = JSON.stringify(outcomes.map((item) => ({ id: item.id, status: item.status, reason: item.reason, message_id: item.messageId, contact_id: item.contactId, email: item.email, at: item.at ?? null })));
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update campaign_recipients r set status = x.status, failure_reason = case when x.status in ('failed', 'bounced') then x.reason end,
        skip_reason = case when x.status = 'skipped' then x.reason else r.skip_reason end, message_id = coalesce(x.message_id, r.message_id),
        sent_at = case when x.status = 'sent' then coalesce(x.at, now()) else r.sent_at end
      from jsonb_to_recordset(${payload}::jsonb) as x(id uuid, status text, reason text, message_id text, contact_id uuid, email text, at timestamptz) where r.id = x.id`);
    await tx.execute(sql`insert into campaign_events (workspace_id, campaign_id, recipient_id, contact_id, kind, detail, occurred_at)
      select ${campaign.workspaceId}::uuid, ${campaign.id}::uuid, x.id, x.contact_id, x.status, x.reason, coalesce(x.at, now())
      from jsonb_to_recordset(${payload}::jsonb) as x(id uuid, status text, reason text, contact_id uuid, at timestamptz) where x.status in ('sent', 'bounced')`);
    await tx.execute(sql`insert into email_suppressions (workspace_id, address, reason, campaign_id, contact_id, detail)
      select ${campaign.workspaceId}::uuid, x.email, 'bounced', ${campaign.id}::uuid, x.contact_id, left(x.reason, 500)
      from jsonb_to_recordset(${payload}::jsonb) as x(status text, reason text, contact_id uuid, email text) where x.status = 'bounced' and x.email is not null
      on conflict (workspace_id, address) do nothing`);
  });
}

export function subjectFor(campaign: Pick<CampaignRow, 'subject' | 'subjectB' | 'abWinner'>, variant: string | null): string {
  if (variant === 'b' || (variant === 'rest' && campaign.abWinner === 'b')) return campaign.subjectB ?? campaign.subject;
  return campaign.subject;
}

export function trackingFor(baseUrl: string, recipientId: string) {
  return {
    open: `${baseUrl}/t/o/${signToken(recipientId, 'open')}.gif`,
    unsubscribe: `${baseUrl}/u/${signToken(recipientId, 'unsubscribe')}`,
    click: (index: number) => `${baseUrl}/t/c/${signToken(recipientId, 'click', index)}`,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SendContext {
  campaign: CampaignRow;
  mailbox: MailboxRow;
  compiled: CompiledCampaign;
  baseUrl: string;
  today: string;
}

/** Sends one claimed batch; returns false when the run must stop (a stop was asked or the server is unreachable). */
async function sendBatch(db: Db, send: SendContext, batch: ClaimedRecipient[], signal?: AbortSignal): Promise<{ sent: number; keepGoing: boolean; error?: string }> {
  const { campaign, mailbox } = send;
  const domain = mailbox.emailAddress.split('@')[1] ?? 'localhost';
  const outcomes = new Map<string, Outcome>();
  const eligible: ClaimedRecipient[] = [];
  for (const recipient of batch) {
    if (recipient.eligible && recipient.email) eligible.push(recipient);
    else outcomes.set(recipient.id, { id: recipient.id, status: 'skipped', reason: recipient.reason ?? 'no_email', messageId: null, contactId: recipient.contactId, email: recipient.email });
  }
  let stop = false;
  let error: string | undefined;
  if (eligible.length) {
    const { waitMs, intervalMs } = await reserveSlots(db, campaign.workspaceId, domain, eligible.length);
    const started = Date.now() + waitMs;
    const transport = transportFor(mailbox);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, eligible.length) }, async () => {
        while (next < eligible.length && !stop) {
          const index = next++;
          const recipient = eligible[index];
          const due = started + index * intervalMs - Date.now();
          if (due > 0) await sleep(due);
          if (stop || signal?.aborted) {
            stop = true;
            break;
          }
          const tracking = trackingFor(send.baseUrl, recipient.id);
          const values = placeholderValuesFor(recipient, campaign.language, send.today);
          const body = personalise(send.compiled, values, tracking);
          const messageId = `<${recipient.id}@${domain}>`;
          const name = [recipient.firstName, recipient.lastName].filter(Boolean).join(' ');
          try {
            await transport.sendMail({
              from: mailbox.displayName ? { name: mailbox.displayName, address: mailbox.emailAddress } : mailbox.emailAddress,
              to: name ? { name, address: recipient.email } : recipient.email,
              subject: fillPlaceholders(subjectFor(campaign, recipient.variant), values, false),
              html: body.html,
              text: body.text,
              messageId,
              headers: { 'List-Unsubscribe': `<${tracking.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', Precedence: 'bulk', 'X-Svyaz-Campaign': campaign.id },
            });
            outcomes.set(recipient.id, { id: recipient.id, status: 'sent', reason: null, messageId, contactId: recipient.contactId, email: recipient.email, at: new Date().toISOString() });
          } catch (failure) {
            if (isConnectionFailure(failure)) {
              stop = true;
              error = classifyMailError(failure).text;
              break;
            }
            const code = Number((failure as { responseCode?: number }).responseCode);
            const reason = String((failure as { response?: string }).response ?? (failure as Error).message).slice(0, 1000);
            outcomes.set(recipient.id, { id: recipient.id, status: code >= 500 && code < 600 ? 'bounced' : 'failed', reason, messageId: null, contactId: recipient.contactId, email: recipient.email, at: new Date().toISOString() });
          }
        }
      }),
    );
  }
  // What was claimed but not sent (a stop, an unreachable server) goes back to pending, to be sent on resume.
  for (const recipient of batch) if (!outcomes.has(recipient.id)) outcomes.set(recipient.id, { id: recipient.id, status: 'pending', reason: null, messageId: null, contactId: recipient.contactId, email: recipient.email });
  await writeOutcomes(db, campaign, [...outcomes.values()]);
  return { sent: [...outcomes.values()].filter((item) => item.status === 'sent').length, keepGoing: !stop, error };
}

/** After the last batch: the A/B test waits for its winner, or the campaign is done. */
async function finishIfDone(db: Db, campaign: CampaignRow): Promise<string> {
  const waiting = await firstRow<{ pending: number; rest: number }>(
    db,
    sql`select count(*) filter (where status in ('pending', 'sending'))::int as pending, count(*) filter (where status = 'pending' and variant = 'rest')::int as rest
        from campaign_recipients where campaign_id = ${campaign.id}::uuid`,
  );
  if (!campaign.abWinner && waiting!.rest > 0) {
    await db.execute(sql`update campaigns set status = 'testing', test_ends_at = now() + make_interval(hours => ab_test_hours), updated_at = now() where id = ${campaign.id}::uuid and status = 'sending'`);
    return 'testing';
  }
  if (waiting!.pending > 0) return 'sending';
  await db.execute(sql`update campaigns set status = 'sent', finished_at = now(), updated_at = now() where id = ${campaign.id}::uuid and status = 'sending'`);
  return 'sent';
}

export interface RunOptions {
  /** A stop (the worker shutting down, a test): messages in flight finish, the rest stay pending. */
  signal?: AbortSignal;
  /** Stop after this long and hand over to a new job (default 8 s with a queue, unlimited without). */
  budgetMs?: number;
  queue?: JobQueue;
}

/** Runs the campaign under its lease: expands, then sends, until done, stopped or out of time. */
export async function runCampaign(database: Database, campaignId: string, options: RunOptions = {}): Promise<{ state: string; sent: number }> {
  const db = database.db;
  const campaign = await takeLease(db, campaignId);
  if (!campaign) return { state: 'busy_or_not_sending', sent: 0 };
  const deadline = Date.now() + (options.budgetMs ?? (options.queue ? 8000 : Number.POSITIVE_INFINITY));
  let sent = 0;
  let state = 'sending';
  try {
    const actor = campaign.startedBy ? await loadActor(db, campaign.startedBy) : undefined;
    const mailbox = await loadMailbox(db, campaign.mailboxId);
    if (!actor || !mailbox) {
      await db.execute(sql`update campaigns set status = 'paused', last_error = ${!actor ? 'the user who started the campaign no longer exists' : 'the campaign’s mailbox was deleted'}, updated_at = now() where id = ${campaign.id}::uuid`);
      return { state: 'paused', sent };
    }
    while (!campaign.expanded && !options.signal?.aborted && Date.now() < deadline) {
      await expandPage(db, campaign, actor);
      if (!(await renewLease(db, campaign.id))) return { state: 'stopped', sent };
    }
    const domain = mailbox.emailAddress.split('@')[1] ?? 'localhost';
    const send: SendContext = { campaign, mailbox, compiled: compileCampaign(campaign.blocks, campaign.language, campaign.preheader), baseUrl: publicBaseUrl(), today: formatDate(new Date().toISOString(), campaign.language) };
    while (campaign.expanded && !options.signal?.aborted && Date.now() < deadline) {
      const batch = await claimBatch(db, campaign, batchSizeFor(await perMinuteOf(db, campaign.workspaceId, domain)));
      if (batch.length === 0) {
        state = await finishIfDone(db, campaign);
        break;
      }
      const result = await sendBatch(db, send, batch, options.signal);
      sent += result.sent;
      if (result.error) {
        await db.execute(sql`update campaigns set last_error = ${result.error}, updated_at = now() where id = ${campaign.id}::uuid`);
        return { state: 'retry_later', sent };
      }
      if (!result.keepGoing || !(await renewLease(db, campaign.id))) return { state: 'stopped', sent };
    }
    if (state === 'sending' && !options.signal?.aborted && options.queue) await options.queue.enqueue(CAMPAIGN_SEND_JOB, { campaignId });
    return { state, sent };
  } finally {
    await releaseLease(db, campaign.id);
  }
}

/** The click rate of each variant of the test and the winner (A on a tie). */
export async function abResults(db: Db, campaignId: string) {
  const found = await rows<{ variant: string; sent: number; clicked: number; opened: number }>(
    db,
    sql`select variant, count(*) filter (where status = 'sent')::int as sent, count(*) filter (where clicked_at is not null)::int as clicked, count(*) filter (where opened_at is not null)::int as opened
        from campaign_recipients where campaign_id = ${campaignId}::uuid and variant in ('a', 'b') group by variant`,
  );
  const of = (variant: string) => {
    const row = found.find((item) => item.variant === variant) ?? { sent: 0, clicked: 0, opened: 0 };
    return { variant, sent: row.sent, opened: row.opened, clicked: row.clicked, clickRate: row.sent ? row.clicked / row.sent : 0, openRate: row.sent ? row.opened / row.sent : 0 };
  };
  const a = of('a');
  const b = of('b');
  return { a, b, leader: b.clickRate > a.clickRate ? ('b' as const) : ('a' as const) };
}

/** Every minute: scheduled campaigns due start, finished A/B tests pick their winner, orphaned sends resume. */
export async function tickCampaigns(database: Database, queue?: JobQueue): Promise<{ started: number; decided: number; resumed: number }> {
  const db = database.db;
  const started = await rows<{ id: string }>(db, sql`update campaigns set status = 'sending', started_at = now(), updated_at = now() where status = 'scheduled' and start_at <= now() and deleted_at is null returning id`);
  const testing = await rows<{ id: string }>(db, sql`select id from campaigns where status = 'testing' and test_ends_at <= now() and deleted_at is null`);
  for (const { id } of testing) {
    const { leader } = await abResults(db, id);
    await db.execute(sql`update campaigns set ab_winner = ${leader}, status = 'sending', updated_at = now() where id = ${id}::uuid and status = 'testing'`);
  }
  const orphaned = await rows<{ id: string }>(db, sql`select id from campaigns where status = 'sending' and deleted_at is null and (lease_until is null or lease_until < now())`);
  if (queue) for (const { id } of orphaned) await queue.enqueue(CAMPAIGN_SEND_JOB, { campaignId: id });
  return { started: started.length, decided: testing.length, resumed: orphaned.length };
}
