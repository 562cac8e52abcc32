import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toIsoTimestamp } from './client.js';

/** What the drivers' text was turned into before the fast path: a Date's ISO string. */
function viaDate(value: string): string {
  let text = value.replace(' ', 'T');
  if (/[+-]\d{2}$/.test(text)) text += ':00';
  return new Date(text).toISOString();
}

describe('toIsoTimestamp', () => {
  it('gives the same ISO string as a Date for every timestamp text PostgreSQL and PGlite send', () => {
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    const timestamp = fc.record({
      ms: fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
      fraction: fc.constantFrom(0, 1, 2, 3, 6),
      separator: fc.constantFrom(' ', 'T'),
      zone: fc.constantFrom('+00', '+00:00', 'Z', '+03', '-05', '+05:30'),
    });
    fc.assert(
      fc.property(timestamp, ({ ms, fraction, separator, zone }) => {
        const date = new Date(ms);
        const digits = `${pad(date.getUTCMilliseconds(), 3)}000`.slice(0, fraction);
        const text = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}${separator}${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}${fraction ? `.${digits}` : ''}${zone}`;
        expect(toIsoTimestamp(text)).toBe(viaDate(text));
      }),
      { numRuns: 2000 },
    );
  });
});
