// 'email.received' domain events (webhooks) for stored incoming messages, one per record they belong to,
// written in the sync's transaction through the outbox (core/domain-events.ts), all in one statement.
import type { Db } from '../../db/client.js';
import { recordDomainEvents } from '../../core/domain-events.js';
import type { RecordLink } from './email-matching.js';

export async function recordEmailReceived(tx: Db, workspaceId: string, messages: { id: string; links: RecordLink[]; subject: string; from: string }[]): Promise<void> {
  await recordDomainEvents(
    tx,
    messages.flatMap((message) =>
      message.links.map((link) => ({ workspaceId, type: 'email.received', object: link.recordType, recordId: link.recordId, data: { emailId: message.id, subject: message.subject, from: message.from } })),
    ),
  );
}
