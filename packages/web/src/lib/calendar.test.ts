import { describe, expect, it } from 'vitest';
import { addMonths, allDaySpan, dayKey, isAllDay, firstDayOfWeek, groupByDay, layoutDay, minutesAt, movePatch, movedStart, parseDayKey, shiftAnchor, visibleDays, visibleRange, type CalendarItem } from './calendar';

const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);
const item = (id: string, start: Date, end: Date | null = null, extra: Partial<CalendarItem> = {}): CalendarItem => ({
  type: end ? 'meeting' : 'task',
  id,
  title: id,
  start: start.toISOString(),
  end: end ? end.toISOString() : null,
  ownerId: null,
  ownerName: null,
  status: end ? null : 'open',
  priority: null,
  overdue: false,
  remindAt: null,
  recordType: null,
  recordId: null,
  editable: true,
  ...extra,
});

describe('calendar grid', () => {
  it('starts weeks on Monday in Russian', () => {
    expect(firstDayOfWeek('ru')).toBe(1);
    // Sunday 8 March 2026 belongs to the week of Monday 2 March.
    const week = visibleDays('week', at(2026, 3, 8), firstDayOfWeek('ru'));
    expect(week.map(dayKey)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    // With Sunday first, the same Sunday opens a new week.
    expect(dayKey(visibleDays('week', at(2026, 3, 8), 0)[0])).toBe('2026-03-08');
  });

  it('covers a month with whole weeks', () => {
    // February 2026: Sunday 1st … Saturday 28th; from Monday 26 January to Sunday 1 March.
    const days = visibleDays('month', at(2026, 2, 14), 1);
    expect(days).toHaveLength(35);
    expect(dayKey(days[0])).toBe('2026-01-26');
    expect(dayKey(days[34])).toBe('2026-03-01');
    // March 2026 starts on a Sunday and needs six rows.
    expect(visibleDays('month', at(2026, 3, 1), 1)).toHaveLength(42);
    const range = visibleRange('month', at(2026, 2, 14), 1);
    expect(range.from.getTime()).toBe(at(2026, 1, 26).getTime());
    expect(range.to.getTime()).toBe(at(2026, 3, 2).getTime());
    expect(visibleRange('day', at(2026, 2, 14, 15), 1)).toEqual({ from: at(2026, 2, 14), to: at(2026, 2, 15) });
  });

  it('steps by a day, a week or a month, keeping the day within short months', () => {
    expect(dayKey(shiftAnchor('day', at(2026, 2, 28), 1))).toBe('2026-03-01');
    expect(dayKey(shiftAnchor('week', at(2026, 2, 28), -1))).toBe('2026-02-21');
    expect(dayKey(shiftAnchor('month', at(2026, 1, 31), 1))).toBe('2026-02-28');
    expect(dayKey(addMonths(at(2026, 12, 15), 1))).toBe('2027-01-15');
    expect(parseDayKey('2026-02-30')).toBeNull();
    expect(parseDayKey('nonsense')).toBeNull();
    expect(dayKey(parseDayKey('2026-02-03')!)).toBe('2026-02-03');
  });

  it('groups items by day, a meeting over midnight on both days', () => {
    const days = visibleDays('week', at(2026, 3, 4), 1);
    const groups = groupByDay(
      [item('late', at(2026, 3, 3, 18)), item('night', at(2026, 3, 4, 22), at(2026, 3, 5, 2)), item('early', at(2026, 3, 3, 8)), item('outside', at(2026, 3, 9, 8))],
      days,
    );
    expect(groups.get('2026-03-03')!.map((entry) => entry.id)).toEqual(['early', 'late']);
    expect(groups.get('2026-03-04')!.map((entry) => entry.id)).toEqual(['night']);
    expect(groups.get('2026-03-05')!.map((entry) => entry.id)).toEqual(['night']);
    expect([...groups.values()].flat().map((entry) => entry.id)).not.toContain('outside');
  });

  it('places overlapping items side by side and separate ones full width', () => {
    const day = at(2026, 3, 4);
    const placed = layoutDay(
      [
        item('a', at(2026, 3, 4, 9), at(2026, 3, 4, 11)),
        item('b', at(2026, 3, 4, 10), at(2026, 3, 4, 10, 30)),
        item('c', at(2026, 3, 4, 10, 30)),
        item('d', at(2026, 3, 4, 14)),
        item('e', at(2026, 3, 3, 23), at(2026, 3, 4, 1)),
      ],
      day,
    );
    const byId = Object.fromEntries(placed.map((entry) => [entry.item.id, entry]));
    expect(byId.e).toMatchObject({ top: 0, bottom: 60, lanes: 1 });
    expect(byId.a).toMatchObject({ top: 540, bottom: 660, lane: 0, lanes: 2 });
    expect(byId.b).toMatchObject({ top: 600, bottom: 630, lane: 1, lanes: 2 });
    // c starts when b ends: it reuses b's lane beside a.
    expect(byId.c).toMatchObject({ top: 630, bottom: 660, lane: 1, lanes: 2 });
    expect(byId.d).toMatchObject({ top: 840, bottom: 870, lane: 0, lanes: 1 });
    // A task at 23:50 still gets a visible box inside the day.
    const [last] = layoutDay([item('z', at(2026, 3, 4, 23, 50))], day);
    expect(last).toMatchObject({ top: 1410, bottom: 1440 });
  });

  it('moves a task to another day at the same time, its reminder by the same amount', () => {
    const task = item('t', at(2026, 3, 4, 15, 30), null, { remindAt: at(2026, 3, 4, 15).toISOString() });
    const start = movedStart(task, at(2026, 3, 6));
    expect(start.getTime()).toBe(at(2026, 3, 6, 15, 30).getTime());
    const patch = movePatch(task, start);
    expect(patch.path).toBe('/tasks/t');
    expect(patch.body).toEqual({ dueAt: at(2026, 3, 6, 15, 30).toISOString(), remindAt: at(2026, 3, 6, 15).toISOString() });
    expect(patch.moved.start).toBe(patch.body.dueAt);
    // Dropped on a time slot: that time.
    expect(movedStart(task, at(2026, 3, 6), 9 * 60).getTime()).toBe(at(2026, 3, 6, 9).getTime());
    expect(movePatch(item('n', at(2026, 3, 4, 15)), at(2026, 3, 5, 15)).body).toEqual({ dueAt: at(2026, 3, 5, 15).toISOString() });
  });

  it('moves a meeting with its end, keeping its length', () => {
    const meeting = item('m', at(2026, 3, 4, 10), at(2026, 3, 4, 11, 30));
    const patch = movePatch(meeting, at(2026, 3, 5, 14));
    expect(patch.path).toBe('/activities/m');
    expect(patch.body).toEqual({ occurredAt: at(2026, 3, 5, 14).toISOString(), endsAt: at(2026, 3, 5, 15, 30).toISOString() });
  });

  it('turns a point in a day column into a slot time', () => {
    expect(minutesAt(0, 960)).toBe(0);
    expect(minutesAt(400, 960)).toBe(600);
    expect(minutesAt(419, 960)).toBe(600);
    expect(minutesAt(420, 960)).toBe(630);
    expect(minutesAt(5000, 960)).toBe(1410);
  });

  it('puts a meeting from midnight to midnight, or of 24 hours or more, in the all-day row; a long evening and a task stay in the hours', () => {
    const day = allDaySpan(at(2026, 3, 4, 15, 30), 1);
    expect([day.start, day.end].map((date) => date.toString())).toEqual([at(2026, 3, 4).toString(), at(2026, 3, 5).toString()]);
    expect(isAllDay(item('day', day.start, day.end))).toBe(true);
    const trip = allDaySpan(at(2026, 3, 4), 3);
    expect(isAllDay(item('trip', trip.start, trip.end))).toBe(true);
    expect(isAllDay(item('conference', at(2026, 3, 4, 9), at(2026, 3, 6, 18)))).toBe(true);
    expect(isAllDay(item('evening', at(2026, 3, 4, 18), at(2026, 3, 5, 2)))).toBe(false);
    expect(isAllDay(item('meeting', at(2026, 3, 4, 10), at(2026, 3, 4, 11)))).toBe(false);
    expect(isAllDay(item('task', at(2026, 3, 4)))).toBe(false);
    expect(isAllDay(item('backwards', at(2026, 3, 5), at(2026, 3, 4)))).toBe(false);
    // A one-day meeting is on its own day only, not on the next one, whose midnight it ends at.
    expect([...groupByDay([item('day', day.start, day.end)], [at(2026, 3, 4), at(2026, 3, 5)]).values()].map((list) => list.length)).toEqual([1, 0]);
  });
});
