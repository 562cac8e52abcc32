// New-product announcements: who should hear of a product. The customers who bought its category, or products
// bought together with it (pairs in the same order, and the association rules of the served analytics model whose
// consequent is the product), and have not bought it yet; each with the reasons, counted only through orders and
// contacts the viewer may read. Sending makes a one-off sequence (trigger "manual") with one email step and
// enrols them, so the mail goes through the same consent check, outbox and history as every sequence email.
import { sql } from 'drizzle-orm';
import { announcementSendSchema, unknownPlaceholder } from '@svyaz/shared';
import { rows, type Db } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { getRecord } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { parseBody } from '../../core/validation.js';
import { listRules } from '../analytics/analytics.rules.js';
import { usableMailbox } from '../email/mailboxes.service.js';
import { productDefinition } from '../products/products.definition.js';
import { enrolContacts } from './sequence-enrolment.js';
import { insertSequence } from './sequences.service.js';

export interface AudienceReason {
  kind: 'category' | 'bought_together' | 'rule';
  productId: string;
  productName: string;
  category: string | null;
  orders: number;
  lastOrderedAt: string;
}

export interface AudienceMember {
  contactId: string;
  fullName: string;
  email: string | null;
  reasons: AudienceReason[];
}

/** Products the rules of the served model lead to this one from (none without a trained model). */
async function ruleAntecedents(ctx: Ctx, productId: string): Promise<{ productId: string; lift: number }[]> {
  try {
    const rules = await listRules(ctx, { item: productId, limit: '200', sort: 'lift' });
    return rules.items.filter((rule) => rule.rhs.productId === productId).flatMap((rule) => rule.lhs.map((item) => ({ productId: item.productId, lift: rule.lift })));
  } catch {
    return [];
  }
}

export async function announcementAudience(ctx: Ctx, productId: string, query: { limit?: unknown } = {}): Promise<{ product: { id: string; name: string; category: string | null }; total: number; data: AudienceMember[] }> {
  const product = await getRecord(ctx, productDefinition, productId);
  const limit = query.limit === undefined || query.limit === '' ? 500 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10000) throw invalid('limit', 'must be an integer from 1 to 10000');
  const ws = ctx.actor.workspaceId;
  const fromRules = await ruleAntecedents(ctx, productId);
  const category = (product.category as string | null) ?? null;
  const members = await rows<AudienceMember & { total: number }>(
    ctx.db,
    sql`with related as (
          select p.id as product_id, 'category'::text as kind from products p
          where p.workspace_id = ${ws} and p.category = ${category} and p.id <> ${productId}::uuid and p.deleted_at is null
          union all
          (select l2.product_id, 'bought_together' from order_lines l1 join order_lines l2 on l2.order_id = l1.order_id and l2.product_id <> l1.product_id
           where l1.workspace_id = ${ws} and l1.product_id = ${productId}::uuid group by l2.product_id order by count(distinct l1.order_id) desc limit 20)
          union all
          select x.id, 'rule' from unnest(${pgArrayLiteral(fromRules.map((rule) => rule.productId))}::uuid[]) as x(id)),
        buys as (
          select o.contact_id, r.kind, l.product_id, count(distinct o.id)::int as orders, max(o.ordered_at) as last_at
          from related r join order_lines l on l.workspace_id = ${ws} and l.product_id = r.product_id join orders o on o.id = l.order_id
          where o.contact_id is not null and o.status <> 'cancelled' and ${accessCondition(ctx.actor, 'orders', 'read', 'o')}
          group by o.contact_id, r.kind, l.product_id),
        members as (
          select c.id as "contactId", c.full_name as "fullName", c.emails[1] as email,
            jsonb_agg(jsonb_build_object('kind', b.kind, 'productId', b.product_id, 'productName', p.name, 'category', p.category, 'orders', b.orders, 'lastOrderedAt', b.last_at)
              order by b.kind, b.last_at desc) as reasons,
            count(distinct b.kind) as kinds, max(b.last_at) as last_at
          from buys b join contacts c on c.id = b.contact_id and ${accessCondition(ctx.actor, 'contacts', 'read', 'c')}
          join products p on p.id = b.product_id
          where not exists (select 1 from order_lines l join orders o on o.id = l.order_id
                            where l.workspace_id = ${ws} and l.product_id = ${productId}::uuid and o.contact_id = c.id and o.deleted_at is null and o.status <> 'cancelled')
          group by c.id)
        select m."contactId", m."fullName", m.email, m.reasons, (count(*) over ())::int as total from members m
        order by m.kinds desc, m.last_at desc, m."contactId" limit ${limit}`,
  );
  return {
    product: { id: productId, name: product.name as string, category },
    total: members[0]?.total ?? 0,
    data: members.map(({ total: _total, ...member }) => member),
  };
}

/** Sends the announcement to the proposed audience (or the picked part of it) as a one-off sequence. */
export async function sendAnnouncement(ctx: Ctx, productId: string, body: unknown) {
  requirePermission(ctx.actor, 'campaigns', 'create');
  const input = parseBody(announcementSendSchema, body);
  const placeholder = unknownPlaceholder([{ kind: 'email', subject: input.subject, body: input.body }]);
  if (placeholder) throw invalid(placeholder.field.replace('steps[0].', ''), placeholder.problem);
  await usableMailbox(ctx, input.mailboxId);
  const audience = await announcementAudience(ctx, productId, { limit: 10000 });
  const proposed = new Set(audience.data.map((member) => member.contactId));
  const outside = (input.contactIds ?? []).findIndex((id) => !proposed.has(id));
  if (outside >= 0) throw invalid(`contactIds[${outside}]`, 'is not in the announcement audience of this product');
  const contactIds = input.contactIds ?? [...proposed];
  if (contactIds.length === 0) throw invalid('contactIds', 'the product has no audience to announce it to');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const sequenceId = await insertSequence(ctx, tx, {
      name: input.name ?? `${audience.product.name}: announcement`,
      mailboxId: input.mailboxId,
      trigger: { kind: 'manual' },
      steps: [{ kind: 'email', subject: input.subject, body: input.body }],
    });
    const enrolled = await enrolContacts(
      tx,
      { id: sequenceId, workspaceId: ctx.actor.workspaceId, reenrolment: 'never' },
      sql`select x.id as contact_id, jsonb_build_object('trigger', 'announcement', 'productId', ${productId}::text) as reason from unnest(${pgArrayLiteral(contactIds)}::uuid[]) as x(id)`,
    );
    return { sequenceId, enrolled };
  });
}
