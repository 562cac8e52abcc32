// Response schemas of the knowledge base API for the OpenAPI document (documentation only; see http/openapi.ts).
import { z } from 'zod';
import { listOf, timestamp, uuid } from '../../http/openapi.js';

const articleFields = {
  id: uuid,
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  categoryId: uuid.nullable(),
  categoryName: z.string().nullable(),
  tags: z.array(z.string()),
  language: z.enum(['ru', 'en']),
  status: z.enum(['draft', 'published', 'archived']),
  visibility: z.enum(['internal', 'public']),
  authorId: uuid.nullable(),
  authorName: z.string().nullable(),
  updatedBy: uuid.nullable(),
  version: z.number().int(),
  resolvedCount: z.number().int(),
  publishedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const statsSchema = z.object({ views: z.number(), resolutions: z.number(), notHelpful: z.number(), helpfulVotes: z.number(), unhelpfulVotes: z.number(), rating: z.number().nullable().describe('Share of helpful public votes, 0..1') });
export const attachmentSchema = z.object({ id: uuid, name: z.string(), contentType: z.string(), size: z.number(), createdAt: timestamp });
export const articleSchema = z.object({ ...articleFields, body: z.string().describe('Sanitised HTML') });
export const articleDetailSchema = articleSchema.extend({ stats: statsSchema, attachments: z.array(attachmentSchema) });
export const articleListSchema = z.object({ data: z.array(z.object({ ...articleFields, views: z.number() })), nextCursor: z.string().nullable() });
export const versionSchema = z.object({
  id: uuid,
  version: z.number().int(),
  title: z.string(),
  summary: z.string(),
  body: z.string().optional(),
  categoryId: uuid.nullable(),
  tags: z.array(z.string()),
  language: z.string(),
  status: z.string(),
  visibility: z.string(),
  savedBy: uuid.nullable(),
  savedByName: z.string().nullable(),
  savedAt: timestamp,
});
export const versionListSchema = z.object({ current: z.number().int(), data: z.array(versionSchema) });
export const categorySchema = z.object({ id: uuid, parentId: uuid.nullable(), name: z.string(), position: z.number().int(), articleCount: z.number().int() });
export const categoryListSchema = listOf(categorySchema);
export const suggestionListSchema = listOf(
  z.object({ id: uuid, slug: z.string(), title: z.string(), summary: z.string(), language: z.string(), visibility: z.string(), resolvedCount: z.number(), score: z.number(), snippet: z.string().describe('HTML, matches in <mark>') }),
);
export const feedbackResultSchema = z.object({ ok: z.literal(true), created: z.boolean().describe('false when this case was already marked'), stats: statsSchema });
export const caseMarkListSchema = listOf(
  z.object({ articleId: uuid, title: z.string(), slug: z.string(), visibility: z.string(), kind: z.enum(['resolved', 'not_helpful']), userId: uuid.nullable(), userName: z.string().nullable(), createdAt: timestamp }),
);
const reportRow = { id: uuid, title: z.string(), slug: z.string(), visibility: z.string(), views: z.number(), resolutions: z.number(), notHelpful: z.number(), helpfulVotes: z.number(), unhelpfulVotes: z.number() };
export const reportSchema = z.object({ days: z.number(), resolvingMost: z.array(z.object(reportRow)), failing: z.array(z.object({ ...reportRow, failScore: z.number() })) });
export const expertListSchema = listOf(z.object({ userId: uuid, name: z.string(), email: z.string(), articlesAuthored: z.number(), resolutions: z.number(), score: z.number() }));
export const portalSchema = z.object({ slug: z.string().nullable(), enabled: z.boolean(), title: z.string() });
export const fileInfoSchema = z.object({ id: uuid, name: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() });

const publicFields = { slug: z.string(), title: z.string(), summary: z.string(), categoryId: uuid.nullable(), categoryName: z.string().nullable(), language: z.string(), tags: z.array(z.string()), publishedAt: timestamp.nullable(), updatedAt: timestamp };
export const publicArticleListSchema = z.object({ data: z.array(z.object(publicFields)), nextCursor: z.string().nullable() });
export const publicArticleSchema = z.object({ ...publicFields, id: uuid, body: z.string(), helpfulVotes: z.number(), unhelpfulVotes: z.number(), attachments: z.array(z.object({ id: uuid, name: z.string(), size: z.number() })) });
export const publicPortalSchema = z.object({ slug: z.string(), title: z.string(), categories: categoryListSchema.shape.data });
export const ratingResultSchema = z.object({ helpfulVotes: z.number(), unhelpfulVotes: z.number(), yourVote: z.boolean() });
