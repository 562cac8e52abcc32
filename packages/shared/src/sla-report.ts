// The SLA compliance report and its breach list (GET /api/v1/sla/report, /api/v1/sla/breaches): the query
// schemas shared by server and web, and what they answer.
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** A period of whole days [from, to] in the workspace calendar's time zone; at most a year and a day. */
export const slaReportQuerySchema = z.object({
  from: day.optional(),
  to: day.optional(),
});
export type SlaReportQuery = z.infer<typeof slaReportQuerySchema>;

export const slaTargets = ['first_response', 'resolution'] as const;
export type SlaTargetName = (typeof slaTargets)[number];

export const slaBreachQuerySchema = slaReportQuerySchema.extend({
  teamId: z.string().uuid().optional(),
  ownerId: z.string().uuid().optional(),
  target: z.enum(slaTargets).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface SlaTargetStats {
  /** Answered (or resolved) by the deadline */
  met: number;
  /** Past the deadline, answered late or not at all */
  breached: number;
  /** Still running within the deadline */
  pending: number;
  /** met / (met + breached), 0–100 with one decimal; null when nothing is decided yet */
  metPercent: number | null;
  breachedPercent: number | null;
  /** Business minutes from creation to the first response (or resolution, waits excluded) */
  averageMinutes: number | null;
  medianMinutes: number | null;
}

export interface SlaReportRow {
  /** Team or user id; null: no team / nobody */
  id: string | null;
  name: string | null;
  cases: number;
  firstResponse: SlaTargetStats;
  resolution: SlaTargetStats;
  /** Open cases (any date) past a deadline now */
  breachingNow: number;
}

export interface SlaReport {
  from: string;
  to: string;
  timeZone: string;
  total: SlaReportRow;
  teams: SlaReportRow[];
  people: SlaReportRow[];
}

export interface SlaBreach {
  id: string;
  caseId: string;
  number: string;
  subject: string;
  target: SlaTargetName;
  dueAt: string;
  breachedAt: string;
  status: string;
  ownerId: string | null;
  teamId: string | null;
  escalatedTo: string[];
}
