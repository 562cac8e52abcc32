// The knowledge base: articles (sanitised rich text, category, tags, language, status, visibility),
// categories (a tree), feedback from agents, public ratings and the portal's address.
import { z } from 'zod';

export const kbLanguages = ['ru', 'en'] as const;
export type KbLanguage = (typeof kbLanguages)[number];
export const kbStatuses = ['draft', 'published', 'archived'] as const;
export type KbStatus = (typeof kbStatuses)[number];
export const kbVisibilities = ['internal', 'public'] as const;
export type KbVisibility = (typeof kbVisibilities)[number];
export const kbFeedbackKinds = ['resolved', 'not_helpful'] as const;
export type KbFeedbackKind = (typeof kbFeedbackKinds)[number];

/** Bodies larger than this (HTML, before sanitising) are refused. */
export const KB_BODY_MAX = 200_000;

const uuid = z.uuid({ message: 'must be a valid id' });
const tags = z
  .array(z.string().trim().min(1, { message: 'must not be empty' }).max(50, { message: 'must be at most 50 characters' }))
  .max(30, { message: 'must be at most 30 tags' });

export const kbArticleCreateSchema = z.strictObject({
  title: z.string().trim().min(1, { message: 'must not be empty' }).max(300, { message: 'must be at most 300 characters' }),
  summary: z.string().trim().max(1000, { message: 'must be at most 1000 characters' }).default(''),
  body: z.string().max(KB_BODY_MAX, { message: `must be at most ${KB_BODY_MAX} characters` }).default(''),
  categoryId: uuid.nullable().default(null),
  tags: tags.default([]),
  language: z.enum(kbLanguages, { message: 'must be ru or en' }).default('ru'),
  status: z.enum(kbStatuses, { message: 'must be draft, published or archived' }).default('draft'),
  visibility: z.enum(kbVisibilities, { message: 'must be internal or public' }).default('internal'),
});
export type KbArticleCreateInput = z.infer<typeof kbArticleCreateSchema>;

export const kbArticleUpdateSchema = z.strictObject({
  title: kbArticleCreateSchema.shape.title.optional(),
  summary: z.string().trim().max(1000, { message: 'must be at most 1000 characters' }).optional(),
  body: z.string().max(KB_BODY_MAX, { message: `must be at most ${KB_BODY_MAX} characters` }).optional(),
  categoryId: uuid.nullable().optional(),
  tags: tags.optional(),
  language: z.enum(kbLanguages, { message: 'must be ru or en' }).optional(),
  status: z.enum(kbStatuses, { message: 'must be draft, published or archived' }).optional(),
  visibility: z.enum(kbVisibilities, { message: 'must be internal or public' }).optional(),
  /** The version the editor started from: a save over a newer version is a 409 (someone else saved). */
  expectedVersion: z.number().int().positive().optional(),
});
export type KbArticleUpdateInput = z.infer<typeof kbArticleUpdateSchema>;

export const kbCategoryInputSchema = z.strictObject({
  name: z.string().trim().min(1, { message: 'must not be empty' }).max(200, { message: 'must be at most 200 characters' }),
  parentId: uuid.nullable().default(null),
  position: z.number().int().min(0).max(100_000).default(0),
});
export type KbCategoryInput = z.infer<typeof kbCategoryInputSchema>;

export const kbFeedbackSchema = z.strictObject({
  kind: z.enum(kbFeedbackKinds, { message: 'must be resolved or not_helpful' }),
  caseId: uuid.nullable().default(null),
  comment: z.string().trim().max(2000, { message: 'must be at most 2000 characters' }).nullable().default(null),
});
export type KbFeedbackInput = z.infer<typeof kbFeedbackSchema>;

export const kbSuggestSchema = z.strictObject({
  text: z.string().max(20_000, { message: 'must be at most 20000 characters' }),
  language: z.enum(kbLanguages, { message: 'must be ru or en' }).nullable().default(null),
  limit: z.number().int().min(1).max(20).default(5),
});
export type KbSuggestInput = z.infer<typeof kbSuggestSchema>;

export const kbRatingSchema = z.strictObject({ helpful: z.boolean({ message: 'must be true or false' }) });

export const kbPortalSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'must be 2-63 lower-case Latin letters, digits or -' }),
  enabled: z.boolean().default(true),
  title: z.string().trim().max(200, { message: 'must be at most 200 characters' }).default(''),
});
export type KbPortalInput = z.infer<typeof kbPortalSchema>;
