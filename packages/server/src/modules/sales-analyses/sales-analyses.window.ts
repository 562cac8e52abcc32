// What every analysis starts from: the period as an instant range of whole local days, the team (with its
// sub-teams) and the pipeline, each checked so that bad input is a 400 naming the field.
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { listPipelines } from '../pipelines/pipelines.service.js';
import type { Pipeline } from '../pipelines/pipelines.repo.js';
import { selectTeamTree, type Window } from './sales-analyses.sql.js';

const DAY = 86_400_000;
/** The longest period an analysis reads: three years of deals is already a long scan on a big workspace. */
export const MAX_PERIOD_DAYS = 3 * 366;

export function offsetMinutes(tz: string): number {
  const sign = tz.startsWith('-') ? -1 : 1;
  const [hours, minutes] = tz.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes);
}

export const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
export const nextDay = (day: string) => isoDay(Date.parse(`${day}T00:00:00Z`) + DAY);

/** YYYY-MM of the month `delta` months away from the date's month. */
export function shiftMonths(date: string, delta: number): string {
  const [year, month] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Today at the offset, as YYYY-MM-DD. */
export const localToday = (tz: string, now = Date.now()) => isoDay(now + offsetMinutes(tz) * 60_000);

export interface Period {
  from: string;
  to: string;
  tz: string;
}

/** The period asked for, by default the last twelve months including this one. */
export function resolvePeriod(input: { from?: string; to?: string; tz?: string }): Period {
  const tz = input.tz ?? '+03:00';
  const to = input.to ?? localToday(tz);
  const from = input.from ?? `${shiftMonths(to, -11)}-01`;
  if (from > to) throw invalid('to', 'must not be before from');
  if ((Date.parse(to) - Date.parse(from)) / DAY > MAX_PERIOD_DAYS) throw invalid('from', 'the period may be at most three years');
  return { from, to, tz };
}

export async function resolveTeam(ctx: Ctx, teamId: string | undefined): Promise<string[] | null> {
  if (!teamId) return null;
  const teamIds = await selectTeamTree(ctx.db, ctx.actor.workspaceId, teamId);
  if (teamIds.length === 0) throw invalid('teamId', 'is not a team of this workspace');
  return teamIds;
}

export function windowOf(period: Period, teamIds: string[] | null): Window {
  return { start: `${period.from}T00:00:00${period.tz}`, end: `${nextDay(period.to)}T00:00:00${period.tz}`, tz: period.tz, teamIds };
}

/** The pipeline asked for; `fallback: 'default'` gives the default one when none was asked for. */
export async function resolvePipeline(ctx: Ctx, pipelineId: string | undefined, fallback: 'default' | 'none'): Promise<Pipeline | null> {
  const pipelines = await listPipelines(ctx);
  if (pipelineId) {
    const pipeline = pipelines.find((item) => item.id === pipelineId);
    if (!pipeline) throw invalid('pipelineId', 'is not a pipeline of this workspace');
    return pipeline;
  }
  if (fallback === 'none') return null;
  return pipelines.find((item) => item.isDefault) ?? pipelines[0] ?? null;
}

/** Every month from the month of `from` to the month of `to`, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7) && months.length <= 240; month = shiftMonths(`${month}-01`, 1)) months.push(month);
  return months;
}
