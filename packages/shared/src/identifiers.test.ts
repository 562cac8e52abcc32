import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeInn10, completeInn12, completeOgrn, isValidInn, isValidKpp, isValidOgrn } from './identifiers.js';

describe('INN', () => {
  it('accepts real INNs of known organisations and people', () => {
    expect(isValidInn('7707083893')).toBe(true); // Sberbank
    expect(isValidInn('7736207543')).toBe(true); // Yandex
    expect(isValidInn('500100732259')).toBe(true); // a valid 12-digit INN
  });
  it('rejects wrong checksums, lengths and non-digits', () => {
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('770708389')).toBe(false);
    expect(isValidInn('77070838931')).toBe(false);
    expect(isValidInn('77O7083893')).toBe(false);
    expect(isValidInn('500100732258')).toBe(false);
  });
  it('completes any prefix into a valid INN, and any single-digit change of the check digit breaks it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.integer({ min: 1, max: 9 }), (prefix, delta) => {
        const inn = completeInn10(prefix);
        const broken = inn.slice(0, 9) + String((Number(inn[9]) + delta) % 10);
        return isValidInn(inn) && !isValidInn(broken);
      }),
    );
    fc.assert(fc.property(fc.stringMatching(/^\d{10}$/), (prefix) => isValidInn(completeInn12(prefix))));
  });
});

describe('KPP and OGRN', () => {
  it('validates KPP format', () => {
    expect(isValidKpp('773601001')).toBe(true);
    expect(isValidKpp('7736AB001')).toBe(true);
    expect(isValidKpp('77360100')).toBe(false);
    expect(isValidKpp('7736ab001')).toBe(false);
  });
  it('validates OGRN and OGRNIP checksums', () => {
    expect(isValidOgrn('1027700132195')).toBe(true); // Sberbank
    expect(isValidOgrn('1027700132196')).toBe(false);
    expect(isValidOgrn('304500116000157')).toBe(true); // a valid OGRNIP
    expect(isValidOgrn('304500116000158')).toBe(false);
    fc.assert(fc.property(fc.stringMatching(/^[15]\d{11}$/), (prefix) => isValidOgrn(completeOgrn(prefix))));
  });
});
