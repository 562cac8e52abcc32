// When a scheduled report goes out next: the first daily / weekly / monthly instant at the wall-clock
// time in the schedule's IANA zone that is strictly after `after`. Pure; the zone's offsets (and any
// daylight-saving change) come from Intl, so Europe/Moscow and Europe/Berlin are handled alike.

export interface Cadence {
  frequency: 'daily' | 'weekly' | 'monthly';
  /** ISO weekday 1 = Monday … 7 = Sunday (weekly). */
  weekday?: number | null;
  /** 1–31; past the end of a shorter month it means the month's last day (monthly). */
  monthDay?: number | null;
  /** HH:MM local time. */
  sendTime: string;
  timeZone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall clock in `timeZone` at `instant`, as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** The instant whose wall clock in `timeZone` reads `local` (a UTC-encoded wall time); a time skipped by a DST jump moves forward by the jump. */
export function zonedInstant(local: number, timeZone: string): number {
  let guess = local - (wallClock(local, timeZone) - local);
  // One correction covers the offset changing between the guess and the answer.
  const drift = wallClock(guess, timeZone) - local;
  if (drift !== 0) guess -= drift;
  return guess;
}

const DAY = 86_400_000;
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

export function nextRunAt(cadence: Cadence, after: Date): Date {
  const [hours, minutes] = cadence.sendTime.split(':').map(Number);
  const today = wallClock(after.getTime(), cadence.timeZone);
  const start = today - (today % DAY);
  for (let offset = 0; offset <= 62; offset++) {
    const day = new Date(start + offset * DAY);
    const year = day.getUTCFullYear();
    const month = day.getUTCMonth();
    const date = day.getUTCDate();
    const isoWeekday = ((day.getUTCDay() + 6) % 7) + 1;
    const matches =
      cadence.frequency === 'daily' ||
      (cadence.frequency === 'weekly' && isoWeekday === cadence.weekday) ||
      (cadence.frequency === 'monthly' && date === Math.min(cadence.monthDay ?? 1, daysInMonth(year, month)));
    if (!matches) continue;
    const instant = zonedInstant(Date.UTC(year, month, date, hours, minutes), cadence.timeZone);
    if (instant > after.getTime()) return new Date(instant);
  }
  throw new Error(`no run within two months for ${JSON.stringify(cadence)}`);
}
