// Email over HTTP: mailboxes (personal and shared), templates, compose suggestions, sending, reading, sync.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { Database } from '../../db/client.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { createMailbox, deleteMailbox, getMailbox, listMailboxes, mailboxInputSchema, updateMailbox } from './mailboxes.service.js';
import { createTemplate, deleteTemplate, listTemplates, placeholders, renderTemplate, templateInputSchema, updateTemplate, getTemplate } from './email-templates.service.js';
import { getEmail, getEmailThread, proposeRecipients, queueEmail, retryEmail, sendEmailSchema } from './emails.service.js';
import { syncMailbox } from './imap-sync.js';
import { okSchema, responses } from '../../http/openapi.js';
import { composeSchema, emailSchema, mailboxListSchema, mailboxSchema, renderedSchema, syncResultSchema, templateListSchema, templateSchema, threadSchema } from './email.schemas.js';

type WithId = { Params: { id: string } };

export function registerEmailRoutes(app: FastifyInstance, database: Database, jobs: JobQueue): void {
  const tags = ['email'];
  app.get('/api/v1/mailboxes', { schema: { tags, response: responses(200, mailboxListSchema), summary: 'Mailboxes I may send from (and, for administrators, every shared one); passwords are never returned' } }, async (request) => listMailboxes(ctxOf(request)));
  app.get<WithId>('/api/v1/mailboxes/:id', { schema: { tags, response: responses(200, mailboxSchema) } }, async (request) => getMailbox(ctxOf(request), request.params.id));
  app.post('/api/v1/mailboxes', { schema: { tags, response: responses(201, mailboxSchema), summary: 'Add a mailbox; SMTP (and IMAP) are checked live: 422 MAILBOX_CHECK_FAILED names the field (DNS, connection, TLS, authentication)', body: mailboxInputSchema } }, async (request, reply) => {
    reply.status(201);
    return createMailbox(ctxOf(request), request.body);
  });
  app.patch<WithId>('/api/v1/mailboxes/:id', { schema: { tags, response: responses(200, mailboxSchema), summary: 'Change a mailbox; an omitted password keeps the stored one', body: mailboxInputSchema.partial() } }, async (request) =>
    updateMailbox(ctxOf(request), request.params.id, request.body),
  );
  app.delete<WithId>('/api/v1/mailboxes/:id', { schema: { tags, response: responses(200, okSchema) } }, async (request) => deleteMailbox(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/mailboxes/:id/sync', { schema: { tags, response: responses(200, syncResultSchema), summary: 'Sync the mailbox\'s IMAP folders now (also done every minute by the email-sync job)' } }, async (request) => {
    await getMailbox(ctxOf(request), request.params.id);
    return syncMailbox(database, request.params.id);
  });

  app.get('/api/v1/email-templates', { schema: { tags, response: responses(200, templateListSchema), summary: 'Email templates' } }, async (request) => ({ ...(await listTemplates(ctxOf(request))), placeholders }));
  app.get<WithId>('/api/v1/email-templates/:id', { schema: { tags, response: responses(200, templateSchema) } }, async (request) => getTemplate(ctxOf(request), request.params.id));
  app.post('/api/v1/email-templates', { schema: { tags, response: responses(201, templateSchema), summary: 'Add a template (administrators); placeholders such as {{contact.firstName}} are checked', body: templateInputSchema } }, async (request, reply) => {
    reply.status(201);
    return createTemplate(ctxOf(request), request.body);
  });
  app.patch<WithId>('/api/v1/email-templates/:id', { schema: { tags, response: responses(200, templateSchema), body: templateInputSchema.partial() } }, async (request) => updateTemplate(ctxOf(request), request.params.id, request.body));
  app.delete<WithId>('/api/v1/email-templates/:id', { schema: { tags, response: responses(200, okSchema) } }, async (request) => deleteTemplate(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/email-templates/:id/render', { schema: { tags, response: responses(200, renderedSchema), summary: 'The template filled in for a record: { object, recordId } → { subject, html }' } }, async (request) =>
    renderTemplate(ctxOf(request), request.params.id, request.body),
  );

  app.get('/api/v1/emails/compose', { schema: { tags, response: responses(200, composeSchema), summary: 'Suggested recipients (the record\'s and its contacts\' addresses) and usable mailboxes: ?object=deals&recordId=…' } }, async (request) =>
    proposeRecipients(ctxOf(request), request.query as Record<string, unknown>),
  );
  app.post('/api/v1/emails', { schema: { tags, response: responses(202, emailSchema), summary: 'Queue an email from a record (202); the email-send job sends it with retries; status queued → sent | failed', body: sendEmailSchema } }, async (request, reply) => {
    reply.status(202);
    return queueEmail(ctxOf(request), jobs, request.body);
  });
  app.get<WithId>('/api/v1/emails/:id', { schema: { tags, response: responses(200, emailSchema), summary: 'One email (404 unless you read one of the records it belongs to)' } }, async (request) => getEmail(ctxOf(request), request.params.id));
  app.get<WithId>('/api/v1/emails/:id/thread', { schema: { tags, response: responses(200, threadSchema), summary: 'The email\'s thread, oldest first, as far as you may see it' } }, async (request) => getEmailThread(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/emails/:id/retry', { schema: { tags, response: responses(202, emailSchema), summary: 'Send a failed email again' } }, async (request, reply) => {
    reply.status(202);
    return retryEmail(ctxOf(request), jobs, request.params.id);
  });
}
