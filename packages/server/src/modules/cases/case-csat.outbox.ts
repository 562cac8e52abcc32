// The CSAT outbox: a case that becomes resolved writes a pending request in its own transaction (so a
// rolled-back resolution asks for nothing, and a committed one is never forgotten) when its workspace has an
// active CSAT survey sent after resolution and the case has a contact. The cases-csat job sends them.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../core/context.js';

export const CSAT_JOB = 'cases-csat';

export async function requestCsatAfterResolution(tx: Db, actor: Pick<Actor, 'workspaceId' | 'userId'>, caseId: string): Promise<void> {
  await tx.execute(sql`insert into case_csat_requests (workspace_id, case_id, actor_id)
    select c.workspace_id, c.id, ${actor.userId}::uuid from cases c
    where c.id = ${caseId}::uuid and c.contact_id is not null
      and exists (select 1 from surveys s where s.workspace_id = c.workspace_id and s.kind = 'csat' and s.is_active and s.send_after_resolution
                  and s.deleted_at is null and s.mailbox_id is not null)`);
}
