// Who a campaign goes to, always computed with the rights of the person who starts it: a static pick of
// contacts, a segment (modules/segments), or every contact they read. One function pages through any of them
// by contact id (keyset), so the sender expands an audience of any size in bounded steps and can resume.
import { sql } from 'drizzle-orm';
import type { CampaignAudience } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { countSegmentMembers, segmentContactsCondition, segmentMemberIds } from '../segments/segments.service.js';

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Readable contact ids of the audience after `afterId`, ascending, at most `limit`. */
export async function audiencePage(ctx: Ctx, audience: CampaignAudience, afterId: string | null, limit: number): Promise<string[]> {
  if (audience.kind === 'segment') return segmentMemberIds(ctx, audience.segmentId, { afterId: afterId ?? undefined, limit });
  const picked = audience.kind === 'contacts' ? sql`and c.id = any(${pgArrayLiteral(audience.contactIds)}::uuid[])` : sql``;
  const found = await rows<{ id: string }>(
    ctx.db,
    sql`select c.id from contacts c where ${accessCondition(ctx.actor, 'contacts', 'read', 'c')} ${picked} and c.id > ${afterId ?? NO_ID}::uuid order by c.id limit ${limit}`,
  );
  return found.map((row) => row.id);
}

/** How many contacts the audience has for this actor. */
export async function countAudience(ctx: Ctx, audience: CampaignAudience): Promise<number> {
  if (audience.kind === 'segment') return countSegmentMembers(ctx, audience.segmentId);
  const picked = audience.kind === 'contacts' ? sql`and c.id = any(${pgArrayLiteral(audience.contactIds)}::uuid[])` : sql``;
  const [row] = await rows<{ count: number }>(ctx.db, sql`select count(*)::int as count from contacts c where ${accessCondition(ctx.actor, 'contacts', 'read', 'c')} ${picked}`);
  return row.count;
}

export interface AudienceSummary {
  /** Contacts of the audience the actor reads (what a start would ask to confirm). */
  total: number;
  /** Of them, those the sender would mail now, and those it would skip and why (the sender's order of reasons). */
  sendable: number;
  noEmail: number;
  suppressed: number;
  noConsent: number;
}

/** The audience's size and who of it would be skipped (no email, on the suppression list, no marketing consent), before a start. */
export async function summariseAudience(ctx: Ctx, audience: CampaignAudience): Promise<AudienceSummary> {
  const member =
    audience.kind === 'segment'
      ? (await segmentContactsCondition(ctx, audience.segmentId))('c')
      : audience.kind === 'contacts'
        ? sql`c.id = any(${pgArrayLiteral(audience.contactIds)}::uuid[])`
        : sql`true`;
  const [row] = await rows<AudienceSummary>(
    ctx.db,
    sql`select count(*)::int as total,
          count(*) filter (where c.emails[1] is not null and s.address is null and c.marketing_consent)::int as sendable,
          count(*) filter (where c.emails[1] is null)::int as "noEmail",
          count(*) filter (where c.emails[1] is not null and s.address is not null)::int as suppressed,
          count(*) filter (where c.emails[1] is not null and s.address is null and not c.marketing_consent)::int as "noConsent"
        from contacts c left join email_suppressions s on s.workspace_id = c.workspace_id and s.address = lower(c.emails[1])
        where ${accessCondition(ctx.actor, 'contacts', 'read', 'c')} and ${member}`,
  );
  return { total: Number(row.total), sendable: Number(row.sendable), noEmail: Number(row.noEmail), suppressed: Number(row.suppressed), noConsent: Number(row.noConsent) };
}
