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

async function recipientOf(db: Db, token: string) {
  const verified = verifyToken(token, 'unsubscribe');
  if (!verified) throw notFound('unsubscribe link');
  const found = await firstRow<{ id: string; workspaceId: string; campaignId: string; contactId: string; email: string | null; unsubscribedAt: string | null; language: 'ru' | 'en'; campaignName: string }>(
    db,
    sql`select r.id, r.workspace_id as "workspaceId", r.campaign_id as "campaignId", r.contact_id as "contactId", r.email, r.unsubscribed_at as "unsubscribedAt", c.language, c.name as "campaignName"
        from campaign_recipients r join campaigns c on c.id = r.campaign_id where r.id = ${verified.recipientId}::uuid`,
  );
  if (!found) throw notFound('unsubscribe link');
  return found;
}

export async function unsubscribeState(db: Db, token: string): Promise<UnsubscribeState> {
  const found = await recipientOf(db, token);
  const suppressed = found.email ? await firstRow(db, sql`select 1 as yes from email_suppressions where workspace_id = ${found.workspaceId} and address = ${found.email}`) : undefined;
  return { language: found.language, email: found.email, unsubscribed: Boolean(found.unsubscribedAt || suppressed), campaignName: found.campaignName };
}

/** One-click (RFC 8058) or the page's button: idempotent. */
export async function unsubscribe(db: Db, token: string, how: 'one-click' | 'page'): Promise<UnsubscribeState> {
  const found = await recipientOf(db, token);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const first = await firstRow(tx, sql`update campaign_recipients set unsubscribed_at = now() where id = ${found.id}::uuid and unsubscribed_at is null returning id`);
    if (!first) return;
    if (found.email) {
      await tx.execute(sql`insert into email_suppressions (workspace_id, address, reason, campaign_id, contact_id, detail)
        values (${found.workspaceId}, ${found.email}, 'unsubscribed', ${found.campaignId}, ${found.contactId}, ${how}) on conflict (workspace_id, address) do nothing`);
    }
    await tx.execute(sql`insert into campaign_events (workspace_id, campaign_id, recipient_id, contact_id, kind, detail) values (${found.workspaceId}, ${found.campaignId}, ${found.id}, ${found.contactId}, 'unsubscribe', ${how})`);
    const contact = await firstRow<{ was: boolean }>(
      tx,
      sql`update contacts c set marketing_consent = false, marketing_consent_at = now(), marketing_consent_source = ${`unsubscribed: ${found.campaignName}`.slice(0, 200)}, updated_at = now()
          from (select id, marketing_consent as was from contacts where id = ${found.contactId}::uuid for update) old
          where c.id = old.id returning old.was`,
    );
    if (contact?.was) {
      await recordAudit(tx, { workspaceId: found.workspaceId, userId: null }, [
        { recordType: 'contact', recordId: found.contactId, action: 'update', changes: { marketingConsent: { from: true, to: false } }, meta: { campaignId: found.campaignId, unsubscribe: how } },
      ]);
    }
  });
  return { language: found.language, email: found.email, unsubscribed: true, campaignName: found.campaignName };
}
