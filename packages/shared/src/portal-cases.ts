// Issue 12: the portal's "create a case" form (no login), the workspace's configurable case categories and
// the complaints report's query. The form's limits are here so the page, the server and the tests agree.
import { z } from 'zod';
import { caseCategoryKey } from './cases.js';

/** The field people never see; a bot that fills it is thanked and nothing is created (as web forms do). */
export const PORTAL_CASE_HONEYPOT = 'website_url';
export const portalCaseLimits = {
  name: 200,
  email: 254,
  phone: 40,
  subject: 300,
  description: 5000,
  /** Attachments: at most this many files, each at most this many bytes. */
  files: 3,
  fileBytes: 5 * 1024 * 1024,
} as const;

const required = (max: number) =>
  z.string({ message: 'is required' }).trim().min(1, { message: 'is required' }).max(max, { message: `must be at most ${max} characters` });

/** What the form posts (urlencoded or multipart; the attachments travel beside it). */
export const portalCaseSchema = z.strictObject({
  name: required(portalCaseLimits.name),
  email: z.string({ message: 'is required' }).trim().toLowerCase().min(1, { message: 'is required' }).max(portalCaseLimits.email, { message: `must be at most ${portalCaseLimits.email} characters` }).email({ message: 'is not a valid email address' }),
  phone: z.string().trim().max(portalCaseLimits.phone, { message: `must be at most ${portalCaseLimits.phone} characters` }).optional(),
  subject: required(portalCaseLimits.subject),
  description: required(portalCaseLimits.description),
  category: z.union([caseCategoryKey, z.literal('')]).optional(),
  lang: z.enum(['ru', 'en']).optional(),
  [PORTAL_CASE_HONEYPOT]: z.string().max(1000).optional(),
});
export type PortalCaseInput = z.infer<typeof portalCaseSchema>;

export const caseCategoryCreateSchema = z.strictObject({
  key: caseCategoryKey,
  nameRu: z.string().trim().min(1, { message: 'is required' }).max(100),
  nameEn: z.string().trim().min(1, { message: 'is required' }).max(100),
  isComplaint: z.boolean().default(false),
  isActive: z.boolean().default(true),
  onPortal: z.boolean().default(true),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const caseCategoryUpdateSchema = caseCategoryCreateSchema.omit({ key: true }).partial();
export type CaseCategoryInput = z.infer<typeof caseCategoryCreateSchema>;

export const complaintsPeriods = ['day', 'week', 'month'] as const;
export const complaintsGroups = ['category', 'product', 'company', 'manager'] as const;
export const complaintsReportQuerySchema = z.strictObject({
  from: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).optional(),
  to: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).optional(),
  period: z.enum(complaintsPeriods, { message: 'must be day, week or month' }).default('month'),
  /** Categories to count (default: every category marked as a complaint). */
  categories: z.string().max(1000).optional(),
});
export type ComplaintsReportQuery = z.infer<typeof complaintsReportQuerySchema>;
