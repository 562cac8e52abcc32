// The knowledge base without login: the JSON API /api/public/kb/:portal/… (articles with search,
// categories, an article by slug, a reader's vote, attachments) and the portal's pages /portal/:portal.
// :portal is the slug an administrator gave the workspace's portal. Everything is rate-limited per IP;
// a vote is one per browser (a random cookie, stored hashed; without cookies, the IP and user agent).
import { randomBytes, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { errorSchema } from '../../http/openapi.js';
import { AppError } from '../../core/errors.js';
import { listPublicCategories } from './kb-categories.service.js';
import { findPortal, getPublicArticle, listPublicArticles, publicArticleId } from './kb-portal.service.js';
import { rateArticle, voterKey } from './kb-usefulness.service.js';
import { readPublicAttachment } from './kb-attachments.service.js';
import { portalLanguage, renderPortalArticle, renderPortalList, renderPortalNotFound } from './kb-portal.page.js';
import { sendFile } from './kb.routes.js';
import * as schemas from './kb.schemas.js';
import { binaryResponse } from '../documents/documents.schemas.js';

export const VOTER_COOKIE = 'svyaz_kb_voter';
const tags = ['knowledge base (public)'];
const errors = { 400: errorSchema, 404: errorSchema, 429: errorSchema };
type Portal = { Params: { portal: string } };
type PortalArticle = { Params: { portal: string; slug: string } };

export interface KbPublicOptions {
  readsPerMinute?: number;
  votesPerMinute?: number;
}

function voterOf(request: FastifyRequest, reply: FastifyReply): string {
  const cookie = request.cookies?.[VOTER_COOKIE];
  if (typeof cookie === 'string' && /^[a-f0-9]{32}$/.test(cookie)) return voterKey(cookie);
  // A new browser gets its token now; the vote itself counts by IP and user agent until the cookie returns,
  // so clearing the cookie between votes does not add votes from the same machine on that first request.
  const token = randomBytes(16).toString('hex');
  reply.setCookie(VOTER_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  return `anon:${createHash('sha256').update(`${request.ip}|${request.headers['user-agent'] ?? ''}`).digest('hex')}`;
}

export function registerKbPublicRoutes(app: FastifyInstance, database: Database, options: KbPublicOptions = {}): void {
  const db = database.db;
  const reads = { rateLimit: { max: options.readsPerMinute ?? 300, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `kb-read:${request.ip}` } };
  const votes = { rateLimit: { max: options.votesPerMinute ?? 20, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `kb-vote:${request.ip}` } };
  const base = '/api/public/kb/:portal';

  app.get<Portal>(base, { config: reads, schema: { tags, security: [], response: { 200: schemas.publicPortalSchema, ...errors }, summary: "A portal's title and categories (those holding public articles)" } }, async (request) => {
    const portal = await findPortal(db, request.params.portal);
    return { slug: portal.slug, title: portal.title, categories: await listPublicCategories(db, portal.workspaceId) };
  });
  app.get<Portal>(`${base}/articles`, { config: reads, schema: { tags, security: [], response: { 200: schemas.publicArticleListSchema, ...errors }, summary: 'Published public articles: ?q= (Russian and English morphology), ?category=, ?language=, ?limit=, ?cursor=' } }, async (request) => {
    const portal = await findPortal(db, request.params.portal);
    return listPublicArticles(db, portal, request.query as Record<string, unknown>);
  });
  app.get<PortalArticle>(`${base}/articles/:slug`, { config: reads, schema: { tags, security: [], response: { 200: schemas.publicArticleSchema, ...errors }, summary: 'One public article by its slug (counted as a view)' } }, async (request) => {
    const portal = await findPortal(db, request.params.portal);
    return getPublicArticle(db, portal, request.params.slug);
  });
  app.post<PortalArticle>(`${base}/articles/:slug/rating`, { config: votes, schema: { tags, security: [], response: { 200: schemas.ratingResultSchema, ...errors }, summary: 'A reader rates the article { helpful: true|false }: one vote per browser, a second one replaces the first' } }, async (request, reply) => {
    const portal = await findPortal(db, request.params.portal);
    const articleId = await publicArticleId(db, portal, request.params.slug);
    if (request.body === null || typeof request.body !== 'object') throw new AppError('VALIDATION_FAILED', { message: 'Send JSON { helpful: true|false }', details: [{ field: 'helpful', problem: 'is required' }] });
    return rateArticle(db, portal.workspaceId, articleId, voterOf(request, reply), request.body);
  });
  app.get<PortalArticle & { Params: { fileId: string } }>(
    `${base}/articles/:slug/attachments/:fileId`,
    { config: reads, schema: { tags, security: [], response: { 200: binaryResponse('application/octet-stream', 'The file'), ...errors }, summary: "A public article's attachment" } },
    async (request, reply) => {
      const portal = await findPortal(db, request.params.portal);
      const articleId = await publicArticleId(db, portal, request.params.slug);
      return sendFile(reply, await readPublicAttachment(db, portal.workspaceId, articleId, request.params.fileId), 'public, max-age=300');
    },
  );

  // The portal's pages.
  const page = (reply: FastifyReply, html: string, status = 200) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'self'; img-src 'self' https: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
      .header('x-content-type-options', 'nosniff')
      .send(html);
  app.get<Portal & { Querystring: Record<string, string> }>('/portal/:portal', { config: reads, schema: { hide: true } }, async (request, reply) => {
    const portal = await findPortal(db, request.params.portal);
    const language = portalLanguage(request.query, request.headers['accept-language']);
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 500) : '';
    const category = typeof request.query.category === 'string' && /^[0-9a-f-]{36}$/i.test(request.query.category) ? request.query.category : null;
    const [categories, articles] = await Promise.all([listPublicCategories(db, portal.workspaceId), listPublicArticles(db, portal, { q, category: category ?? undefined, limit: 50 })]);
    return page(reply, renderPortalList(portal, language, { q, category, categories, articles: articles.data }));
  });
  app.get<PortalArticle & { Querystring: Record<string, string> }>('/portal/:portal/articles/:slug', { config: reads, schema: { hide: true } }, async (request, reply) => {
    const portal = await findPortal(db, request.params.portal);
    const language = portalLanguage(request.query, request.headers['accept-language']);
    const categories = await listPublicCategories(db, portal.workspaceId);
    try {
      const article = await getPublicArticle(db, portal, request.params.slug);
      return page(reply, renderPortalArticle(portal, language, { article, categories }));
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return page(reply, renderPortalNotFound(portal, language), 404);
      throw error;
    }
  });
}
