// 'email.received' domain events (webhooks) for stored incoming messages, one per record they belong to,
// written in the sync's transaction through core/domain-events.ts (the webhooks part).
import type { Db } from '../../db/client.js';
import type { RecordLink } from './email-matching.js';

interface DomainEvents {
  recordDomainEvent(tx: Db, event: { workspaceId: string; type: string; object: string; recordId: string; actorId?: string; data?: Record<string, unknown> }): Promise<void>;
}

const modulePath = '../../core/domain-events.js';
let loaded: Promise<DomainEvents | null> | undefined;

function domainEvents(): Promise<DomainEvents | null> {
  loaded ??= (import(/* @vite-ignore */ modulePath) as Promise<DomainEvents>).catch(() => null);
  return loaded;
}

export async function recordEmailReceived(tx: Db, workspaceId: string, messages: { id: string; links: RecordLink[]; subject: string; from: string }[]): Promise<void> {
  if (messages.length === 0) return;
  const events = await domainEvents();
  if (!events) return;
  for (const message of messages) {
    for (const link of message.links) {
      await events.recordDomainEvent(tx, { workspaceId, type: 'email.received', object: link.recordType, recordId: link.recordId, data: { emailId: message.id, subject: message.subject, from: message.from } });
    }
  }
}
