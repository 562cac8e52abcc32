// Queries of the ready-made sales analyses (GET /api/v1/analyses/...): a period of whole local days,
// an optional team (with its sub-teams) and pipeline, the UTC offset that decides where days and months
// begin, and per analysis its own few options. Query strings arrive as text, so numbers are coerced.
import { z } from 'zod';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { message: 'is not a real date' });
const uuid = z.uuid({ message: 'must be a UUID' });
const tz = z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, { message: 'must be a UTC offset such as +03:00' });
const whole = (min: number, max: number) =>
  z.coerce.number({ message: 'must be a whole number' }).int({ message: 'must be a whole number' }).min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` });
const text = z.string().trim().min(1, { message: 'must not be empty' }).max(200, { message: 'must be at most 200 characters' });

const periodFields = { from: day.optional(), to: day.optional(), teamId: uuid.optional(), tz: tz.optional() };
const fromBeforeTo = (query: { from?: string; to?: string }) => !query.from || !query.to || query.from <= query.to;
const toAfterFrom = { message: 'must not be before from', path: ['to'] };

export const periodQuerySchema = z.strictObject(periodFields).refine(fromBeforeTo, toAfterFrom);
export const funnelQuerySchema = z.strictObject({ ...periodFields, pipelineId: uuid.optional() }).refine(fromBeforeTo, toAfterFrom);
export const cycleQuerySchema = funnelQuerySchema;

export const forecastQuerySchema = z.strictObject({
  pipelineId: uuid.optional(),
  teamId: uuid.optional(),
  tz: tz.optional(),
  /** Months ahead, the current one included. */
  months: whole(1, 24).optional(),
  /** Months of closed deals behind the historical stage-to-won rates. */
  historyMonths: whole(1, 36).optional(),
  /** Past months whose forecast is compared with what was won. */
  accuracyMonths: whole(0, 24).optional(),
});

export const purchaseDimensions = ['industry', 'region', 'city', 'category', 'month'] as const;
export type PurchaseDimension = (typeof purchaseDimensions)[number];
export const purchasesQuerySchema = z
  .strictObject({
    ...periodFields,
    by: z.enum(purchaseDimensions, { message: `must be one of ${purchaseDimensions.join(', ')}` }).optional(),
    industry: text.optional(),
    region: text.optional(),
    category: text.optional(),
  })
  .refine(fromBeforeTo, toAfterFrom);

export type PeriodQuery = z.infer<typeof periodQuerySchema>;
export type FunnelQuery = z.infer<typeof funnelQuerySchema>;
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;
export type PurchasesQuery = z.infer<typeof purchasesQuerySchema>;
