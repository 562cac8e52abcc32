// The Russian production calendar built in as the workspace default (five-day week, 09:00–18:00 with lunch 13:00–14:00,
// Europe/Moscow). An administrator can change every year in Settings → Service hours.
//
// 2026 — Government decree No. 1466 of 24.09.2025 "On moving days off in 2026": public holidays of art. 112 of the
// Labour Code (1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November); Sat 3 January moved to Fri 9 January,
// Sun 4 January moved to Thu 31 December; 8 March (Sun) → Mon 9 March, 9 May (Sat) → Mon 11 May (art. 112 part 2).
// 247 working days, 1972 hours; shortened pre-holiday days 30 April, 8 May, 11 June, 3 November. No working Saturdays.
//
// 2027 — PROVISIONAL. The decree for 2027 was not at hand when this was written; the dates are the statutory holidays,
// the art. 112 part 2 moves (1 May Sat → 3 May, 9 May Sun → 10 May, 12 June Sat → 14 June) and the draft reported in
// December 2025 (4–7 November off: Fri 5 November off for a working Saturday 13 November). The January moves of
// Sat 2 / Sun 3 January are set by that decree and are NOT included: check and edit once it is published.
import type { BusinessCalendar, CalendarYear } from './business-time.js';

const newYear = (year: number) => Array.from({ length: 8 }, (_, index) => `${year}-01-0${index + 1}`);

export const russianCalendar2026: CalendarYear = {
  year: 2026,
  holidays: [...newYear(2026), '2026-01-09', '2026-02-23', '2026-03-09', '2026-05-01', '2026-05-11', '2026-06-12', '2026-11-04', '2026-12-31'],
  workingDays: [],
  shortDays: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
};

export const russianCalendar2027: CalendarYear = {
  year: 2027,
  holidays: [...newYear(2027), '2027-02-23', '2027-03-08', '2027-05-03', '2027-05-10', '2027-06-14', '2027-11-04', '2027-11-05'],
  workingDays: ['2027-11-13'],
  shortDays: ['2027-02-22', '2027-04-30', '2027-06-11', '2027-11-03'],
};

export const defaultWeeklyHours: BusinessCalendar['weeklyHours'] = {
  mon: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
  tue: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
  wed: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
  thu: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
  fri: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }],
  sat: [],
  sun: [],
};

export function defaultBusinessCalendar(): BusinessCalendar {
  return { timeZone: 'Europe/Moscow', weeklyHours: structuredClone(defaultWeeklyHours), years: [structuredClone(russianCalendar2026), structuredClone(russianCalendar2027)] };
}
