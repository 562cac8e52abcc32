// Which records a message belongs to: every contact, company and lead holding one of its addresses
// (a contact's companies too), and, for a reply, every record its thread's earlier messages belong to.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import type { EmailObject } from './email-records.js';

export interface RecordLink {
  recordType: EmailObject;
  recordId: string;
}

export interface AddressMatches {
  /** Records per (normalised) address. */
  byAddress: Map<string, RecordLink[]>;
}

/** One statement per object for a whole batch of addresses (GIN indexes on `emails`). */
export async function matchAddresses(db: Db, workspaceId: string, addresses: string[]): Promise<AddressMatches> {
  const byAddress = new Map<string, RecordLink[]>();
  const unique = [...new Set(addresses.filter(Boolean))];
  if (unique.length === 0) return { byAddress };
  const list = sql`${pgArrayLiteral(unique)}::text[]`;
  const found = await rows<{ address: string; recordType: EmailObject; recordId: string }>(
    db,
    sql`select e.address, 'contacts' as "recordType", c.id::text as "recordId" from contacts c, unnest(c.emails) e(address)
          where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.emails && ${list} and e.address = any(${list})
        union all
        select e.address, 'companies', c.company_id::text from contacts c, unnest(c.emails) e(address)
          where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.company_id is not null and c.emails && ${list} and e.address = any(${list})
        union all
        select e.address, 'companies', t.id::text from companies t, unnest(t.emails) e(address)
          where t.workspace_id = ${workspaceId} and t.deleted_at is null and t.emails && ${list} and e.address = any(${list})
        union all
        select e.address, 'leads', t.id::text from leads t, unnest(t.emails) e(address)
          where t.workspace_id = ${workspaceId} and t.deleted_at is null and t.emails && ${list} and e.address = any(${list})`,
  );
  for (const row of found) {
    const links = byAddress.get(row.address) ?? [];
    if (!links.some((link) => link.recordType === row.recordType && link.recordId === row.recordId)) links.push({ recordType: row.recordType, recordId: row.recordId });
    byAddress.set(row.address, links);
  }
  return { byAddress };
}

export interface ThreadParent {
  id: string;
  threadId: string;
  messageId: string;
  links: RecordLink[];
}

/** Earlier messages of the workspace with these Message-IDs, with the records they are linked to. */
export async function findThreadParents(db: Db, workspaceId: string, messageIds: string[]): Promise<Map<string, ThreadParent>> {
  const result = new Map<string, ThreadParent>();
  const unique = [...new Set(messageIds.filter(Boolean))];
  if (unique.length === 0) return result;
  const found = await rows<{ id: string; threadId: string | null; messageId: string; links: RecordLink[] | null }>(
    db,
    sql`select m.id, m.thread_id as "threadId", m.message_id as "messageId",
          (select jsonb_agg(jsonb_build_object('recordType', l.record_type, 'recordId', l.record_id)) from email_message_links l where l.message_id = m.id) as links
        from email_messages m where m.workspace_id = ${workspaceId} and m.message_id = any(${pgArrayLiteral(unique)}::text[])`,
  );
  for (const row of found) result.set(row.messageId, { id: row.id, threadId: row.threadId ?? row.id, messageId: row.messageId, links: row.links ?? [] });
  return result;
}

export function uniqueLinks(links: RecordLink[]): RecordLink[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = `${link.recordType}:${link.recordId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Inserts message-record links in one statement. */
export async function insertLinks(db: Db, workspaceId: string, links: { messageId: string; recordType: string; recordId: string }[]): Promise<void> {
  if (links.length === 0) return;
  await db.execute(sql`insert into email_message_links (workspace_id, message_id, record_type, record_id)
    select ${workspaceId}::uuid, x.message_id, x.record_type, x.record_id
    from jsonb_to_recordset(${JSON.stringify(links.map((link) => ({ message_id: link.messageId, record_type: link.recordType, record_id: link.recordId })))}::jsonb)
      as x(message_id uuid, record_type text, record_id uuid)
    on conflict do nothing`);
}
