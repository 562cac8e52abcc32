// Money in documents: decimal strings become whole kopecks (bigint), so VAT and totals are exact, and
// are written back the way each language writes money (42 000,00 in Russian, 42,000.00 in English).
import type { VatMode } from '@svyaz/shared';
import { splitAmount } from './amount-in-words.js';

export function toKopecks(amount: string | number): bigint {
  const { major, minor, negative } = splitAmount(typeof amount === 'number' ? amount : amount || '0');
  const value = major * 100n + BigInt(minor);
  return negative ? -value : value;
}

export function kopecksToDecimal(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Rounds value × numerator / denominator half up (values are non-negative here). */
function divideRounded(value: bigint, numerator: bigint, denominator: bigint): bigint {
  return (value * numerator * 2n + denominator) / (denominator * 2n);
}

/** VAT in kopecks from the lines' sum: added on top (22 % of the sum), included in it (22/122 of it), or none. */
export function computeTotals(lineKopecks: bigint[], vatRate: number, vatMode: VatMode): { subtotal: bigint; vat: bigint; total: bigint } {
  const sum = lineKopecks.reduce((total, value) => total + value, 0n);
  // The rate has at most two decimals (numeric(5,2)): work in hundredths of a percent.
  const rate = BigInt(Math.round(vatRate * 100));
  if (vatMode === 'none' || rate === 0n) return { subtotal: sum, vat: 0n, total: sum };
  if (vatMode === 'included') {
    const vat = divideRounded(sum, rate, 10000n + rate);
    return { subtotal: sum - vat, vat, total: sum };
  }
  const vat = divideRounded(sum, rate, 10000n);
  return { subtotal: sum, vat, total: sum + vat };
}

const NBSP = '\u00a0';

/** 42 000,00 (ru) or 42,000.00 (en). */
export function formatMoney(value: bigint | string, language: 'ru' | 'en'): string {
  const kopecks = typeof value === 'bigint' ? value : toKopecks(value);
  const sign = kopecks < 0n ? '-' : '';
  const abs = kopecks < 0n ? -kopecks : kopecks;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, language === 'ru' ? NBSP : ',');
  return `${sign}${whole}${language === 'ru' ? ',' : '.'}${String(abs % 100n).padStart(2, '0')}`;
}

/** 2,5 / 10 / 1,125 — a quantity without trailing zeros. */
export function formatQuantity(value: string, language: 'ru' | 'en'): string {
  const [whole, fraction = ''] = String(value).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'ru' ? NBSP : ',');
  return trimmed ? `${grouped}${language === 'ru' ? ',' : '.'}${trimmed}` : grouped;
}

export function formatRate(rate: number, language: 'ru' | 'en'): string {
  const text = String(Number(rate.toFixed(2)));
  return language === 'ru' ? text.replace('.', ',') : text;
}

const monthsGenitive = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const monthsEnglish = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2026-12-07' → «7 декабря 2026 г.» / "7 December 2026". */
export function formatDateLong(isoDate: string, language: 'ru' | 'en'): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  return language === 'ru' ? `${day} ${monthsGenitive[month - 1]} ${year} г.` : `${day} ${monthsEnglish[month - 1]} ${year}`;
}

/** '2026-12-07' → 07.12.2026 (ru) / 07/12/2026 (en, day first as in Britain). */
export function formatDateShort(isoDate: string, language: 'ru' | 'en'): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return language === 'ru' ? `${day}.${month}.${year}` : `${day}/${month}/${year}`;
}
