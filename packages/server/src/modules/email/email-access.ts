// Who sees a message: whoever reads one of the records it is linked to (accessCondition of that record).
import { sql, type SQL } from 'drizzle-orm';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { emailObjects } from './email-records.js';

export function messageVisible(actor: Actor, alias = 'm'): SQL {
  const m = sql.raw(alias);
  const branches = emailObjects.map(
    (object) => sql`(l.record_type = ${object} and exists (select 1 from ${sql.raw(`"${object}"`)} r where r.id = l.record_id and ${accessCondition(actor, object, 'read', 'r')}))`,
  );
  return sql`${m}.workspace_id = ${actor.workspaceId} and exists (select 1 from email_message_links l where l.message_id = ${m}.id and (${sql.join(branches, sql` or `)}))`;
}
