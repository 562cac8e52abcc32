// What the email endpoints return, for the OpenAPI document (http/openapi.ts).
import { z } from 'zod';
import { listOf, timestamp, uuid } from '../../http/openapi.js';

const security = z.enum(['tls', 'starttls', 'none']);
const serverView = z.object({ host: z.string(), port: z.number().int(), security, login: z.string(), passwordSet: z.boolean().describe('Passwords are never returned') });
export const mailboxSchema = z.object({
  id: uuid,
  name: z.string(),
  emailAddress: z.string(),
  displayName: z.string().nullable(),
  shared: z.boolean(),
  ownerUserId: uuid.nullable(),
  smtp: serverView,
  imap: serverView.extend({ folders: z.array(z.string()) }).nullable(),
  unknownSendersToLeads: z.boolean(),
  leadOwnerId: uuid.nullable(),
  isSupport: z.boolean(),
  supportQueueId: uuid.nullable(),
  sharedUserIds: z.array(uuid),
  sharedTeamIds: z.array(uuid),
  lastSyncAt: timestamp.nullable(),
  lastSyncError: z.string().nullable(),
  canManage: z.boolean(),
});
export const mailboxListSchema = listOf(mailboxSchema);

export const syncResultSchema = z.object({
  mailboxId: uuid,
  folders: z.array(z.object({ folder: z.string(), fetched: z.number().int(), stored: z.number().int(), lastUid: z.number().int(), error: z.string().optional() })),
  leadsCreated: z.number().int(),
  casesTouched: z.number().int().optional(),
  ms: z.number(),
});

export const templateSchema = z.object({ id: uuid, name: z.string(), language: z.enum(['ru', 'en']), subject: z.string(), bodyHtml: z.string(), createdAt: timestamp, updatedAt: timestamp });
export const templateListSchema = listOf(templateSchema).extend({ placeholders: z.array(z.string()) });
export const renderedSchema = z.object({ subject: z.string(), html: z.string() });

const address = z.object({ address: z.string(), name: z.string().nullable().optional() });
export const emailSchema = z.object({
  id: uuid,
  mailboxId: uuid.nullable(),
  direction: z.enum(['in', 'out']),
  status: z.enum(['queued', 'sent', 'failed', 'received']),
  failureReason: z.string().nullable(),
  attempts: z.number().int(),
  messageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  threadId: uuid.nullable(),
  fromAddress: z.string(),
  fromName: z.string().nullable(),
  to: z.array(address),
  cc: z.array(address),
  bcc: z.array(address),
  subject: z.string(),
  bodyHtml: z.string().nullable(),
  bodyText: z.string().nullable(),
  attachments: z.array(z.object({ fileId: uuid, name: z.string(), contentType: z.string(), size: z.number().int() })),
  occurredAt: timestamp,
  sentAt: timestamp.nullable(),
  createdBy: uuid.nullable(),
  createdAt: timestamp,
  links: z.array(z.object({ recordType: z.string(), recordId: uuid })).nullable(),
});
export const threadSchema = listOf(emailSchema);
export const composeSchema = z.object({
  recipients: z.array(z.object({ address: z.string(), name: z.string().nullable(), source: z.string().describe('contact, company or lead'), recordId: uuid })),
  mailboxes: z.array(z.object({ id: uuid, name: z.string(), emailAddress: z.string(), shared: z.boolean() })),
});
