import { describe, expect, it } from 'vitest';
import { formatCompact, formatDate, formatMoney, formatNumber, formatPhone, formatRelative, loadPhoneFormats } from './format';

const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatting', () => {
  it('formats money in the record currency, RUB by default', () => {
    expect(nbsp(formatMoney(1234567, 'ru'))).toBe('1 234 567 ₽');
    expect(nbsp(formatMoney('1500.5', 'ru', 'USD'))).toBe('1 500,50 $');
    expect(formatMoney(1500, 'en', 'EUR')).toBe('€1,500');
    expect(formatMoney(null, 'ru')).toBe('');
  });

  it('shortens large numbers for chart axes', () => {
    expect(formatCompact(1_500_000, 'en')).toBe('1.5m');
    expect(nbsp(formatCompact(1_500_000, 'ru'))).toBe('1,5 млн');
  });

  it('formats numbers with the separators of the language', () => {
    expect(nbsp(formatNumber(1234.5, 'ru'))).toBe('1 234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });

  it('keeps a calendar date on the day the user chose', () => {
    expect(formatDate('2026-03-01', 'en')).toBe('1 Mar 2026');
    expect(formatDate('2026-03-01', 'ru')).toMatch(/^1 мар\.? 2026/);
    expect(formatDate(null, 'ru')).toBe('');
  });

  it('formats Russian and foreign phones readably before the metadata chunk has loaded', () => {
    expect(formatPhone('+79161234567')).toBe('+7 916 123-45-67');
    expect(formatPhone('+442079460958')).toBe('+44 207 946 0958');
    // The country code is read from the E.164 code table, not guessed from the length.
    expect(formatPhone('+493090188260')).toBe('+49 309 018 8260');
    expect(formatPhone('+375172098930')).toBe('+375 172 098 930');
    expect(formatPhone('+12125550123')).toBe('+1 212 555 0123');
    expect(formatPhone('+998712345678')).toBe('+998 712 345 678');
    expect(formatPhone('+77272504222')).toBe('+7 727 250-42-22');
    expect(formatPhone('ext. 12')).toBe('ext. 12');
  });

  it('formats foreign phones as their country writes them once the metadata is loaded', async () => {
    await loadPhoneFormats();
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958');
    expect(formatPhone('+493090188260')).toBe('+49 30 90188260');
    expect(formatPhone('+375172098930')).toBe('+375 17 209 89 30');
    expect(formatPhone('+12125550123')).toBe('+1 212 555 0123');
    // Russian numbers keep the Russian grouping; an impossible number keeps the plain one.
    expect(formatPhone('+79161234567')).toBe('+7 916 123-45-67');
    expect(formatPhone('+4412')).toBe('+4412');
  });

  it('says how long ago something happened', () => {
    const now = new Date('2026-01-10T12:00:00Z');
    expect(formatRelative('2026-01-10T10:00:00Z', 'en', now)).toBe('2 hours ago');
    expect(formatRelative('2026-01-13T12:00:00Z', 'ru', now)).toBe('через 3 дня');
  });
});
