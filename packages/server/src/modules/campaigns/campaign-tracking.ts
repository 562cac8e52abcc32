// What the public tracking links record. The token is verified first (campaign-tokens.ts): a forged or
// altered one is a 404 and writes nothing. An open counts on the recipient row (the first one is also an
// event on the contact's timeline); a click is an event with its URL and redirects only to one of the
// campaign's own links; an unsubscribe suppresses the address in the workspace, withdraws the contact's
// marketing consent (audited on the contact) and is an event.
import { sql } from 'drizzle-orm';
import type { CampaignBlock } from '@svyaz/shared';
import { firstRow, type Db } from '../../db/client.js';
import { recordAudit } from '../../core/audit.js';
import { notFound } from '../../core/errors.js';
import { compileCampaign } from './campaign-render.js';
import { verifyToken } from './campaign-tokens.js';

const linkCache = new Map<string, string[]>();

async function campaignLinks(db: Db, campaignId: string): Promise<string[]> {
  const cached = linkCache.get(campaignId);
  if (cached) return cached;
  const campaign = await firstRow<{ blocks: CampaignBlock[]; language: 'ru' | 'en' }>(db, sql`select blocks, language from campaigns where id = ${campaignId}::uuid`);
  const links = campaign ? compileCampaign(campaign.blocks, campaign.language).links : [];
  // A started campaign's blocks no longer change, so its links may be remembered.
  if (linkCache.size > 500) linkCache.clear();
  linkCache.set(campaignId, links);
  return links;
}

export async function recordOpen(db: Db, token: string): Promise<void> {
  const verified = verifyToken(token, 'open');
  if (!verified) throw notFound('tracking link');
  const row = await firstRow(
    db,
    sql`with r as (update campaign_recipients set open_count = open_count + 1, opened_at = coalesce(opened_at, now()) where id = ${verified.recipientId}::uuid
          returning id, workspace_id, campaign_id, contact_id, open_count)
        insert into campaign_events (workspace_id, campaign_id, recipient_id, contact_id, kind)
        select workspace_id, campaign_id, id, contact_id, 'open' from r where open_count = 1
        returning id`,
  );
  void row;
}

/** The campaign link the token names (and the click recorded), or 404. */
export async function recordClick(db: Db, token: string): Promise<string> {
  const verified = verifyToken(token, 'click');
  if (!verified) throw notFound('tracking link');
  const recipient = await firstRow<{ campaignId: string }>(db, sql`select campaign_id as "campaignId" from campaign_recipients where id = ${verified.recipientId}::uuid`);
  if (!recipient) throw notFound('tracking link');
  const url = (await campaignLinks(db, recipient.campaignId))[verified.link];
  if (!url) throw notFound('tracking link');
  await db.execute(sql`with r as (update campaign_recipients set click_count = click_count + 1, clicked_at = coalesce(clicked_at, now()), opened_at = coalesce(opened_at, now())
      where id = ${verified.recipientId}::uuid returning id, workspace_id, campaign_id, contact_id)
    insert into campaign_events (workspace_id, campaign_id, recipient_id, contact_id, kind, url) select workspace_id, campaign_id, id, contact_id, 'click', ${url} from r`);
  return url;
}

export interface UnsubscribeState {
  language: 'ru' | 'en';
  email: string | null;
  unsubscribed: boolean;
  campaignName: string;
}

interface Subscriber {
  source: 'campaign' | 'sequence';
  /** campaign_recipients.id or sequence_enrolments.id */
  id: string;
  workspaceId: string;
  campaignId: string | null;
  contactId: string;
  email: string | null;
  unsubscribedAt: string | null;
  language: 'ru' | 'en';
  campaignName: string;
}

/** Whose unsubscribe link this is: a campaign recipient's, or a sequence enrolment's (its email step's footer). */
async function subscriberOf(db: Db, token: string): Promise<Subscriber> {
  const campaign = verifyToken(token, 'unsubscribe');
  const sequence = campaign ? null : verifyToken(token, 'sequenceUnsubscribe');
  if (!campaign && !sequence) throw notFound('unsubscribe link');
  const found = campaign
    ? await firstRow<Subscriber>(
        db,
        sql`select 'campaign' as source, r.id, r.workspace_id as "workspaceId", r.campaign_id as "campaignId", r.contact_id as "contactId", r.email,
              r.unsubscribed_at as "unsubscribedAt", c.language, c.name as "campaignName"
            from campaign_recipients r join campaigns c on c.id = r.campaign_id where r.id = ${campaign.recipientId}::uuid`,
      )
    : await firstRow<Subscriber>(
        db,
        sql`select 'sequence' as source, e.id, e.workspace_id as "workspaceId", null::uuid as "campaignId", e.contact_id as "contactId", lower(ct.emails[1]) as email,
              case when e.stop_reason = 'unsubscribed' then e.finished_at end as "unsubscribedAt",
              case when u.locale = 'en' then 'en' else 'ru' end as language, s.name as "campaignName"
            from sequence_enrolments e join sequences s on s.id = e.sequence_id join contacts ct on ct.id = e.contact_id left join users u on u.id = s.owner_id
            where e.id = ${sequence!.recipientId}::uuid`,
      );
  if (!found) throw notFound('unsubscribe link');
  return found;
}

export async function unsubscribeState(db: Db, token: string): Promise<UnsubscribeState> {
  const found = await subscriberOf(db, token);
  const suppressed = found.email ? await firstRow(db, sql`select 1 as yes from email_suppressions where workspace_id = ${found.workspaceId} and address = ${found.email}`) : undefined;
  return { language: found.language, email: found.email, unsubscribed: Boolean(found.unsubscribedAt || suppressed), campaignName: found.campaignName };
}

/** One-click (RFC 8058) or the page's button: idempotent. A sequence's link also stops that enrolment. */
export async function unsubscribe(db: Db, token: string, how: 'one-click' | 'page'): Promise<UnsubscribeState> {
  const found = await subscriberOf(db, token);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    if (found.source === 'campaign') {
      const first = await firstRow(tx, sql`update campaign_recipients set unsubscribed_at = now() where id = ${found.id}::uuid and unsubscribed_at is null returning id`);
      if (!first) return;
      await tx.execute(sql`insert into campaign_events (workspace_id, campaign_id, recipient_id, contact_id, kind, detail) values (${found.workspaceId}, ${found.campaignId}, ${found.id}, ${found.contactId}, 'unsubscribe', ${how})`);
    } else {
      if (found.unsubscribedAt) return;
      // A finished or stopped enrolment's link still unsubscribes (suppression and consent below), once.
      await tx.execute(sql`with stopped as (
          update sequence_enrolments set status = 'stopped', finished_at = now(), stop_reason = 'unsubscribed', next_run_at = null
          where id = ${found.id}::uuid and status = 'running' returning id, workspace_id, sequence_id, contact_id)
        insert into sequence_events (workspace_id, enrolment_id, sequence_id, contact_id, kind, outcome, detail)
        select workspace_id, id, sequence_id, contact_id, 'stopped', 'unsubscribed', jsonb_build_object('how', ${how}::text) from stopped`);
    }
    if (found.email) {
      await tx.execute(sql`insert into email_suppressions (workspace_id, address, reason, campaign_id, contact_id, detail)
        values (${found.workspaceId}, ${found.email}, 'unsubscribed', ${found.campaignId}, ${found.contactId}, ${found.source === 'sequence' ? `${how}, sequence: ${found.campaignName}`.slice(0, 500) : how})
        on conflict (workspace_id, address) do nothing`);
    }
    const contact = await firstRow<{ was: boolean }>(
      tx,
      sql`update contacts c set marketing_consent = false, marketing_consent_at = now(), marketing_consent_source = ${`unsubscribed: ${found.campaignName}`.slice(0, 200)}, updated_at = now()
          from (select id, marketing_consent as was from contacts where id = ${found.contactId}::uuid for update) old
          where c.id = old.id returning old.was`,
    );
    if (contact?.was) {
      await recordAudit(tx, { workspaceId: found.workspaceId, userId: null }, [
        {
          recordType: 'contact',
          recordId: found.contactId,
          action: 'update',
          changes: { marketingConsent: { from: true, to: false } },
          meta: found.source === 'campaign' ? { campaignId: found.campaignId, unsubscribe: how } : { sequenceEnrolmentId: found.id, unsubscribe: how },
        },
      ]);
    }
  });
  return { language: found.language, email: found.email, unsubscribed: true, campaignName: found.campaignName };
}
