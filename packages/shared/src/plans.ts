// Sales plans, KPI weights and gamification (issue 13): request schemas shared by server and web, and the
// period arithmetic both use (a plan's period is [start, end) in whole months).
import { z } from 'zod';

export const planMeasures = ['won_amount', 'won_count', 'calls', 'meetings', 'new_clients'] as const;
export type PlanMeasure = (typeof planMeasures)[number];
export const periodKinds = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof periodKinds)[number];
export const competitionMeasures = ['points', ...planMeasures] as const;
export type CompetitionMeasure = (typeof competitionMeasures)[number];
export const gamificationRules = ['deal_won', 'call_logged', 'task_done_on_time'] as const;
export type GamificationRule = (typeof gamificationRules)[number];
export const kpiComponents = ['planAttainment', 'conversion', 'averageDeal', 'activity'] as const;
export type KpiComponent = (typeof kpiComponents)[number];

/** A plan with its progress, as GET /plans answers it (the server builds it, the web draws it). */
export interface PlanProgress {
  id: string;
  userId: string | null;
  userName: string | null;
  teamId: string | null;
  teamName: string | null;
  measure: PlanMeasure;
  periodKind: PeriodKind;
  periodStart: string;
  periodEnd: string;
  mode: 'fixed' | 'sum';
  target: number | null;
  actual: number;
  /** actual / target × 100, one decimal; null without a target (or a target of 0). */
  percent: number | null;
  canEdit: boolean;
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const uuid = z.string().uuid();
const target = z.number({ error: 'must be a number' }).finite().min(0, 'must not be negative').max(1e15, 'is too large');

/** One plan: for a person (userId) or a team (teamId); a team plan may be the sum of its members' (mode "sum"). */
export const planInputSchema = z
  .object({
    userId: uuid.optional(),
    teamId: uuid.optional(),
    measure: z.enum(planMeasures),
    periodKind: z.enum(periodKinds),
    /** Any day of the period: the period is the month, quarter or year containing it. */
    periodStart: isoDay,
    target: target.optional(),
    mode: z.enum(['fixed', 'sum']).default('fixed'),
  })
  .strict();
export type PlanInput = z.infer<typeof planInputSchema>;
export const planUpdateSchema = z.object({ target: target.optional(), mode: z.enum(['fixed', 'sum']).optional() }).strict();

/** Many person plans of one measure and period at once (the plans grid). A null target removes the plan. */
export const planGridSchema = z
  .object({
    measure: z.enum(planMeasures),
    periodKind: z.enum(periodKinds),
    periodStart: isoDay,
    plans: z.array(z.object({ userId: uuid, target: target.nullable() }).strict()).min(1).max(500),
  })
  .strict();
export type PlanGridInput = z.infer<typeof planGridSchema>;

const weight = z.number({ error: 'must be a number' }).finite().min(0, 'must not be negative').max(100, 'must be at most 100');
export const kpiWeightsSchema = z.object({ planAttainment: weight, conversion: weight, averageDeal: weight, activity: weight }).strict();
export type KpiWeights = z.infer<typeof kpiWeightsSchema>;
export const defaultKpiWeights: KpiWeights = { planAttainment: 40, conversion: 20, averageDeal: 20, activity: 20 };

const points = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').max(100000, 'must be at most 100000');
export const gamificationSettingsSchema = z
  .object({ points: z.object({ deal_won: points, call_logged: points, task_done_on_time: points }).strict() })
  .strict();
export type GamificationSettings = z.infer<typeof gamificationSettingsSchema>;
export const defaultGamificationPoints: GamificationSettings['points'] = { deal_won: 50, call_logged: 2, task_done_on_time: 5 };

export const competitionInputSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    teamId: uuid.nullable().optional(),
    measure: z.enum(competitionMeasures),
    startsOn: isoDay,
    endsOn: isoDay,
    target: target.nullable().optional(),
    prize: z.string().max(2000).nullable().optional(),
  })
  .strict();
export type CompetitionInput = z.infer<typeof competitionInputSchema>;

/** The period of a kind containing `day` (YYYY-MM-DD): first day and the day after the last. */
export function periodOf(kind: PeriodKind, day: string): { start: string; end: string } {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const first = kind === 'month' ? month : kind === 'quarter' ? Math.floor((month - 1) / 3) * 3 + 1 : 1;
  const length = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  const end = new Date(Date.UTC(year, first - 1 + length, 1));
  return { start: `${year}-${String(first).padStart(2, '0')}-01`, end: end.toISOString().slice(0, 10) };
}

/** Whether a YYYY-MM-DD string is a real calendar day. */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
