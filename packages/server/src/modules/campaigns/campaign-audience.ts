// Who a campaign goes to, always computed with the rights of the person who starts it: a static pick of
// contacts, a segment (modules/segments), or every contact they read. One function pages through any of them
// by contact id (keyset), so the sender expands an audience of any size in bounded steps and can resume.
import { sql } from 'drizzle-orm';
import type { CampaignAudience } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { countSegmentMembers, segmentMemberIds } from '../segments/segments.service.js';

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
