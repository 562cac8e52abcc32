// Tags in use on one object, with how many records carry each, counted only over the records the
// actor can read (so a tag seen only on a colleague's records does not leak to a manager).
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { accessCondition, ownedObjects, requirePermission, type OwnedObject } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';

export interface TagCount {
  tag: string;
  count: number;
}

export async function listTags(ctx: Ctx, query: { object?: unknown; q?: unknown }): Promise<{ data: TagCount[] }> {
  const object = query.object;
  if (typeof object !== 'string' || !(ownedObjects as readonly string[]).includes(object)) throw invalid('object', `must be one of: ${ownedObjects.join(', ')}`);
  requirePermission(ctx.actor, object as OwnedObject, 'read');
  const prefix = typeof query.q === 'string' && query.q.trim() ? query.q.trim().toLowerCase() : null;
  const data = await rows<TagCount>(
    ctx.db,
    sql`select x.tag, count(*)::int as count
        from ${sql.raw(`"${object}"`)} t cross join lateral unnest(t.tags) as x(tag)
        where ${accessCondition(ctx.actor, object as OwnedObject, 'read', 't')}
          ${prefix ? sql`and starts_with(lower(x.tag), ${prefix})` : sql``}
        group by x.tag order by count(*) desc, x.tag limit 500`,
  );
  return { data };
}
