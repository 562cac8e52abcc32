import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDeadline, businessMinutesBetween, compileCalendar, naiveDeadline, slaClock, weekdays, type BusinessCalendar, type Pause } from './business-time.js';
import { defaultBusinessCalendar } from './russian-calendar.js';

const russian = defaultBusinessCalendar();
/** Moscow is UTC+3 all year: 09:00 MSK is 06:00Z. */
const msk = (local: string) => Date.parse(`${local}+03:00`);
const iso = (instant: number) => new Date(instant).toISOString();
const allDay = (timeZone: string): BusinessCalendar => ({ timeZone, weeklyHours: Object.fromEntries(weekdays.map((day) => [day, [{ start: '00:00', end: '24:00' }]])) as BusinessCalendar['weeklyHours'], years: [] });
const berlinOffice: BusinessCalendar = { ...russian, timeZone: 'Europe/Berlin', years: [] };

describe('business deadline on the Russian calendar (09:00–13:00, 14:00–18:00 Moscow)', () => {
  it('skips the weekend and 23 February', () => {
    // Fri 20.02.2026 17:00 + 120: 17:00–18:00 = 60; Sat, Sun off; Mon 23.02 holiday; Tue 24.02 09:00 + 60 = 10:00
    expect(iso(businessDeadline(russian, msk('2026-02-20T17:00'), 120))).toBe(iso(msk('2026-02-24T10:00')));
  });
  it('starts outside working hours at the next working minute; 8 March on a Sunday moves to Monday 9 March', () => {
    // Sat 07.03.2026 12:00: Sat, Sun 8.03 off, Mon 9.03 off (moved holiday); Tue 10.03 09:00 + 30 = 09:30
    expect(iso(businessDeadline(russian, msk('2026-03-07T12:00'), 30))).toBe(iso(msk('2026-03-10T09:30')));
  });
  it('crosses the lunch break', () => {
    // Mon 02.03.2026 12:30 + 60: 12:30–13:00 = 30; lunch; 14:00 + 30 = 14:30
    expect(iso(businessDeadline(russian, msk('2026-03-02T12:30'), 60))).toBe(iso(msk('2026-03-02T14:30')));
  });
  it('crosses the New Year holidays into the next year', () => {
    // Wed 30.12.2026 17:30 + 60: 30 min to 18:00; 31.12 off (moved from 4.01); 1–8.01.2027 holidays; 9–10.01 weekend;
    // Mon 11.01.2027 09:00 + 30 = 09:30
    expect(iso(businessDeadline(russian, msk('2026-12-30T17:30'), 60))).toBe(iso(msk('2027-01-11T09:30')));
  });
  it('ends a shortened pre-holiday day an hour early and skips 1 May', () => {
    // Thu 30.04.2026 (short, ends 17:00) 16:30 + 60: 30 min; Fri 1.05 holiday; weekend; Mon 4.05 09:00 + 30 = 09:30
    expect(iso(businessDeadline(russian, msk('2026-04-30T16:30'), 60))).toBe(iso(msk('2026-05-04T09:30')));
  });
  it('works on a transferred working Saturday', () => {
    // Fri 12.11.2027 17:00 + 120: 60 min; Sat 13.11.2027 is a working day: 09:00 + 60 = 10:00
    expect(iso(businessDeadline(russian, msk('2027-11-12T17:00'), 120))).toBe(iso(msk('2027-11-13T10:00')));
  });
  it('does not count a pause that spans nights', () => {
    // Mon 02.03.2026 10:00, 480 min. Without pause: 10–13 (180) + 14–18 (240) = 420, Tue 09:00 + 60 = 10:00.
    expect(iso(businessDeadline(russian, msk('2026-03-02T10:00'), 480))).toBe(iso(msk('2026-03-03T10:00')));
    // Paused Mon 17:00 → Wed 11:00: 180 + 180 = 360 by 17:00; resume Wed 11:00, 120 left: 11:00–13:00 → 13:00
    const pauses: Pause[] = [{ from: msk('2026-03-02T17:00'), to: msk('2026-03-04T11:00') }];
    expect(iso(businessDeadline(russian, msk('2026-03-02T10:00'), 480, pauses))).toBe(iso(msk('2026-03-04T13:00')));
    expect(businessDeadline(russian, msk('2026-03-02T10:00'), 480, [{ from: msk('2026-03-02T17:00'), to: null }])).toBe(Infinity);
  });
  it('a pause over a holiday changes nothing that the holiday did not already take', () => {
    const start = msk('2026-02-20T17:00');
    expect(businessDeadline(russian, start, 120, [{ from: msk('2026-02-21T00:00'), to: msk('2026-02-24T09:00') }])).toBe(businessDeadline(russian, start, 120));
  });
  it('counts elapsed business minutes', () => {
    // Fri 20.02.2026 10:00 → Tue 24.02 10:00: 180 + 240 on Friday, 60 on Tuesday = 480
    expect(businessMinutesBetween(russian, msk('2026-02-20T10:00'), msk('2026-02-24T10:00'))).toBe(480);
    // Whole January 2026: 1–11 off; 12–30 January has 15 working days × 480 = 7200
    expect(businessMinutesBetween(russian, msk('2026-01-01T00:00'), msk('2026-02-01T00:00'))).toBe(15 * 480);
    // The whole year 2026: 247 working days × 8 h − 4 short hours = 1972 hours
    expect(businessMinutesBetween(russian, msk('2026-01-01T00:00'), msk('2027-01-01T00:00'))).toBe(1972 * 60);
  });
  it('targets many weeks long', () => {
    // 1972 h from the start of 2026 end exactly when the last working minute of 2026 ends: Wed 30.12.2026 18:00
    expect(iso(businessDeadline(russian, msk('2026-01-01T00:00'), 1972 * 60))).toBe(iso(msk('2026-12-30T18:00')));
  });
  it('reports warning, remaining and breach', () => {
    // Mon 02.03.2026 09:00, 480 min, warning at 80 % = 384: 240 by 13:00, 144 more from 14:00 → 16:24
    const clock = slaClock(russian, { start: msk('2026-03-02T09:00'), targetMinutes: 480, warningPercent: 80, now: msk('2026-03-02T17:00') });
    expect(iso(clock.warningAt)).toBe(iso(msk('2026-03-02T16:24')));
    expect(iso(clock.deadline)).toBe(iso(msk('2026-03-02T18:00')));
    expect(clock.remainingMinutes).toBe(60);
    expect(clock.warning).toBe(true);
    expect(clock.breached).toBe(false);
    const later = slaClock(russian, { start: msk('2026-03-02T09:00'), targetMinutes: 480, warningPercent: 80, now: msk('2026-03-03T09:30') });
    expect(later.breached).toBe(true);
    expect(later.remainingMinutes).toBe(-30);
  });
});

describe('daylight saving time', () => {
  it('a Berlin day in March has 23 hours and one in October 25', () => {
    const berlin = allDay('Europe/Berlin');
    // 29.03.2026: 00:00 CET = 28.03 23:00Z to 30.03 00:00 CEST = 29.03 22:00Z → 23 h
    expect(businessMinutesBetween(berlin, Date.parse('2026-03-28T23:00Z'), Date.parse('2026-03-29T22:00Z'))).toBe(23 * 60);
    expect(compileCalendar(berlin).table(2026).total).toBe(365 * 24 * 3_600_000);
    // 24 business hours from Sat 28.03 12:00 CET (11:00Z) are 24 real hours: 29.03 13:00 CEST = 11:00Z
    expect(iso(businessDeadline(berlin, Date.parse('2026-03-28T11:00Z'), 24 * 60))).toBe('2026-03-29T11:00:00.000Z');
    // 25.10.2026 has 25 hours: 24.10 22:00Z (00:00 CEST) to 25.10 23:00Z (00:00 CET)
    expect(businessMinutesBetween(berlin, Date.parse('2026-10-24T22:00Z'), Date.parse('2026-10-25T23:00Z'))).toBe(25 * 60);
  });
  it('Berlin office hours follow the wall clock across the change', () => {
    // Fri 27.03.2026 17:00 CET = 16:00Z + 120: 60 to 18:00 CET; Mon 30.03 09:00 CEST = 07:00Z + 60 = 08:00Z
    expect(iso(businessDeadline(berlinOffice, Date.parse('2026-03-27T16:00Z'), 120))).toBe('2026-03-30T08:00:00.000Z');
  });
  it('Moscow has no change', () => {
    expect(businessMinutesBetween(allDay('Europe/Moscow'), msk('2026-03-29T00:00'), msk('2026-03-30T00:00'))).toBe(24 * 60);
  });
});

const instant = fc.integer({ min: Date.parse('2026-01-01T00:00Z'), max: Date.parse('2027-10-01T00:00Z') }).map((value) => value - (value % 1000));
const pauseArb = fc.array(fc.tuple(instant, fc.integer({ min: 1, max: 5 * 86_400_000 })).map(([from, length]): Pause => ({ from, to: from + length })), { maxLength: 3 });
const calendars = [russian, berlinOffice];

describe('properties', () => {
  it('the deadline never moves earlier as the target grows', () => {
    fc.assert(fc.property(fc.constantFrom(...calendars), instant, fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), pauseArb, (calendar, start, a, b, pauses) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      expect(businessDeadline(calendar, start, low, pauses)).toBeLessThanOrEqual(businessDeadline(calendar, start, high, pauses));
    }));
  });
  it('elapsed and deadline agree', () => {
    fc.assert(fc.property(fc.constantFrom(...calendars), instant, fc.integer({ min: 1, max: 50_000 }), pauseArb, instant, (calendar, start, minutes, pauses, other) => {
      const deadline = businessDeadline(calendar, start, minutes, pauses);
      expect(businessMinutesBetween(calendar, start, deadline, pauses)).toBeCloseTo(minutes, 6);
      const end = Math.max(start, other);
      expect(businessDeadline(calendar, start, businessMinutesBetween(calendar, start, end, pauses), pauses)).toBeLessThanOrEqual(end);
    }));
  });
  it('adding a pause never makes the deadline earlier', () => {
    fc.assert(fc.property(fc.constantFrom(...calendars), instant, fc.integer({ min: 1, max: 50_000 }), pauseArb, pauseArb, (calendar, start, minutes, pauses, extra) => {
      expect(businessDeadline(calendar, start, minutes, [...pauses, ...extra])).toBeGreaterThanOrEqual(businessDeadline(calendar, start, minutes, pauses));
    }));
  });
  it('matches the minute-by-minute walk', () => {
    const minuteInstant = instant.map((value) => value - (value % 60_000));
    fc.assert(fc.property(fc.constantFrom(...calendars), minuteInstant, fc.integer({ min: 1, max: 1500 }), pauseArb.map((list) => list.map((pause) => ({ from: pause.from - (pause.from % 60_000), to: pause.to! - (pause.to! % 60_000) + 60_000 }))), (calendar, start, minutes, pauses) => {
      expect(iso(businessDeadline(calendar, start, minutes, pauses))).toBe(iso(naiveDeadline(calendar, start, minutes, pauses)));
    }), { numRuns: 25 });
  });
});
