// The campaign report and the ROI list. Counts come from the recipient rows; replies are inbound messages whose
// In-Reply-To is a campaign message's Message-ID (the email module's IMAP sync stores it); attribution gives a
// campaign the deals won and the orders placed by a recipient within `attribution_days` after their first open
// or click, among the deals and orders the reader may read (an order of an attributed deal counts once, as the
// deal). ROI = (revenue − cost) / cost.
import { sql, type SQL } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { getRecord } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { abResults } from './campaign-sender.js';
import { campaignDefinition } from './campaigns.definition.js';

interface Attribution {
  campaignId: string;
  deals: number;
  dealRevenue: number;
  orders: number;
  orderRevenue: number;
}

function attributionSql(ctx: Ctx, campaignIds: string[]): SQL {
  return sql`with eng as (
      select r.campaign_id, r.contact_id, least(r.opened_at, r.clicked_at) as engaged_at, c.attribution_days as days
      from campaign_recipients r join campaigns c on c.id = r.campaign_id
      where r.campaign_id = any(${pgArrayLiteral(campaignIds)}::uuid[]) and (r.opened_at is not null or r.clicked_at is not null)
    ), won as (
      select distinct e.campaign_id, d.id, d.amount from eng e
      join deals d on d.workspace_id = ${ctx.actor.workspaceId} and d.closed_at is not null
        and d.closed_at >= e.engaged_at and d.closed_at < e.engaged_at + make_interval(days => e.days)
        and (d.contact_id = e.contact_id or exists (select 1 from deal_contacts dc where dc.deal_id = d.id and dc.contact_id = e.contact_id))
      join stages s on s.id = d.stage_id and s.kind = 'won'
      where ${accessCondition(ctx.actor, 'deals', 'read', 'd')}
    ), placed as (
      select distinct e.campaign_id, o.id, o.total, o.deal_id from eng e
      join orders o on o.workspace_id = ${ctx.actor.workspaceId} and o.contact_id = e.contact_id and o.status <> 'cancelled'
        and o.ordered_at >= e.engaged_at and o.ordered_at < e.engaged_at + make_interval(days => e.days)
      where ${accessCondition(ctx.actor, 'orders', 'read', 'o')}
    ), ids as (select unnest(${pgArrayLiteral(campaignIds)}::uuid[]) as campaign_id)
    select i.campaign_id as "campaignId",
      (select count(*)::int from won w where w.campaign_id = i.campaign_id) as deals,
      (select coalesce(sum(w.amount), 0)::float8 from won w where w.campaign_id = i.campaign_id) as "dealRevenue",
      (select count(*)::int from placed p where p.campaign_id = i.campaign_id and (p.deal_id is null or p.deal_id not in (select w.id from won w where w.campaign_id = i.campaign_id))) as orders,
      (select coalesce(sum(p.total), 0)::float8 from placed p where p.campaign_id = i.campaign_id and (p.deal_id is null or p.deal_id not in (select w.id from won w where w.campaign_id = i.campaign_id))) as "orderRevenue"
    from ids i`;
}

const roi = (revenue: number, cost: number) => (cost > 0 ? Math.round(((revenue - cost) / cost) * 10000) / 10000 : null);
const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : 0);

export async function campaignReport(ctx: Ctx, id: string) {
  const campaign = await getRecord(ctx, campaignDefinition, id);
  const [counts] = await rows<Record<string, number>>(
    ctx.db,
    sql`select count(*)::int as recipients,
          count(*) filter (where status = 'pending')::int as pending,
          count(*) filter (where status in ('sent', 'bounced', 'failed', 'interrupted'))::int as attempted,
          count(*) filter (where status = 'sent')::int as sent,
          count(*) filter (where status = 'bounced')::int as bounced,
          count(*) filter (where status = 'failed')::int as failed,
          count(*) filter (where status = 'interrupted')::int as interrupted,
          count(*) filter (where status = 'skipped')::int as skipped,
          count(*) filter (where skip_reason = 'no_consent')::int as "skippedNoConsent",
          count(*) filter (where skip_reason like 'suppressed%')::int as "skippedSuppressed",
          count(*) filter (where skip_reason = 'no_email')::int as "skippedNoEmail",
          count(*) filter (where opened_at is not null)::int as opened,
          count(*) filter (where clicked_at is not null)::int as clicked,
          count(*) filter (where unsubscribed_at is not null)::int as unsubscribed,
          coalesce(sum(open_count), 0)::int as opens,
          coalesce(sum(click_count), 0)::int as clicks,
          (select count(distinct m.in_reply_to)::int from email_messages m where m.workspace_id = ${ctx.actor.workspaceId} and m.direction = 'in'
             and m.in_reply_to in (select r2.message_id from campaign_recipients r2 where r2.campaign_id = ${id}::uuid and r2.message_id is not null)) as replies
        from campaign_recipients where campaign_id = ${id}::uuid`,
  );
  const [attribution] = await rows<Attribution>(ctx.db, attributionSql(ctx, [id]));
  const cost = Number(campaign.cost ?? 0);
  const revenue = attribution.dealRevenue + attribution.orderRevenue;
  const delivered = counts.sent;
  const links = await rows<{ url: string; clicks: number; people: number }>(
    ctx.db,
    sql`select url, count(*)::int as clicks, count(distinct recipient_id)::int as people from campaign_events where campaign_id = ${id}::uuid and kind = 'click' group by url order by clicks desc limit 50`,
  );
  const ab = campaign.subjectB ? await abResults(ctx.db, id) : null;
  return {
    campaignId: id,
    status: campaign.status,
    ...counts,
    delivered,
    openRate: rate(counts.opened, delivered),
    clickRate: rate(counts.clicked, delivered),
    unsubscribeRate: rate(counts.unsubscribed, delivered),
    bounceRate: rate(counts.bounced, counts.attempted),
    attributed: { deals: attribution.deals, dealRevenue: attribution.dealRevenue, orders: attribution.orders, orderRevenue: attribution.orderRevenue, revenue, windowDays: campaign.attributionDays },
    cost,
    roi: roi(revenue, cost),
    links,
    abTest: ab
      ? { variants: [{ ...ab.a, subject: campaign.subject }, { ...ab.b, subject: campaign.subjectB }], winner: campaign.abWinner ?? null, leader: ab.leader, testEndsAt: campaign.testEndsAt ?? null }
      : null,
  };
}

/** Every campaign the reader sees that has started, with cost, attributed revenue and ROI; and the same by contact source. */
export async function campaignRoiList(ctx: Ctx) {
  const campaigns = await rows<{ id: string; name: string; status: string; cost: number; startedAt: string | null; sent: number }>(
    ctx.db,
    sql`select t.id, t.name, t.status, t.cost::float8 as cost, t.started_at as "startedAt",
          (select count(*)::int from campaign_recipients r where r.campaign_id = t.id and r.status = 'sent') as sent
        from campaigns t where ${accessCondition(ctx.actor, 'campaigns', 'read', 't')} and t.status <> 'draft' order by t.started_at desc nulls last limit 200`,
  );
  if (!campaigns.length) return { data: [], bySource: [] };
  const attributed = new Map((await rows<Attribution>(ctx.db, attributionSql(ctx, campaigns.map((item) => item.id)))).map((row) => [row.campaignId, row]));
  const data = campaigns.map((campaign) => {
    const a = attributed.get(campaign.id)!;
    const revenue = a.dealRevenue + a.orderRevenue;
    return { ...campaign, deals: a.deals, orders: a.orders, revenue, roi: roi(revenue, campaign.cost) };
  });
  // Lead sources: the won deals of each contact source (contacts.source), with the campaign money spent reaching them.
  const bySource = await rows<{ source: string; contacts: number; deals: number; revenue: number }>(
    ctx.db,
    sql`select coalesce(nullif(c.source, ''), '—') as source, count(distinct c.id)::int as contacts, count(distinct d.id)::int as deals, coalesce(sum(d.amount), 0)::float8 as revenue
        from contacts c
        left join deals d on d.contact_id = c.id and d.closed_at is not null and ${accessCondition(ctx.actor, 'deals', 'read', 'd')}
          and exists (select 1 from stages s where s.id = d.stage_id and s.kind = 'won')
        where ${accessCondition(ctx.actor, 'contacts', 'read', 'c')}
          and exists (select 1 from campaign_recipients r where r.contact_id = c.id and r.campaign_id = any(${pgArrayLiteral(campaigns.map((item) => item.id))}::uuid[]) and r.status = 'sent')
        group by 1 order by revenue desc limit 50`,
  );
  return { data, bySource };
}
