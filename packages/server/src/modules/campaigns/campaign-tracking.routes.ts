// The public side of a campaign, without login or CSRF: the open pixel GET /t/o/:token.gif, the click redirect
// GET /t/c/:token, the unsubscribe page GET /u/:token (ru/en, a button that posts) and POST /u/:token, which is
// both the page's form and the one-click unsubscribe of the List-Unsubscribe-Post header (RFC 8058). A forged
// token is a 404 and records nothing.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import { escapeHtml as esc } from '../email/email-html.js';
import { page } from '../surveys/survey-page.js';
import { recordClick, recordOpen, unsubscribe, unsubscribeState, type UnsubscribeState } from './campaign-tracking.js';

export const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
type WithToken = { Params: { token: string } };

const words = {
  ru: { title: 'Отписка от рассылки', ask: (email: string) => `Больше не присылать письма на ${email}?`, button: 'Отписаться', done: 'Вы отписаны', doneText: (email: string) => `Мы больше не будем присылать рассылки на ${email}.`, missing: 'Ссылка не найдена', missingText: 'Проверьте ссылку из письма: она неполная или неверная.' },
  en: { title: 'Unsubscribe', ask: (email: string) => `Stop sending emails to ${email}?`, button: 'Unsubscribe', done: 'You are unsubscribed', doneText: (email: string) => `We will not send newsletters to ${email} any more.`, missing: 'Link not found', missingText: 'Check the link in the email: it is incomplete or wrong.' },
};

function unsubscribePage(token: string, state: UnsubscribeState): string {
  const w = words[state.language];
  const email = esc(state.email ?? '');
  if (state.unsubscribed) return page(state.language, w.done, `<h1>${w.done}</h1><p>${w.doneText(email)}</p>`);
  return page(state.language, w.title, `<h1>${w.title}</h1><p>${w.ask(email)}</p><form method="post" action="/u/${esc(token)}"><input type="hidden" name="source" value="page"><button type="submit">${w.button}</button></form>`);
}

function notFoundPage(reply: FastifyReply) {
  return reply.status(404).type('text/html; charset=utf-8').send(page('ru', `${words.ru.missing} / ${words.en.missing}`, `<h1>${words.ru.missing}</h1><p>${words.ru.missingText}</p><hr><h1>${words.en.missing}</h1><p>${words.en.missingText}</p>`));
}

export function registerCampaignTrackingRoutes(app: FastifyInstance, database: Database): void {
  const db = database.db;
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, { raw: body }));
    scope.setErrorHandler(async (error, request, reply) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') {
        if (request.url.startsWith('/t/o/')) return reply.status(404).header('Cache-Control', 'no-store').send();
        return notFoundPage(reply);
      }
      request.log.error({ err: error }, 'campaign tracking failed');
      return reply.status(500).type('text/plain').send('error');
    });

    scope.get<{ Params: { file: string } }>('/t/o/:file', { schema: { hide: true } }, async (request, reply) => {
      const token = request.params.file.endsWith('.gif') ? request.params.file.slice(0, -4) : '';
      await recordOpen(db, token);
      return reply.header('Cache-Control', 'no-store, max-age=0').type('image/gif').send(PIXEL);
    });
    scope.get<WithToken>('/t/c/:token', { schema: { hide: true } }, async (request, reply) => {
      const url = await recordClick(db, request.params.token);
      return reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').redirect(url, 302);
    });
    scope.get<WithToken>('/u/:token', { schema: { hide: true } }, async (request, reply) => {
      const state = await unsubscribeState(db, request.params.token);
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').send(unsubscribePage(request.params.token, state));
    });
    scope.post<WithToken>('/u/:token', { schema: { hide: true } }, async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string>;
      const state = await unsubscribe(db, request.params.token, form.source === 'page' ? 'page' : 'one-click');
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(unsubscribePage(request.params.token, state));
    });
  });
}
