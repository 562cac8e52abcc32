// Business-time arithmetic for SLA deadlines: pure, no database, no I/O, so the server, the web app and the
// benchmark import the same code. A calendar (IANA zone, working intervals per weekday, holidays, transferred
// working days, shortened pre-holiday days) is compiled per year into sorted arrays of working intervals in UTC
// milliseconds plus the cumulative working time before each interval; every question is then a binary search,
// never a minute-by-minute walk. Instants are epoch milliseconds; targets and results are business minutes.

export interface WorkingInterval {
  /** Local wall time "HH:MM" */
  start: string;
  /** Local wall time "HH:MM", "24:00" allowed; after start */
  end: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface CalendarYear {
  year: number;
  /** Non-working dates "YYYY-MM-DD" (public holidays and the days off they were moved to) */
  holidays: string[];
  /** Dates that work although their weekday does not (a transferred working Saturday); they keep Monday's hours */
  workingDays: string[];
  /** Pre-holiday days shortened by one hour (Labour Code art. 95): the day's last interval ends 60 minutes earlier */
  shortDays: string[];
}

export interface BusinessCalendar {
  timeZone: string;
  weeklyHours: Record<Weekday, WorkingInterval[]>;
  years: CalendarYear[];
}

export interface Pause {
  from: number;
  /** null: still paused (waiting for the customer) */
  to: number | null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

interface YearTable {
  starts: Float64Array;
  ends: Float64Array;
  /** working ms before interval i, counted from the start of the year */
  before: Float64Array;
  total: number;
}

/** Minutes after local midnight of "HH:MM". */
export function parseWallTime(value: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function isValidDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC at an instant, in ms (Moscow: +3 h; Berlin: +1 h in winter, +2 h in summer). */
export function zoneOffset(timeZone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour === 24 ? 0 : parts.hour, parts.minute, parts.second);
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant of a local wall time. In the spring-forward gap (02:30 in Berlin on the last Sunday of March does
 * not exist) the later offset is used, so the time lands after the gap; in the autumn overlap the first one.
 */
export function localToInstant(timeZone: string, wallUtc: number): number {
  const first = wallUtc - zoneOffset(timeZone, wallUtc);
  const offset = zoneOffset(timeZone, first);
  const second = wallUtc - offset;
  if (zoneOffset(timeZone, second) === offset) return Math.min(first, second);
  return Math.max(first, second);
}

/** A calendar compiled once: per-year tables built on first use and kept. */
export class CompiledCalendar {
  readonly timeZone: string;
  private readonly weekly: [number, number][][];
  private readonly holidays = new Set<string>();
  private readonly workingDays = new Set<string>();
  private readonly shortDays = new Set<string>();
  private readonly tables = new Map<number, YearTable>();
  private readonly yearStarts = new Map<number, number>();
  private readonly hasHours: boolean;

  constructor(calendar: BusinessCalendar) {
    this.timeZone = calendar.timeZone;
    this.weekly = weekdays.map((day) =>
      (calendar.weeklyHours[day] ?? []).map((interval) => [parseWallTime(interval.start) ?? 0, parseWallTime(interval.end) ?? 0] as [number, number]).filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]),
    );
    for (const year of calendar.years) {
      for (const date of year.holidays) this.holidays.add(date);
      for (const date of year.workingDays) this.workingDays.add(date);
      for (const date of year.shortDays) this.shortDays.add(date);
    }
    this.hasHours = this.weekly.some((intervals) => intervals.length > 0) || (this.workingDays.size > 0 && this.weekly[0].length > 0);
  }

  /** The instant local 1 January 00:00 of a year begins. */
  yearStart(year: number): number {
    let start = this.yearStarts.get(year);
    if (start === undefined) {
      start = localToInstant(this.timeZone, Date.UTC(year, 0, 1));
      this.yearStarts.set(year, start);
    }
    return start;
  }

  yearOf(instant: number): number {
    const year = new Date(instant).getUTCFullYear();
    if (instant < this.yearStart(year)) return year - 1;
    if (instant >= this.yearStart(year + 1)) return year + 1;
    return year;
  }

  /** Working intervals of one local date, in minutes after local midnight (holidays, transfers and short days applied). */
  intervalsOfDate(date: string, weekdayIndex: number): [number, number][] {
    if (this.holidays.has(date)) return [];
    let intervals = this.weekly[weekdayIndex];
    if (this.workingDays.has(date) && intervals.length === 0) intervals = this.weekly.slice(0, 5).find((day) => day.length > 0) ?? [];
    if (this.shortDays.has(date) && intervals.length > 0) {
      intervals = intervals.map((interval) => [interval[0], interval[1]] as [number, number]);
      const last = intervals[intervals.length - 1];
      last[1] = Math.max(last[0], last[1] - 60);
    }
    return intervals;
  }

  table(year: number): YearTable {
    let table = this.tables.get(year);
    if (table) return table;
    const starts: number[] = [];
    const ends: number[] = [];
    for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += DAY) {
      const date = new Date(day).toISOString().slice(0, 10);
      const weekdayIndex = (new Date(day).getUTCDay() + 6) % 7;
      for (const [start, end] of this.intervalsOfDate(date, weekdayIndex)) {
        const from = localToInstant(this.timeZone, day + start * MINUTE);
        const to = localToInstant(this.timeZone, day + end * MINUTE);
        if (to <= from) continue;
        if (starts.length && from <= ends[ends.length - 1]) ends[ends.length - 1] = Math.max(ends[ends.length - 1], to);
        else {
          starts.push(from);
          ends.push(to);
        }
      }
    }
    const before = new Float64Array(starts.length);
    let total = 0;
    for (let index = 0; index < starts.length; index++) {
      before[index] = total;
      total += ends[index] - starts[index];
    }
    table = { starts: Float64Array.from(starts), ends: Float64Array.from(ends), before, total };
    this.tables.set(year, table);
    return table;
  }

  /** Working ms from the start of the instant's year up to the instant. */
  private workedInYear(table: YearTable, instant: number): number {
    const { starts, ends, before } = table;
    // last interval starting at or before the instant
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= instant) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    if (found < 0) return 0;
    return before[found] + Math.min(instant, ends[found]) - starts[found];
  }

  /** Working ms in [from, to) ignoring pauses. */
  workingMs(from: number, to: number): number {
    if (to <= from) return 0;
    const fromYear = this.yearOf(from);
    const toYear = this.yearOf(to);
    if (fromYear === toYear) {
      const table = this.table(fromYear);
      return this.workedInYear(table, to) - this.workedInYear(table, from);
    }
    let sum = this.table(fromYear).total - this.workedInYear(this.table(fromYear), from);
    for (let year = fromYear + 1; year < toYear; year++) sum += this.table(year).total;
    return sum + this.workedInYear(this.table(toYear), to);
  }

  /** The instant when `amount` working ms have passed after `from` (no pauses); `from` itself when amount is 0. */
  addWorkingMs(from: number, amount: number): number {
    if (amount <= 0) return from;
    if (!this.hasHours) return Infinity;
    let year = this.yearOf(from);
    let table = this.table(year);
    let target = this.workedInYear(table, from) + amount;
    let emptyYears = 0;
    while (target > table.total) {
      target -= table.total;
      emptyYears = table.total === 0 ? emptyYears + 1 : 0;
      if (emptyYears > 10) return Infinity;
      year += 1;
      table = this.table(year);
    }
    // first interval whose cumulative end reaches the target
    const { starts, ends, before } = table;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (before[middle] + ends[middle] - starts[middle] >= target) high = middle;
      else low = middle + 1;
    }
    return starts[low] + (target - before[low]);
  }
}

const compiledCache = new WeakMap<BusinessCalendar, CompiledCalendar>();
/** Compiles a calendar (memoised per calendar object). */
export function compileCalendar(calendar: BusinessCalendar | CompiledCalendar): CompiledCalendar {
  if (calendar instanceof CompiledCalendar) return calendar;
  let compiled = compiledCache.get(calendar);
  if (!compiled) {
    compiled = new CompiledCalendar(calendar);
    compiledCache.set(calendar, compiled);
  }
  return compiled;
}

/** Pauses sorted and merged; an open pause runs to Infinity. */
export function normalisePauses(pauses: readonly Pause[]): { from: number; to: number }[] {
  if (pauses.length === 0) return [];
  const sorted = pauses.map((pause) => ({ from: pause.from, to: pause.to ?? Infinity })).filter((pause) => pause.to > pause.from).sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const pause of sorted) {
    const last = merged[merged.length - 1];
    if (last && pause.from <= last.to) last.to = Math.max(last.to, pause.to);
    else merged.push({ ...pause });
  }
  return merged;
}

type CalendarLike = BusinessCalendar | CompiledCalendar;

/** Business minutes between two instants, not counting pauses (0 when `to` is not after `from`). */
export function businessMinutesBetween(calendar: CalendarLike, from: number, to: number, pauses: readonly Pause[] = []): number {
  const compiled = compileCalendar(calendar);
  let worked = compiled.workingMs(from, to);
  for (const pause of normalisePauses(pauses)) {
    const start = Math.max(from, pause.from);
    const end = Math.min(to, pause.to);
    if (end > start) worked -= compiled.workingMs(start, end);
  }
  return worked / MINUTE;
}

/**
 * The deadline: the instant when `minutes` business minutes have passed since `start`, pauses not counting.
 * Infinity when it is never reached (an open pause, a calendar without working hours). With 0 minutes: `start`.
 */
export function businessDeadline(calendar: CalendarLike, start: number, minutes: number, pauses: readonly Pause[] = []): number {
  const compiled = compileCalendar(calendar);
  let remaining = Math.round(minutes * MINUTE);
  if (remaining <= 0) return start;
  let cursor = start;
  if (pauses.length)
    for (const pause of normalisePauses(pauses)) {
      if (pause.to <= cursor) continue;
      if (pause.from > cursor) {
        const candidate = compiled.addWorkingMs(cursor, remaining);
        if (candidate <= pause.from) return candidate;
        remaining -= compiled.workingMs(cursor, pause.from);
      }
      cursor = pause.to;
      if (cursor === Infinity) return Infinity;
    }
  return compiled.addWorkingMs(cursor, remaining);
}

export interface SlaClock {
  /** When the target is reached (Infinity while paused without end) */
  deadline: number;
  /** When `warningPercent` of the target is used up */
  warningAt: number;
  elapsedMinutes: number;
  /** Negative once breached: business minutes overdue */
  remainingMinutes: number;
  breached: boolean;
  warning: boolean;
}

/** Everything a case screen or the escalation job asks of one SLA target at an instant `now`. */
export function slaClock(calendar: CalendarLike, input: { start: number; targetMinutes: number; warningPercent: number; pauses?: readonly Pause[]; now: number }): SlaClock {
  const compiled = compileCalendar(calendar);
  const pauses = input.pauses ?? [];
  const deadline = businessDeadline(compiled, input.start, input.targetMinutes, pauses);
  const warningAt = businessDeadline(compiled, input.start, (input.targetMinutes * input.warningPercent) / 100, pauses);
  const elapsedMinutes = businessMinutesBetween(compiled, input.start, input.now, pauses);
  return {
    deadline,
    warningAt,
    elapsedMinutes,
    remainingMinutes: input.targetMinutes - elapsedMinutes,
    breached: input.now > deadline,
    warning: input.now >= warningAt,
  };
}

/** The reference the benchmark compares with: walk minute by minute (slow, obviously right). */
export function naiveDeadline(calendar: BusinessCalendar, start: number, minutes: number, pauses: readonly Pause[] = []): number {
  const compiled = compileCalendar(calendar);
  const merged = normalisePauses(pauses);
  let cursor = start;
  let left = minutes;
  if (left <= 0) return start;
  for (let steps = 0; steps < 60 * 24 * 366 * 3; steps++) {
    const next = cursor + MINUTE;
    const paused = merged.some((pause) => cursor >= pause.from && cursor < pause.to);
    if (!paused && compiled.workingMs(cursor, next) === MINUTE) left -= 1;
    cursor = next;
    if (left <= 0) return cursor;
  }
  return Infinity;
}
