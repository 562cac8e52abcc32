// Surveys (issue 12, feedback): CSAT (1–5 after a resolved case), NPS (0–10, periodic) and custom
// questionnaires; what an administrator defines and what a customer may answer through the public link.
import { z } from 'zod';

export const surveyKinds = ['csat', 'nps', 'custom'] as const;
export type SurveyKind = (typeof surveyKinds)[number];
export const surveyLowScoreActions = ['reopen', 'flag', 'none'] as const;
export type SurveyLowScoreAction = (typeof surveyLowScoreActions)[number];
export const surveyQuestionTypes = ['scale', 'single', 'multiple', 'text'] as const;
export type SurveyQuestionType = (typeof surveyQuestionTypes)[number];

/** The score range of each kind; a custom survey's score is its first scale question. */
export const surveyScoreRange: Record<'csat' | 'nps', { min: number; max: number; lowDefault: number }> = {
  csat: { min: 1, max: 5, lowDefault: 2 },
  nps: { min: 0, max: 10, lowDefault: 6 },
};

const text = (max: number) => z.string().trim().max(max, { message: `must be at most ${max} characters` }).default('');
const localized = (max: number) => z.strictObject({ ru: text(max), en: text(max) });

export const surveyQuestionSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: 'must be snake_case latin letters and digits, up to 40 characters' }),
    type: z.enum(surveyQuestionTypes),
    label: localized(500).refine((label) => label.ru || label.en, { message: 'needs a label in Russian or English' }),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1, { message: 'must not be empty' }).max(200)).max(50).default([]),
    min: z.number().int().min(0).max(10).default(1),
    max: z.number().int().min(1).max(10).default(5),
  })
  .refine((question) => !['single', 'multiple'].includes(question.type) || question.options.length >= 2, { message: 'a choice needs at least two options', path: ['options'] })
  .refine((question) => question.type !== 'scale' || question.min < question.max, { message: 'must be greater than min', path: ['max'] });
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

export const surveyFilterSchema = z.strictObject({
  field: z.string().regex(/^[A-Za-z0-9_.]{1,100}$/, { message: 'is not a field name' }),
  op: z.string().max(20),
  value: z.string().max(1000).default(''),
});

export const surveyAudienceSchema = z.strictObject({
  savedViewId: z.uuid({ message: 'must be a UUID' }).nullable().optional(),
  filters: z.array(surveyFilterSchema).max(50).optional(),
});
export type SurveyAudience = z.infer<typeof surveyAudienceSchema>;

export const surveyScheduleSchema = surveyAudienceSchema.extend({
  everyDays: z.number({ message: 'must be a number of days' }).int().min(1, { message: 'must be at least 1' }).max(366, { message: 'must be at most 366' }),
});

export const surveyInputSchema = z
  .strictObject({
    kind: z.enum(surveyKinds, { message: 'must be csat, nps or custom' }),
    name: z.string().trim().min(1, { message: 'is required' }).max(200),
    isActive: z.boolean().default(true),
    language: z.enum(['ru', 'en'], { message: 'must be ru or en' }).default('ru'),
    subject: localized(300).default({ ru: '', en: '' }),
    intro: localized(2000).default({ ru: '', en: '' }),
    question: localized(500).default({ ru: '', en: '' }),
    thanks: localized(1000).default({ ru: '', en: '' }),
    questions: z.array(surveyQuestionSchema).max(30).default([]),
    lowScoreThreshold: z.number({ message: 'must be a number' }).int().min(0).max(10).nullable().optional(),
    mailboxId: z.uuid({ message: 'must be a UUID' }).nullable().default(null),
    expiresDays: z.number().int().min(1, { message: 'must be at least 1' }).max(365, { message: 'must be at most 365' }).default(30),
    resurveyDays: z.number().int().min(0).max(3650).default(90),
    schedule: surveyScheduleSchema.nullable().default(null),
    /** CSAT: invite the case's contact when a case becomes resolved (once per case within resurveyDays). */
    sendAfterResolution: z.boolean({ message: 'must be true or false' }).default(true),
    /** CSAT: what a low score does to its case: reopen it, flag it for the team head, or nothing beyond the notifications. */
    lowScoreAction: z.enum(surveyLowScoreActions, { message: 'must be reopen, flag or none' }).default('reopen'),
  })
  .superRefine((survey, context) => {
    const keys = new Set<string>();
    survey.questions.forEach((question, index) => {
      if (keys.has(question.key)) context.addIssue({ code: 'custom', message: 'is used by another question', path: ['questions', index, 'key'] });
      keys.add(question.key);
    });
    if (survey.kind === 'custom' && survey.questions.length === 0) context.addIssue({ code: 'custom', message: 'a custom survey needs at least one question', path: ['questions'] });
    if (survey.kind !== 'custom' && !survey.question.ru && !survey.question.en) context.addIssue({ code: 'custom', message: 'needs the score question in Russian or English', path: ['question'] });
    if (survey.lowScoreThreshold != null && survey.kind !== 'custom') {
      const range = surveyScoreRange[survey.kind];
      if (survey.lowScoreThreshold < range.min || survey.lowScoreThreshold >= range.max) context.addIssue({ code: 'custom', message: `must be from ${range.min} to ${range.max - 1}`, path: ['lowScoreThreshold'] });
    }
    if (survey.schedule && survey.kind === 'csat') context.addIssue({ code: 'custom', message: 'CSAT surveys are sent when a case is resolved, not on a schedule', path: ['schedule'] });
  });
export type SurveyInput = z.infer<typeof surveyInputSchema>;

export const surveySendSchema = surveyAudienceSchema.extend({
  /** Skip contacts who got any invitation of this survey within this many days (default: the survey's resurveyDays). */
  skipSurveyedWithinDays: z.number().int().min(0).max(3650).optional(),
});

/** What the customer posts: the score, a comment, and answers keyed by question key. */
export const surveyAnswerSchema = z.strictObject({
  score: z.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).nullable().optional(),
  comment: z.string().max(5000, { message: 'must be at most 5,000 characters' }).nullable().optional(),
  answers: z.record(z.string().max(40), z.union([z.number(), z.string().max(5000), z.array(z.string().max(200)).max(50)])).optional(),
});
export type SurveyAnswerInput = z.infer<typeof surveyAnswerSchema>;
