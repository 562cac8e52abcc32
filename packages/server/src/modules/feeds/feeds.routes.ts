// The iCalendar feed (a secret URL outside /api/v1, no session: calendar apps cannot log in), its
// token in the user's settings, and the vCard export of contacts.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { notFound } from '../../core/errors.js';
import { ctxOf } from '../../http/authenticate.js';
import { getFeedState, renderFeed, revokeFeedToken, rotateFeedToken } from './ical-feed.service.js';
import { exportContactsVcf } from './vcard-export.service.js';

export function registerFeedRoutes(app: FastifyInstance, db: Db): void {
  const tags = ['calendar-feed'];
  app.get<{ Params: { file: string } }>('/ical/:file', { schema: { tags, summary: 'iCalendar feed of a user (secret URL from /api/v1/me/ical-feed)' }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (request, reply) => {
    const token = request.params.file.replace(/\.ics$/, '');
    if (!/^[\w-]{20,64}$/.test(token)) throw notFound('calendar feed');
    const body = await renderFeed(db, token);
    return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
  });
  app.get('/api/v1/me/ical-feed', { schema: { tags } }, async (request) => getFeedState(ctxOf(request)));
  app.post('/api/v1/me/ical-feed', { schema: { tags, summary: 'Create or rotate your feed URL (the old one stops working); the token is shown only now' } }, async (request, reply) => {
    reply.status(201);
    return rotateFeedToken(ctxOf(request));
  });
  app.delete('/api/v1/me/ical-feed', { schema: { tags } }, async (request, reply) => {
    await revokeFeedToken(ctxOf(request));
    return reply.status(204).send();
  });
  app.get<{ Querystring: Record<string, unknown> }>('/api/v1/contacts/export.vcf', { schema: { tags: ['contacts'], summary: 'Contacts as vCard (version=4.0|3.0; list filters or filter[id][in]=... select them)' } }, async (request, reply) => {
    const { version, body } = await exportContactsVcf(ctxOf(request), request.query);
    reply.header('content-type', `text/vcard; charset=utf-8${version === '3.0' ? '; version=3.0' : ''}`).header('content-disposition', 'attachment; filename="contacts.vcf"');
    return reply.send(Readable.from(body));
  });
}
