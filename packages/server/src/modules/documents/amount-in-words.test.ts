// Amounts in words: a table of values checked by hand against Russian accounting practice, and
// properties over random amounts — the words read back to the same number, and the nouns agree with it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { amountInEnglishWords, amountInRussianWords, integerInRussianWords, MAX_AMOUNT_IN_WORDS, russianPlural, splitAmount } from './amount-in-words.js';

const known: [string, string][] = [
  ['0', 'Ноль рублей 00 копеек'],
  ['0.01', 'Ноль рублей 01 копейка'],
  ['1', 'Один рубль 00 копеек'],
  ['2', 'Два рубля 00 копеек'],
  ['5', 'Пять рублей 00 копеек'],
  ['11', 'Одиннадцать рублей 00 копеек'],
  ['12.02', 'Двенадцать рублей 02 копейки'],
  ['19.11', 'Девятнадцать рублей 11 копеек'],
  ['21.21', 'Двадцать один рубль 21 копейка'],
  ['111', 'Сто одиннадцать рублей 00 копеек'],
  ['1000', 'Одна тысяча рублей 00 копеек'],
  ['2000', 'Две тысячи рублей 00 копеек'],
  ['5000', 'Пять тысяч рублей 00 копеек'],
  ['11000', 'Одиннадцать тысяч рублей 00 копеек'],
  ['21000', 'Двадцать одна тысяча рублей 00 копеек'],
  ['42000', 'Сорок две тысячи рублей 00 копеек'],
  ['42000.5', 'Сорок две тысячи рублей 50 копеек'],
  ['51240.00', 'Пятьдесят одна тысяча двести сорок рублей 00 копеек'],
  ['112344', 'Сто двенадцать тысяч триста сорок четыре рубля 00 копеек'],
  ['1000000', 'Один миллион рублей 00 копеек'],
  ['2001001', 'Два миллиона одна тысяча один рубль 00 копеек'],
  ['3500000.99', 'Три миллиона пятьсот тысяч рублей 99 копеек'],
  ['14000000', 'Четырнадцать миллионов рублей 00 копеек'],
  ['1000000000', 'Один миллиард рублей 00 копеек'],
  ['22000000000', 'Двадцать два миллиарда рублей 00 копеек'],
  ['999999999999.99', 'Девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов девятьсот девяносто девять тысяч девятьсот девяносто девять рублей 99 копеек'],
  ['1 234,5', 'Одна тысяча двести тридцать четыре рубля 50 копеек'],
  ['0.005', 'Ноль рублей 01 копейка'],
  ['-15', 'Минус пятнадцать рублей 00 копеек'],
];

describe('amount in Russian words', () => {
  it.each(known)('%s → %s', (amount, words) => {
    expect(amountInRussianWords(amount)).toBe(words);
  });

  it('takes numbers without floating-point drift', () => {
    expect(amountInRussianWords(0.29)).toBe('Ноль рублей 29 копеек');
    expect(amountInRussianWords(1.005 * 1000)).toBe('Одна тысяча пять рублей 00 копеек');
  });

  it('refuses what is not an amount, naming the field', () => {
    expect(() => amountInRussianWords('12abc')).toThrowError(/amount/);
    expect(() => amountInRussianWords('1000000000000000')).toThrowError(/too large/);
  });

  it('other currencies', () => {
    expect(amountInRussianWords('1', 'USD')).toBe('Один доллар США 00 центов');
    expect(amountInRussianWords('3.01', 'EUR')).toBe('Три евро 01 евроцент');
  });

  // Reading the words back: a tiny parser of Russian numerals, independent of how they were written.
  const values: Record<string, number> = {};
  ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять', 'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'].forEach((word, index) => (values[word] = index));
  Object.assign(values, { одна: 1, две: 2, двадцать: 20, тридцать: 30, сорок: 40, пятьдесят: 50, шестьдесят: 60, семьдесят: 70, восемьдесят: 80, девяносто: 90 });
  Object.assign(values, { сто: 100, двести: 200, триста: 300, четыреста: 400, пятьсот: 500, шестьсот: 600, семьсот: 700, восемьсот: 800, девятьсот: 900 });
  const scaleWords: [RegExp, bigint][] = [[/^тысяч/, 1000n], [/^миллион/, 1_000_000n], [/^миллиард/, 1_000_000_000n], [/^триллион/, 1_000_000_000_000n]];
  function readBack(text: string): bigint {
    let total = 0n;
    let group = 0n;
    for (const word of text.split(' ')) {
      const scale = scaleWords.find(([pattern]) => pattern.test(word));
      if (scale) {
        total += (group === 0n ? 1n : group) * scale[1];
        group = 0n;
      } else if (word in values) group += BigInt(values[word]);
      else throw new Error(`unknown word ${word}`);
    }
    return total + group;
  }

  const rubles = fc.bigInt({ min: 0n, max: MAX_AMOUNT_IN_WORDS });
  it('property: the words read back to the amount, the kopecks are its two digits', () => {
    fc.assert(
      fc.property(rubles, fc.integer({ min: 0, max: 99 }), (major, minor) => {
        const text = amountInRussianWords(`${major}.${String(minor).padStart(2, '0')}`);
        const match = /^(.+) (рубль|рубля|рублей) (\d\d) (копейка|копейки|копеек)$/.exec(text);
        expect(match, text).not.toBeNull();
        expect(text[0]).toBe(text[0].toUpperCase());
        expect(readBack(match![1].toLowerCase())).toBe(major);
        expect(Number(match![3])).toBe(minor);
        expect(match![2]).toBe(russianPlural(major, ['рубль', 'рубля', 'рублей']));
        expect(match![4]).toBe(russianPlural(minor, ['копейка', 'копейки', 'копеек']));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: nouns agree — 1 (not 11) takes the singular, 2–4 (not 12–14) the few form, everything else the many form', () => {
    fc.assert(
      fc.property(rubles, (n) => {
        const lastTwo = Number(n % 100n);
        const expected = lastTwo % 10 === 1 && lastTwo !== 11 ? 'рубль' : [2, 3, 4].includes(lastTwo % 10) && ![12, 13, 14].includes(lastTwo) ? 'рубля' : 'рублей';
        expect(amountInRussianWords(n).split(' ').at(-3)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: тысяча is feminine (одна, две), million and billion masculine (один, два)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), (n) => {
        const thousands = integerInRussianWords(BigInt(n) * 1000n);
        const millions = integerInRussianWords(BigInt(n) * 1_000_000n);
        const lastTwo = n % 100;
        if (lastTwo % 10 === 1 && lastTwo !== 11) {
          expect(thousands).toMatch(/одна тысяча$/);
          expect(millions).toMatch(/один миллион$/);
        }
        if (lastTwo % 10 === 2 && lastTwo !== 12) {
          expect(thousands).toMatch(/две тысячи$/);
          expect(millions).toMatch(/два миллиона$/);
        }
        expect(thousands).not.toMatch(/один тысяч|два тысяч/);
      }),
      { numRuns: 1000 },
    );
  });

  it('rounds half up to the kopeck, exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 999 }), (major, thousandths) => {
        const { major: whole, minor } = splitAmount(`${major}.${String(thousandths).padStart(3, '0')}`);
        const expected = major * 100n + BigInt(Math.floor(thousandths / 10)) + (thousandths % 10 >= 5 ? 1n : 0n);
        expect(whole * 100n + BigInt(minor)).toBe(expected);
      }),
    );
  });
});

describe('amount in English words', () => {
  it.each([
    ['0', 'Zero roubles 00 kopecks'],
    ['1', 'One rouble 00 kopecks'],
    ['21.01', 'Twenty-one roubles 01 kopeck'],
    ['42000', 'Forty-two thousand roubles 00 kopecks'],
    ['1001115.5', 'One million one thousand one hundred fifteen roubles 50 kopecks'],
    ['3000000000', 'Three billion roubles 00 kopecks'],
  ])('%s → %s', (amount, words) => {
    expect(amountInEnglishWords(amount)).toBe(words);
  });
});
