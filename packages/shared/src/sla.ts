// Service hours (the workspace business calendar) and SLA policies: the request schemas shared by server and web,
// the calendar checks the schema cannot express, and choosePolicy (first matching active policy wins).
import { z } from 'zod';
import { isValidDate, isValidTimeZone, parseWallTime, weekdays, type BusinessCalendar } from './business-time.js';

const wallTime = z.string().regex(/^\d{2}:\d{2}$/, 'must be HH:MM');
export const workingIntervalSchema = z.object({ start: wallTime, end: wallTime });
const dayList = z.array(z.string()).max(366);
export const calendarYearSchema = z.object({ year: z.number().int().min(2000).max(2100), holidays: dayList.default([]), workingDays: dayList.default([]), shortDays: dayList.default([]) });
export const businessCalendarInputSchema = z.object({
  timeZone: z.string().min(1),
  weeklyHours: z.object(Object.fromEntries(weekdays.map((day) => [day, z.array(workingIntervalSchema).max(12)])) as Record<(typeof weekdays)[number], z.ZodArray<typeof workingIntervalSchema>>),
  years: z.array(calendarYearSchema).max(50),
});

export interface CalendarProblem {
  field: string;
  problem: string;
}

/** What zod cannot say: unknown zone, bad times, end before start, overlapping intervals, bad or foreign dates. */
export function calendarProblems(calendar: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!isValidTimeZone(calendar.timeZone)) problems.push({ field: 'timeZone', problem: `is not a known IANA time zone (${calendar.timeZone})` });
  for (const day of weekdays) {
    const parsed = (calendar.weeklyHours[day] ?? []).map((interval, index) => ({ index, start: parseWallTime(interval.start), end: parseWallTime(interval.end) }));
    for (const item of parsed) {
      if (item.start === null || item.start >= 24 * 60) problems.push({ field: `weeklyHours.${day}[${item.index}].start`, problem: 'is not a time of day (00:00–23:59)' });
      if (item.end === null) problems.push({ field: `weeklyHours.${day}[${item.index}].end`, problem: 'is not a time of day (00:00–24:00)' });
      else if (item.start !== null && item.end <= item.start) problems.push({ field: `weeklyHours.${day}[${item.index}].end`, problem: 'must be after start' });
    }
    const valid = parsed.filter((item) => item.start !== null && item.end !== null && item.end > item.start).sort((a, b) => a.start! - b.start!);
    for (let index = 1; index < valid.length; index++) if (valid[index].start! < valid[index - 1].end!) problems.push({ field: `weeklyHours.${day}[${valid[index].index}]`, problem: `overlaps interval ${valid[index - 1].index}` });
  }
  const seenYears = new Set<number>();
  calendar.years.forEach((year, yearIndex) => {
    if (seenYears.has(year.year)) problems.push({ field: `years[${yearIndex}].year`, problem: `${year.year} is listed twice` });
    seenYears.add(year.year);
    const seen = new Map<string, string>();
    for (const key of ['holidays', 'workingDays', 'shortDays'] as const)
      year[key].forEach((date, index) => {
        const field = `years[${yearIndex}].${key}[${index}]`;
        if (!isValidDate(date)) problems.push({ field, problem: 'is not a date YYYY-MM-DD' });
        else if (!date.startsWith(`${year.year}-`)) problems.push({ field, problem: `is not in ${year.year}` });
        else if (seen.has(date) && !(key === 'shortDays' && seen.get(date) === 'workingDays')) problems.push({ field, problem: `is already listed in ${seen.get(date)}` });
        else seen.set(date, key);
      });
  });
  return problems;
}

export const slaPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type SlaPriority = (typeof slaPriorities)[number];

export const slaPolicyInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** Empty: any priority */
  priorities: z.array(z.enum(slaPriorities)).default([]),
  /** Customer tiers: tag names on the case's company (e.g. "VIP", "Gold"); empty: any customer */
  tiers: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  firstResponseMinutes: z.number().int().positive('must be a positive number of business minutes').max(525_600),
  resolutionMinutes: z.number().int().positive('must be a positive number of business minutes').max(5_256_000),
  warningPercent: z.number().int().min(1).max(99).default(80),
  escalateToTeamHead: z.boolean().default(true),
  isActive: z.boolean().default(true),
  position: z.number().int().min(0).optional(),
});
export type SlaPolicyInput = z.infer<typeof slaPolicyInputSchema>;

export interface SlaPolicyLike {
  priorities: readonly string[];
  tiers: readonly string[];
  isActive: boolean;
  position: number;
}

/**
 * The policy of a case: the first active policy, by position, whose priorities include the case's (or are empty)
 * and whose tiers meet one of the company's tags (or are empty). Tag names compare case-insensitively.
 */
export function choosePolicy<T extends SlaPolicyLike>(policies: readonly T[], input: { priority: string; tier?: string | readonly string[] | null }): T | null {
  const tiers = (input.tier == null ? [] : typeof input.tier === 'string' ? [input.tier] : input.tier).map((tier) => tier.toLowerCase());
  const ordered = [...policies].sort((a, b) => a.position - b.position);
  for (const policy of ordered) {
    if (!policy.isActive) continue;
    if (policy.priorities.length && !policy.priorities.includes(input.priority)) continue;
    if (policy.tiers.length && !policy.tiers.some((tier) => tiers.includes(tier.toLowerCase()))) continue;
    return policy;
  }
  return null;
}
