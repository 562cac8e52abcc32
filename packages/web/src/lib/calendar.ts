// Date-grid logic of the calendar, kept free of React so it can be tested on its own: which days a
// view shows (weeks start on the locale's first day: Monday in ru), the range to ask the server for,
// where an item sits in a day's time grid, and what a move sends to the server.
import type { Locale } from './format';
import type { CalendarItem } from '@svyaz/shared';

export type { CalendarItem };

export type CalendarView = 'day' | 'week' | 'month' | 'agenda';
export const calendarViews: CalendarView[] = ['day', 'week', 'month', 'agenda'];


/** A task has a moment, not a length: it is drawn as half an hour. */
export const TASK_MINUTES = 30;
export const SLOT_MINUTES = 30;

export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** Adds calendar days (not 24-hour periods), so a daylight-saving change keeps the time of day. */
export function addDays(date: Date, days: number): Date {
  const result = new Date(date);
  result.setDate(result.getDate() + days);
  return result;
}

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getFullYear(), date.getMonth() + months, 1);
  const lastDay = new Date(result.getFullYear(), result.getMonth() + 1, 0).getDate();
  result.setDate(Math.min(date.getDate(), lastDay));
  return result;
}

export function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** 2026-03-02: the local calendar day, used as a key and in the address bar. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The local day of a YYYY-MM-DD key, or null for anything else. */
export function parseDayKey(key: string | null | undefined): Date | null {
  const match = key ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(key) : null;
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.getMonth() === Number(match[2]) - 1 ? date : null;
}

/** First day of the week for a locale, 0 = Sunday … 6 = Saturday (from Intl where the browser knows it). */
export function firstDayOfWeek(locale: Locale): number {
  const tag = locale === 'en' ? 'en-GB' : 'ru-RU';
  try {
    const info = (Intl.Locale.prototype as { getWeekInfo?: () => { firstDay: number } }).getWeekInfo
      ? (new Intl.Locale(tag) as unknown as { getWeekInfo(): { firstDay: number } }).getWeekInfo()
      : (new Intl.Locale(tag) as unknown as { weekInfo?: { firstDay: number } }).weekInfo;
    // Intl numbers Monday 1 … Sunday 7.
    if (info && info.firstDay >= 1 && info.firstDay <= 7) return info.firstDay % 7;
  } catch {
    /* an older engine: fall through */
  }
  return 1;
}

export function startOfWeek(date: Date, weekStart: number): Date {
  const day = startOfDay(date);
  return addDays(day, -((day.getDay() - weekStart + 7) % 7));
}

/** The days a view shows: one, a week, or whole weeks covering the month. */
export function visibleDays(view: CalendarView, anchor: Date, weekStart: number): Date[] {
  if (view === 'day') return [startOfDay(anchor)];
  if (view === 'week' || view === 'agenda') {
    const first = startOfWeek(anchor, weekStart);
    return Array.from({ length: 7 }, (_, index) => addDays(first, index));
  }
  const first = startOfWeek(new Date(anchor.getFullYear(), anchor.getMonth(), 1), weekStart);
  const last = new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0);
  const days: Date[] = [];
  for (let day = first; days.length % 7 !== 0 || day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The instants to ask the server for: from the first visible midnight to the midnight after the last day. */
export function visibleRange(view: CalendarView, anchor: Date, weekStart: number): { from: Date; to: Date } {
  const days = visibleDays(view, anchor, weekStart);
  return { from: days[0], to: addDays(days[days.length - 1], 1) };
}

/** The anchor one step back or forward: a day, a week or a month. */
export function shiftAnchor(view: CalendarView, anchor: Date, step: number): Date {
  if (view === 'day') return addDays(anchor, step);
  if (view === 'month') return addMonths(anchor, step);
  return addDays(anchor, 7 * step);
}

function itemEnd(item: Pick<CalendarItem, 'start' | 'end'>): Date {
  const start = new Date(item.start);
  const end = item.end ? new Date(item.end) : null;
  return end && end > start ? end : new Date(start.getTime() + TASK_MINUTES * 60_000);
}

/** Whether a moment is a local midnight (the start of a day in the browser's zone). */
export function isMidnight(date: Date): boolean {
  return date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0 && date.getMilliseconds() === 0;
}

/**
 * A meeting the week and day views show in their all-day row rather than in the hours: one from a local
 * midnight to a later one (a whole day, also on a 23- or 25-hour day of a clock change), or one of 24 hours
 * or more (a trip, a conference). The calendar's "all day" meeting is stored that way, from midnight to midnight.
 */
export function isAllDay(item: Pick<CalendarItem, 'type' | 'start' | 'end'>): boolean {
  if (item.type !== 'meeting' || !item.end) return false;
  const start = new Date(item.start);
  const end = new Date(item.end);
  if (end <= start) return false;
  return end.getTime() - start.getTime() >= 86_400_000 || (isMidnight(start) && isMidnight(end));
}

/** An all-day meeting's start and end: from the local midnight of `day` to the midnight `days` later. */
export function allDaySpan(day: Date, days: number): { start: Date; end: Date } {
  const start = startOfDay(day);
  return { start, end: addDays(start, days) };
}

/** Whether an item touches a local day (a meeting over midnight is on both days). */
export function isOnDay(item: Pick<CalendarItem, 'start' | 'end'>, day: Date): boolean {
  const dayStart = startOfDay(day);
  const dayEnd = addDays(dayStart, 1);
  const start = new Date(item.start);
  if (!item.end) return start >= dayStart && start < dayEnd;
  return start < dayEnd && itemEnd(item) > dayStart;
}

/** Items by local day key, each day's items in time order. */
export function groupByDay<T extends Pick<CalendarItem, 'start' | 'end'>>(items: T[], days: Date[]): Map<string, T[]> {
  const result = new Map<string, T[]>(days.map((day) => [dayKey(day), []]));
  for (const item of items) for (const day of days) if (isOnDay(item, day)) result.get(dayKey(day))!.push(item);
  for (const list of result.values()) list.sort((a, b) => a.start.localeCompare(b.start));
  return result;
}

export interface PlacedItem<T> {
  item: T;
  /** Minutes from the day's midnight to where the box starts and ends (clipped to the day). */
  top: number;
  bottom: number;
  /** Side-by-side position among overlapping items: lane of lanes. */
  lane: number;
  lanes: number;
}

/**
 * Lays out one day's items in a time grid: each item's vertical span in minutes, and overlapping items
 * side by side. Items that overlap (directly or through a chain) form a cluster sharing a lane count.
 */
export function layoutDay<T extends Pick<CalendarItem, 'start' | 'end' | 'id'>>(items: T[], day: Date): PlacedItem<T>[] {
  const dayStart = startOfDay(day).getTime();
  const dayEnd = addDays(startOfDay(day), 1).getTime();
  const spans = items
    .filter((item) => isOnDay(item, day))
    .map((item) => {
      const start = Math.max(new Date(item.start).getTime(), dayStart);
      const end = Math.min(itemEnd(item).getTime(), dayEnd);
      const top = Math.round((start - dayStart) / 60_000);
      // A box at least a task's height, kept inside the day.
      const bottom = Math.min(Math.max(Math.round((end - dayStart) / 60_000), top + TASK_MINUTES), (dayEnd - dayStart) / 60_000);
      return { item, top: Math.min(top, bottom - TASK_MINUTES), bottom, lane: 0, lanes: 1 };
    })
    .sort((a, b) => a.top - b.top || b.bottom - a.bottom || a.item.id.localeCompare(b.item.id));
  let cluster: typeof spans = [];
  let clusterEnd = -1;
  const closeCluster = () => {
    const lanes = Math.max(1, ...cluster.map((placed) => placed.lane + 1));
    for (const placed of cluster) placed.lanes = lanes;
    cluster = [];
  };
  for (const placed of spans) {
    if (placed.top >= clusterEnd) closeCluster();
    const laneEnds: number[] = [];
    for (const other of cluster) laneEnds[other.lane] = Math.max(laneEnds[other.lane] ?? -1, other.bottom);
    let lane = 0;
    while (laneEnds[lane] !== undefined && laneEnds[lane] > placed.top) lane += 1;
    placed.lane = lane;
    cluster.push(placed);
    clusterEnd = Math.max(clusterEnd, placed.bottom);
  }
  closeCluster();
  return spans;
}

/**
 * The new start of an item dropped on a day: at `minutes` after midnight when dropped on a time slot,
 * else at the same time of day as before (a month cell or the keyboard's "next day").
 */
export function movedStart(item: Pick<CalendarItem, 'start'>, targetDay: Date, minutes?: number): Date {
  const start = new Date(item.start);
  const target = startOfDay(targetDay);
  if (minutes === undefined) target.setHours(start.getHours(), start.getMinutes(), start.getSeconds(), start.getMilliseconds());
  else target.setHours(0, minutes, 0, 0);
  return target;
}

/**
 * What to PATCH to move an item to `newStart`: a task's due time (and its reminder by the same amount,
 * so the reminder keeps its lead and never falls after the due time); a meeting's start and end together.
 */
export function movePatch(item: CalendarItem, newStart: Date): { path: string; body: Record<string, string | null>; moved: CalendarItem } {
  const delta = newStart.getTime() - new Date(item.start).getTime();
  const shift = (value: string | null) => (value ? new Date(new Date(value).getTime() + delta).toISOString() : null);
  if (item.type === 'task') {
    const body: Record<string, string | null> = { dueAt: newStart.toISOString() };
    if (item.remindAt) body.remindAt = shift(item.remindAt);
    return { path: `/tasks/${item.id}`, body, moved: { ...item, start: newStart.toISOString(), remindAt: shift(item.remindAt), overdue: item.status === 'open' && newStart.getTime() < Date.now() } };
  }
  const body: Record<string, string | null> = { occurredAt: newStart.toISOString() };
  if (item.end) body.endsAt = shift(item.end);
  return { path: `/activities/${item.id}`, body, moved: { ...item, start: newStart.toISOString(), end: shift(item.end) } };
}

/** Minutes after midnight for a point `offset` pixels down a day column of `height` pixels, snapped to a slot. */
export function minutesAt(offset: number, height: number, slot = SLOT_MINUTES): number {
  const minutes = (Math.max(0, Math.min(offset, height)) / height) * 24 * 60;
  return Math.min(Math.floor(minutes / slot) * slot, 24 * 60 - slot);
}

/** The same instant in the browser's zone, as the value of <input type="datetime-local">. */
export function toLocalInput(date: Date): string {
  return `${dayKey(date)}T${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export function fromLocalInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]));
  return Number.isNaN(date.getTime()) ? null : date;
}
