// Converting the text of a cell into a stored value, the way people type it in Russian and English
// spreadsheets. Every function returns { value } or { problem } (a message naming what was wrong).
import { normaliseEmail, normalisePhone } from '@svyaz/shared';

export type Converted<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string };

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const pad = (value: number) => String(value).padStart(2, '0');

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1000 && year <= 9999;
}

/**
 * Dates as dd.mm.yyyy (also dd/mm/yyyy, dd.mm.yy), yyyy-mm-dd, Excel serial numbers, each optionally
 * with a time hh:mm[:ss]. Returns yyyy-mm-dd, or yyyy-mm-ddThh:mm:ss when `withTime` and a time is given.
 */
export function parseDateValue(text: string, withTime = false): Converted<string> {
  const value = text.trim();
  let year: number, month: number, day: number;
  let time = '';
  let match = /^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (match) {
    day = Number(match[1]);
    month = Number(match[2]);
    year = Number(match[3]);
    if (match[3].length === 2) year += year < 50 ? 2000 : 1900;
    if (match[4]) time = `${pad(Number(match[4]))}:${match[5]}:${match[6] ?? '00'}`;
  } else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value))) {
    year = Number(match[1]);
    month = Number(match[2]);
    day = Number(match[3]);
    if (match[4]) time = `${pad(Number(match[4]))}:${match[5]}:${match[6] ?? '00'}`;
  } else if (/^\d{1,6}(\.\d+)?$/.test(value) && Number(value) >= 1 && Number(value) < 2958466) {
    const date = new Date(EXCEL_EPOCH + Math.round(Number(value) * 86400) * 1000);
    year = date.getUTCFullYear();
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
    if (value.includes('.')) time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  } else {
    return { problem: `"${text}" is not a date (use dd.mm.yyyy or yyyy-mm-dd)` };
  }
  if (!validDate(year, month, day)) return { problem: `"${text}" is not a real date` };
  if (time && !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(time)) return { problem: `"${text}" has an impossible time` };
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return { value: withTime && time ? `${date}T${time}` : date };
}

/**
 * Numbers as people type them: "1 234,56", "1 234 567" (spaces, non-breaking and thin spaces),
 * "1,234.56", "1234.5", "-12", with a currency sign or "руб." around. Returns a decimal string.
 */
export function parseNumberValue(text: string): Converted<string> {
  let value = text
    .trim()
    .replace(/[\s\u00a0\u202f\u2009']/g, '')
    .replace(/(руб\.?|р\.|₽|rub|usd|eur|\$|€)/gi, '')
    .replace(/^\((.*)\)$/, '-$1')
    .replace(/^−/, '-');
  if (value === '') return { problem: `"${text}" is not a number` };
  const lastComma = value.lastIndexOf(',');
  const lastDot = value.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the later one is the decimal separator.
    value = lastComma > lastDot ? value.replace(/\./g, '').replace(',', '.') : value.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const commas = value.split(',').length - 1;
    value = commas > 1 ? value.replace(/,/g, '') : value.replace(',', '.');
  } else if ((value.match(/\./g) ?? []).length > 1) {
    value = value.replace(/\./g, '');
  }
  if (!/^-?\d+(\.\d+)?$/.test(value)) return { problem: `"${text}" is not a number` };
  const normalised = value.replace(/^(-?)0+(\d)/, '$1$2');
  if (Math.abs(Number(normalised)) >= 1e15) return { problem: `"${text}" is too large` };
  return { value: normalised };
}

const TRUE = new Set(['да', 'д', 'yes', 'y', '1', 'true', 'истина', 'on', '+', 'x', 'v', '✓']);
const FALSE = new Set(['нет', 'н', 'no', 'n', '0', 'false', 'ложь', 'off', '-']);

export function parseBooleanValue(text: string): Converted<boolean> {
  const value = text.trim().toLowerCase();
  if (TRUE.has(value)) return { value: true };
  if (FALSE.has(value)) return { value: false };
  return { problem: `"${text}" is not yes/no (use да/нет, yes/no, 1/0)` };
}

/** Splits a cell holding several values: "a, b; c / d" or one per line. */
export function splitList(text: string, separators = /[,;\n\r/|]+/): string[] {
  return text
    .split(separators)
    .map((item) => item.trim())
    .filter(Boolean);
}

const RU_MOBILE_LIKE = /^(\+7|8)?[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}$/;

/**
 * normalisePhone with a fast path for the commonest case, a Russian number written with +7, 8 or
 * nothing before ten digits (the result is what libphonenumber returns for it: +7 and ten digits).
 */
export function normalisePhoneFast(text: string): string | null {
  if (RU_MOBILE_LIKE.test(text)) {
    const digits = text.replace(/\D/g, '');
    const national = digits.length === 11 ? digits.slice(1) : digits;
    if (national.length === 10) return `+7${national}`;
  }
  return normalisePhone(text);
}

/** Several phones in one cell, each normalised to E.164; any that is not a phone is a problem. */
export function parsePhoneList(text: string): Converted<string[]> {
  // "/" and "," separate numbers; "(", ")", "-" and spaces belong to a number.
  const items = splitList(text, /[,;\n\r/|]+/);
  const phones: string[] = [];
  for (const item of items) {
    const cleaned = item.replace(/\s*(доб\.?|ext\.?|x)\s*\d+$/i, '');
    const phone = normalisePhoneFast(cleaned);
    if (!phone) return { problem: `"${item}" is not a phone number` };
    if (!phones.includes(phone)) phones.push(phone);
  }
  return { value: phones };
}

export function parseEmailList(text: string): Converted<string[]> {
  const items = splitList(text, /[,;\s/|]+/);
  const emails: string[] = [];
  for (const item of items) {
    const email = normaliseEmail(item.replace(/^mailto:/i, '').replace(/^<|>$/g, ''));
    if (!email) return { problem: `"${item}" is not an email address` };
    if (!emails.includes(email)) emails.push(email);
  }
  return { value: emails };
}

export interface PersonName {
  lastName: string;
  firstName: string | null;
  middleName: string | null;
}

/**
 * Splits a person's name. "ФИО" order (Фамилия Имя Отчество) by default; `givenFirst` for columns
 * such as "Name" / "Полное имя" that hold "Имя Фамилия". A Russian patronymic (-вич, -вна, -ична)
 * in the last position keeps the ФИО reading.
 */
export function splitPersonName(text: string, givenFirst = false): PersonName {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { lastName: '', firstName: null, middleName: null };
  if (parts.length === 1) return { lastName: parts[0], firstName: null, middleName: null };
  const patronymic = /(вич|вна|ична|инична|оглы|кызы)$/i.test(parts[parts.length - 1]);
  if (parts.length === 2) {
    return givenFirst ? { firstName: parts[0], lastName: parts[1], middleName: null } : { lastName: parts[0], firstName: parts[1], middleName: null };
  }
  if (givenFirst && !patronymic) return { firstName: parts[0], middleName: parts.slice(1, -1).join(' '), lastName: parts[parts.length - 1] };
  return { lastName: parts[0], firstName: parts[1], middleName: parts.slice(2).join(' ') };
}

/**
 * A date with optional time as an ISO instant. Times without a zone are read as Moscow time (UTC+3,
 * no daylight saving), the zone Russian CRMs and spreadsheets write; an explicit Z or offset wins.
 */
export function parseDateTimeValue(text: string): Converted<string> {
  const value = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? { problem: `"${text}" is not a real date` } : { value: date.toISOString() };
  }
  const converted = parseDateValue(value, true);
  if (converted.problem !== undefined) return converted;
  const local = converted.value.includes('T') ? converted.value : `${converted.value}T00:00:00`;
  return { value: new Date(`${local}+03:00`).toISOString() };
}

/**
 * A duration in seconds: "330" (seconds), "5:30" (minutes:seconds), "1:05:30", "5 мин", "2 мин 30 сек",
 * "1 ч 5 мин", "90 sec", "1.5 min".
 */
export function parseDurationValue(text: string): Converted<number> {
  const value = text.trim().toLowerCase().replace(',', '.');
  let seconds: number | null = null;
  let match: RegExpExecArray | null;
  if (/^\d+(\.\d+)?$/.test(value)) seconds = Number(value);
  else if ((match = /^(\d+):([0-5]?\d)(?::([0-5]?\d))?$/.exec(value))) seconds = match[3] !== undefined ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : Number(match[1]) * 60 + Number(match[2]);
  else {
    // (?![a-zа-я]) ends a unit word: \b knows only Latin letters.
    const units: [RegExp, number][] = [
      [/(\d+(?:\.\d+)?)\s*(?:часов|часа|час|ч|hours|hour|hrs|hr|h)(?![a-zа-я])\.?/, 3600],
      [/(\d+(?:\.\d+)?)\s*(?:минуты|минута|минут|мин|м|minutes|minute|mins|min|m)(?![a-zа-я])\.?/, 60],
      [/(\d+(?:\.\d+)?)\s*(?:секунды|секунда|секунд|сек|с|seconds|second|secs|sec|s)(?![a-zа-я])\.?/, 1],
    ];
    let rest = value;
    let total = 0;
    let found = false;
    for (const [pattern, factor] of units) {
      const unit = pattern.exec(rest);
      if (unit) {
        total += Number(unit[1]) * factor;
        rest = rest.replace(unit[0], ' ');
        found = true;
      }
    }
    if (found && rest.trim() === '') seconds = total;
  }
  if (seconds === null || !Number.isFinite(seconds)) return { problem: `"${text}" is not a duration (use seconds, mm:ss or "5 мин 30 сек")` };
  if (seconds > 86400 * 7) return { problem: `"${text}" is longer than a week` };
  return { value: Math.round(seconds) };
}

/** Matches a cell against named choices (each with its spellings in Russian and English), ignoring case and ё. */
export function parseChoice<T extends string>(text: string, choices: Record<T, string[]>, what: string): Converted<T> {
  const value = text.trim().toLowerCase().replace(/ё/g, 'е');
  for (const [choice, spellings] of Object.entries(choices) as [T, string[]][]) {
    if (choice === value || spellings.some((spelling) => spelling === value)) return { value: choice };
  }
  return { problem: `"${text}" is not ${what} (${Object.values<string[]>(choices).map((spellings) => spellings[0]).join(', ')})` };
}
