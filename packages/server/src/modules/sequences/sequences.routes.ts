// Trigger sequences, a contact's sequences on its card, and new-product announcements.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { responses } from '../../http/openapi.js';
import { ctxOf } from '../../http/authenticate.js';
import * as sequences from './sequences.service.js';
import * as card from './sequence-card.service.js';
import * as announcements from './announcements.service.js';
import { registerSequenceSubscriber } from './sequence-enrolment.js';
import type { Database } from '../../db/client.js';
import type { JobQueue } from '../../jobs/job-runner.js';

type ById = { Params: { id: string } };

// What each answer holds at least (documentation only: the serializer is JSON.stringify).
const sequence = z.object({ id: z.string(), name: z.string(), isActive: z.boolean(), trigger: z.unknown(), steps: z.array(z.unknown()) }).passthrough();

export function registerSequenceRoutes(app: FastifyInstance, database: Database, jobs: JobQueue, options: { testClock?: boolean } = {}): void {
  registerSequenceSubscriber();
  const tags = ['sequences'];
  app.post('/api/v1/sequences/advance', { schema: { tags, response: responses(200, z.object({ steps: z.number(), finished: z.number(), emails: z.number() })), summary: 'Run the due sequence steps now instead of at the next minute (the right to all campaigns); `at` only with SEQUENCES_TEST_CLOCK=true' } }, async (request) =>
    sequences.advanceSequencesNow(ctxOf(request), database, jobs, request.body ?? {}, options.testClock ?? false),
  );
  app.get('/api/v1/sequences', { schema: { tags, response: responses(200, z.object({ data: z.array(sequence) })), summary: 'Trigger sequences (the campaigns rights, scoped by the sequence owner)' } }, async (request) => sequences.listSequences(ctxOf(request)));
  app.post('/api/v1/sequences', { schema: { tags, response: responses(201, sequence), summary: 'Create a sequence: { name, isActive, ownerId, mailboxId, trigger: { kind: purchase|days_since_order|deal_stage|birthday|new_product|manual, … }, steps: [email|task|wait|condition], reenrolment: never|after_finish }' } }, async (request, reply) => {
    reply.status(201);
    return sequences.createSequence(ctxOf(request), request.body);
  });
  app.get<ById>('/api/v1/sequences/:id', { schema: { tags, response: responses(200, sequence) } }, async (request) => sequences.getSequence(ctxOf(request), request.params.id));
  app.patch<ById>('/api/v1/sequences/:id', { schema: { tags, response: responses(200, sequence) } }, async (request) => sequences.updateSequence(ctxOf(request), request.params.id, request.body));
  app.delete<ById>('/api/v1/sequences/:id', { schema: { tags, response: responses(200, z.object({ deleted: z.number() })), summary: 'Delete a sequence; its running enrolments stop' } }, async (request) => sequences.deleteSequence(ctxOf(request), request.params.id));
  app.post<ById>('/api/v1/sequences/:id/enrol', { schema: { tags, response: responses(200, z.object({ enrolled: z.number() }).passthrough()), summary: 'Enrol contacts by hand: { contactIds }' } }, async (request) => sequences.enrolContactsByHand(ctxOf(request), request.params.id, request.body));

  app.get<ById>('/api/v1/contacts/:id/sequences', { schema: { tags, summary: "The contact's sequences: current step, next run, history (the contact's read rights)" } }, async (request) =>
    card.listContactSequences(ctxOf(request), request.params.id),
  );
  app.post<ById>('/api/v1/contacts/:id/sequences/stop', { schema: { tags, summary: "Stop all the contact's running sequences" } }, async (request) => card.stopContactSequences(ctxOf(request), request.params.id));
  app.post<ById>('/api/v1/sequence-enrolments/:id/stop', { schema: { tags, summary: 'Stop one enrolment' } }, async (request) => card.stopEnrolment(ctxOf(request), request.params.id));

  app.get<ById & { Querystring: { limit?: string } }>('/api/v1/products/:id/announcement-audience', { schema: { tags, summary: 'Customers to tell about this product, each with the reasons (category bought, bought together, association rules)' } }, async (request) =>
    announcements.announcementAudience(ctxOf(request), request.params.id, request.query),
  );
  app.post<ById>('/api/v1/products/:id/announcement', { schema: { tags, summary: 'Send the announcement: { mailboxId, subject, body, contactIds? } as a one-off sequence' } }, async (request, reply) => {
    reply.status(201);
    return announcements.sendAnnouncement(ctxOf(request), request.params.id, request.body);
  });
}
