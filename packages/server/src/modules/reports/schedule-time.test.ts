// Next run of a scheduled report, against instants worked out by hand (Moscow is UTC+3 all year;
// Berlin changes to summer time on 29 March 2026 and back on 25 October 2026).
import { describe, expect, it } from 'vitest';
import { nextRunAt, zonedInstant } from './schedule-time.js';

const at = (iso: string) => new Date(iso);

describe('nextRunAt', () => {
  it('runs daily at the local time, today if it is still ahead and tomorrow otherwise', () => {
    const daily = { frequency: 'daily' as const, sendTime: '09:00', timeZone: 'Europe/Moscow' };
    expect(nextRunAt(daily, at('2026-12-07T05:59:00Z')).toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(nextRunAt(daily, at('2026-12-07T06:00:00Z')).toISOString()).toBe('2026-12-08T06:00:00.000Z');
    // 23:30 UTC on 7 December is already 8 December in Moscow.
    expect(nextRunAt(daily, at('2026-12-07T23:30:00Z')).toISOString()).toBe('2026-12-08T06:00:00.000Z');
  });

  it('runs weekly on the ISO weekday', () => {
    // 7 December 2026 is a Monday.
    const friday = { frequency: 'weekly' as const, weekday: 5, sendTime: '18:30', timeZone: 'Europe/Moscow' };
    expect(nextRunAt(friday, at('2026-12-07T10:00:00Z')).toISOString()).toBe('2026-12-11T15:30:00.000Z');
    expect(nextRunAt(friday, at('2026-12-11T15:30:00Z')).toISOString()).toBe('2026-12-18T15:30:00.000Z');
    const monday = { frequency: 'weekly' as const, weekday: 1, sendTime: '08:00', timeZone: 'Europe/Moscow' };
    expect(nextRunAt(monday, at('2026-12-07T04:00:00Z')).toISOString()).toBe('2026-12-07T05:00:00.000Z');
  });

  it('runs monthly, on the last day of months shorter than the chosen day', () => {
    const thirtyFirst = { frequency: 'monthly' as const, monthDay: 31, sendTime: '10:00', timeZone: 'Europe/Moscow' };
    expect(nextRunAt(thirtyFirst, at('2027-01-31T08:00:00Z')).toISOString()).toBe('2027-02-28T07:00:00.000Z');
    expect(nextRunAt(thirtyFirst, at('2027-02-28T07:00:00Z')).toISOString()).toBe('2027-03-31T07:00:00.000Z');
    const first = { frequency: 'monthly' as const, monthDay: 1, sendTime: '00:00', timeZone: 'Europe/Moscow' };
    expect(nextRunAt(first, at('2026-12-31T20:59:00Z')).toISOString()).toBe('2026-12-31T21:00:00.000Z');
  });

  it('follows daylight-saving changes in zones that have them', () => {
    const berlin = { frequency: 'daily' as const, sendTime: '09:00', timeZone: 'Europe/Berlin' };
    expect(nextRunAt(berlin, at('2026-03-28T09:00:00Z')).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(nextRunAt(berlin, at('2026-10-24T08:00:00Z')).toISOString()).toBe('2026-10-25T08:00:00.000Z');
    // 02:30 does not exist in Berlin on 29 March 2026: it moves forward by the hour skipped.
    expect(new Date(zonedInstant(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});
