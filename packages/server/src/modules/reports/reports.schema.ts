// Query of GET /api/v1/reports/dashboard: a period of whole local days, an optional team (with its
// sub-teams) and pipeline, and the UTC offset that decides where days and months begin.
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), { message: 'is not a real date' });

export const dashboardQuerySchema = z
  .strictObject({
    from: day.optional(),
    to: day.optional(),
    teamId: z.uuid({ message: 'must be a UUID' }).optional(),
    pipelineId: z.uuid({ message: 'must be a UUID' }).optional(),
    tz: z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, { message: 'must be a UTC offset such as +03:00' }).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: 'must not be before from', path: ['to'] });

export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;
