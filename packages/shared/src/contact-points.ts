// Phones and emails, normalised so that any formatting of the same number or address matches.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Normalise a phone to E.164 (default region RU). Returns null when it is not a possible number. */
export function normalisePhone(input: string, defaultRegion: CountryCode = 'RU'): string | null {
  const trimmed = input.trim();
  if (!trimmed || !/\d/.test(trimmed)) return null;
  // A Russian habit: 8 XXX XXX-XX-XX means +7 XXX XXX-XX-XX.
  const digits = trimmed.replace(/\D/g, '');
  // Fast path for the common case, a Russian number written with phone punctuation only: +7/7/8 and ten
  // digits, or ten digits alone. Its only possibility check is the length, so no parsing is needed.
  if (defaultRegion === 'RU' && /^[\d\s()+\-.]+$/.test(trimmed) && (trimmed.match(/\+/g) ?? []).length <= 1 && (!trimmed.includes('+') || trimmed.startsWith('+7'))) {
    if (digits.length === 11 && (digits[0] === '7' || (digits[0] === '8' && !trimmed.startsWith('+')))) return `+7${digits.slice(1)}`;
    if (digits.length === 10 && !trimmed.startsWith('+') && digits[0] !== '0') return `+7${digits}`;
  }
  const candidate = defaultRegion === 'RU' && digits.length === 11 && digits.startsWith('8') && !trimmed.startsWith('+') ? `+7${digits.slice(1)}` : trimmed;
  const parsed = parsePhoneNumberFromString(candidate, defaultRegion);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** Digits only, for matching a phone typed in any way against stored numbers. */
export function phoneDigits(input: string): string {
  return input.replace(/\D/g, '');
}

const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]{2,}$/u;

export function normaliseEmail(input: string): string | null {
  const value = input.trim().toLowerCase();
  return EMAIL.test(value) && value.length <= 254 ? value : null;
}
