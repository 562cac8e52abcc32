import { describe, expect, it } from 'vitest';
import { normaliseEmail, normalisePhone, phoneDigits } from './contact-points.js';

describe('phones', () => {
  it('normalises the ways Russians write one mobile number to the same E.164', () => {
    for (const written of ['+7 (916) 123-45-67', '8 916 123 45 67', '89161234567', '9161234567', '+79161234567', '7 916 123-45-67']) {
      expect(normalisePhone(written), written).toBe('+79161234567');
    }
  });
  it('keeps international numbers and honours another default region', () => {
    expect(normalisePhone('+49 30 901820')).toBe('+4930901820');
    expect(normalisePhone('(202) 555-0143', 'US')).toBe('+12025550143');
  });
  it('rejects text and impossible numbers', () => {
    expect(normalisePhone('call me')).toBeNull();
    expect(normalisePhone('12')).toBeNull();
    expect(normalisePhone('')).toBeNull();
  });
  it('extracts digits for matching', () => expect(phoneDigits('+7 (916) 123-45-67')).toBe('79161234567'));
});

describe('emails', () => {
  it('lower-cases and trims valid addresses, rejects invalid ones', () => {
    expect(normaliseEmail('  Ivan.Petrov@Example.RU ')).toBe('ivan.petrov@example.ru');
    expect(normaliseEmail('info@почта.рф')).toBe('info@почта.рф');
    expect(normaliseEmail('no-at-sign')).toBeNull();
    expect(normaliseEmail('two@@example.com')).toBeNull();
    expect(normaliseEmail('space in@example.com')).toBeNull();
  });
});

describe('the fast path for Russian numbers agrees with full parsing', () => {
  it('gives the same result as libphonenumber for many written forms', async () => {
    const { parsePhoneNumberFromString } = await import('libphonenumber-js/max');
    const samples = ['+7 916 123-45-67', '8 (495) 123-45-67', '79161234567', '9161234567', '+7(812)1234567', '8-800-555-35-35', '+7 727 250 1234', '89991234567', '+79001234567'];
    for (const sample of samples) {
      const digits = sample.replace(/\D/g, '');
      const reference = parsePhoneNumberFromString(digits.length === 11 && digits.startsWith('8') ? `+7${digits.slice(1)}` : sample, 'RU');
      expect(normalisePhone(sample), sample).toBe(reference?.isPossible() ? reference.number : null);
    }
  });
});
