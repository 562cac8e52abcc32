// Locale-aware formatting of dates, numbers, money and phones (Intl; one cached formatter per option set).
import { useSyncExternalStore } from 'react';
export type Locale = 'ru' | 'en';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
const localeTag = (locale: Locale) => (locale === 'en' ? 'en-GB' : 'ru-RU');

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d:${locale}:${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) cache.set(key, (format = new Intl.DateTimeFormat(localeTag(locale), options)));
  return format;
}

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n:${locale}:${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) cache.set(key, (format = new Intl.NumberFormat(localeTag(locale), options)));
  return format;
}

function toDate(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  // A bare date (YYYY-MM-DD) is a calendar day, not midnight UTC: keep the day the user typed.
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string | Date | null | undefined, locale: Locale): string {
  const date = toDate(value);
  return date ? dateFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(date) : '';
}

export function formatDateTime(value: string | Date | null | undefined, locale: Locale, timeZone?: string): string {
  const date = toDate(value);
  return date ? dateFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }).format(date) : '';
}

export function formatTime(value: string | Date | null | undefined, locale: Locale): string {
  const date = toDate(value);
  return date ? dateFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date) : '';
}

export function formatNumber(value: number | string | null | undefined, locale: Locale, fractionDigits?: number): string {
  if (value === null || value === undefined || value === '') return '';
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  return numberFormat(locale, fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(number);
}

/** Money in the record's own currency (RUB when the record has none). Kopecks are shown only when present. */
export function formatMoney(value: number | string | null | undefined, locale: Locale, currency: string | null | undefined = 'RUB'): string {
  if (value === null || value === undefined || value === '') return '';
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : 'RUB';
  const whole = Number.isInteger(number);
  return numberFormat(locale, { style: 'currency', currency: code, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(number);
}

/** Whole days elapsed since a moment (days in stage): 23 h is 0 days, 24 h is 1; a future moment is 0. */
export function daysSince(value: string | Date | null | undefined, now: Date = new Date()): number | null {
  const date = toDate(value);
  if (!date) return null;
  return Math.max(0, Math.floor((now.getTime() - date.getTime()) / 86_400_000));
}

/** +79161234567 -> +7 916 123-45-67; other E.164 numbers are grouped by threes; anything else is left alone. */
/** Two-digit country calling codes; 1 and 7 have one digit and every other code three (ITU E.164 codes are prefix-free). */
const twoDigitCountryCodes = new Set('20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(' '));

/** The country calling code at the start of an international number's digits. */
export function countryCode(digits: string): string {
  if (digits.startsWith('1') || digits.startsWith('7')) return digits.slice(0, 1);
  return twoDigitCountryCodes.has(digits.slice(0, 2)) ? digits.slice(0, 2) : digits.slice(0, 3);
}

/** "+7 916 123-45-67" for Russian and Kazakh numbers; "+49 301 234 567" (country code, then groups of three) for others. */
/** Formats an E.164 number by its country's rules once the metadata chunk is loaded (see loadPhoneFormats). */
let international: ((e164: string) => string | null) | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

/**
 * Loads libphonenumber's metadata (29 KB gzipped, its own chunk) the first time a foreign number is shown:
 * foreign numbers are then grouped as their country writes them (+44 20 7946 0958); until it arrives they
 * are grouped by threes. Russian numbers never need it, so a first screen without foreign numbers never loads it.
 */
export function loadPhoneFormats(): Promise<void> {
  loading ??= import('libphonenumber-js/min').then(
    ({ parsePhoneNumberFromString }) => {
      international = (e164) => {
        const parsed = parsePhoneNumberFromString(e164);
        return parsed && parsed.isPossible() ? parsed.formatInternational() : null;
      };
      for (const listener of listeners) listener();
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** Re-renders the calling component when the foreign phone formats have arrived. */
export function usePhoneFormats(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => international !== null,
  );
}

export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  const digits = value.replace(/\D/g, '');
  if (/^\+?7\d{10}$/.test(value.replace(/[\s()-]/g, '')) && digits.length === 11) {
    return `+7 ${digits.slice(1, 4)} ${digits.slice(4, 7)}-${digits.slice(7, 9)}-${digits.slice(9, 11)}`;
  }
  if (value.startsWith('+') && digits.length >= 8 && digits.length <= 15 && /^\+\d+$/.test(value)) {
    if (!international) void loadPhoneFormats().catch(() => undefined);
    const formatted = international?.(value);
    if (formatted) return formatted;
    const country = countryCode(digits);
    const rest = digits.slice(country.length);
    return `+${country} ${rest.replace(/(\d{3})(?=\d{2,})/g, '$1 ').trim()}`;
  }
  return value;
}

/** "in 3 days", "2 hours ago". */
export function formatRelative(value: string | Date | null | undefined, locale: Locale, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31536000],
    ['month', 2592000],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const format = new Intl.RelativeTimeFormat(localeTag(locale), { numeric: 'auto' });
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return format.format(0, 'minute');
}

/** 1 500 000 -> "1,5 млн" / "1.5M" (chart axes). */
export function formatCompact(value: number, locale: Locale): string {
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
