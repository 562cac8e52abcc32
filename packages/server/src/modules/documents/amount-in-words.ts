// Amounts in words, as a Russian invoice writes its total («Сорок две тысячи рублей 00 копеек»), and
// the English equivalent for documents in English. Amounts are decimal strings (or numbers) turned into
// whole kopecks without floating point, so 0.29 is never 0.28999.
import { invalid } from '../../core/errors.js';

type Gender = 'masculine' | 'feminine';
/** Forms for 1, 2–4 and 5+ (Russian), and the gender the numeral before them agrees with. */
interface RussianNoun {
  forms: [string, string, string];
  gender: Gender;
}

const unitsMasculine = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const unitsFeminine = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const teens = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const tens = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const hundreds = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** Thousands and up, smallest first; тысяча is feminine («две тысячи»), the rest masculine. */
const scales: RussianNoun[] = [
  { forms: ['тысяча', 'тысячи', 'тысяч'], gender: 'feminine' },
  { forms: ['миллион', 'миллиона', 'миллионов'], gender: 'masculine' },
  { forms: ['миллиард', 'миллиарда', 'миллиардов'], gender: 'masculine' },
  { forms: ['триллион', 'триллиона', 'триллионов'], gender: 'masculine' },
];

const russianCurrencies: Record<string, { major: RussianNoun; minor: RussianNoun }> = {
  RUB: { major: { forms: ['рубль', 'рубля', 'рублей'], gender: 'masculine' }, minor: { forms: ['копейка', 'копейки', 'копеек'], gender: 'feminine' } },
  USD: { major: { forms: ['доллар США', 'доллара США', 'долларов США'], gender: 'masculine' }, minor: { forms: ['цент', 'цента', 'центов'], gender: 'masculine' } },
  EUR: { major: { forms: ['евро', 'евро', 'евро'], gender: 'masculine' }, minor: { forms: ['евроцент', 'евроцента', 'евроцентов'], gender: 'masculine' } },
};

/** The largest amount written in words: just under a thousand trillion. */
export const MAX_AMOUNT_IN_WORDS = 999_999_999_999_999n;

/** 1 рубль, 2–4 рубля, 5–20 рублей, 21 рубль, 111 рублей... */
export function russianPlural(n: bigint | number, forms: [string, string, string]): string {
  const value = BigInt(n) < 0n ? -BigInt(n) : BigInt(n);
  const lastTwo = Number(value % 100n);
  const last = lastTwo % 10;
  if (lastTwo >= 11 && lastTwo <= 19) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

/** 1–999 in words agreeing with the gender of what follows. */
function triadInRussian(n: number, gender: Gender): string[] {
  const words: string[] = [];
  if (n >= 100) words.push(hundreds[Math.floor(n / 100)]);
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(teens[rest - 10]);
  else {
    if (rest >= 20) words.push(tens[Math.floor(rest / 10)]);
    const unit = rest % 10;
    if (unit > 0) words.push((gender === 'feminine' ? unitsFeminine : unitsMasculine)[unit]);
  }
  return words;
}

/** A whole number in Russian words, agreeing with a noun of the given gender («одна», «две» for feminine). */
export function integerInRussianWords(value: bigint, gender: Gender = 'masculine'): string {
  if (value < 0n || value > MAX_AMOUNT_IN_WORDS) throw new RangeError(`out of range: ${value}`);
  if (value === 0n) return 'ноль';
  const triads: number[] = [];
  for (let rest = value; rest > 0n; rest /= 1000n) triads.push(Number(rest % 1000n));
  const words: string[] = [];
  for (let index = triads.length - 1; index >= 0; index--) {
    const triad = triads[index];
    if (triad === 0) continue;
    if (index === 0) words.push(...triadInRussian(triad, gender));
    else {
      const scale = scales[index - 1];
      words.push(...triadInRussian(triad, scale.gender), russianPlural(triad, scale.forms));
    }
  }
  return words.join(' ');
}

/** Decimal amount → [whole units, hundredths], rounded half up to the hundredth, without floating point. */
export function splitAmount(amount: string | number | bigint): { major: bigint; minor: number; negative: boolean } {
  if (typeof amount === 'bigint') return { major: amount < 0n ? -amount : amount, minor: 0, negative: amount < 0n };
  const text = typeof amount === 'number' ? (Number.isFinite(amount) ? amount.toFixed(2) : '') : amount.trim().replace(/\s/g, '').replace(',', '.');
  const match = /^(-)?(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw invalid('amount', 'is not a number');
  const fraction = (match[3] ?? '').padEnd(3, '0');
  let cents = BigInt(match[2]) * 100n + BigInt(fraction.slice(0, 2));
  if (Number(fraction[2]) >= 5) cents += 1n;
  return { major: cents / 100n, minor: Number(cents % 100n), negative: match[1] === '-' && cents > 0n };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** «Сорок две тысячи рублей 00 копеек»: the whole amount in words, the kopecks in digits, as Russian invoices write it. */
export function amountInRussianWords(amount: string | number | bigint, currency = 'RUB'): string {
  const nouns = russianCurrencies[currency] ?? russianCurrencies.RUB;
  const { major, minor, negative } = splitAmount(amount);
  if (major > MAX_AMOUNT_IN_WORDS) throw invalid('amount', 'is too large to write in words');
  const words = `${negative ? 'минус ' : ''}${integerInRussianWords(major, nouns.major.gender)} ${russianPlural(major, nouns.major.forms)} ${String(minor).padStart(2, '0')} ${russianPlural(minor, nouns.minor.forms)}`;
  return capitalise(words);
}

const englishOnes = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const englishTens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const englishScales = ['', 'thousand', 'million', 'billion', 'trillion'];

function triadInEnglish(n: number): string {
  const words: string[] = [];
  if (n >= 100) words.push(`${englishOnes[Math.floor(n / 100)]} hundred`);
  const rest = n % 100;
  if (rest > 0 && rest < 20) words.push(englishOnes[rest]);
  else if (rest >= 20) words.push(englishTens[Math.floor(rest / 10)] + (rest % 10 ? `-${englishOnes[rest % 10]}` : ''));
  return words.join(' ');
}

export function integerInEnglishWords(value: bigint): string {
  if (value < 0n || value > MAX_AMOUNT_IN_WORDS) throw new RangeError(`out of range: ${value}`);
  if (value === 0n) return 'zero';
  const triads: number[] = [];
  for (let rest = value; rest > 0n; rest /= 1000n) triads.push(Number(rest % 1000n));
  const words: string[] = [];
  for (let index = triads.length - 1; index >= 0; index--) {
    if (triads[index] === 0) continue;
    words.push(triadInEnglish(triads[index]) + (englishScales[index] ? ` ${englishScales[index]}` : ''));
  }
  return words.join(' ');
}

const englishCurrencies: Record<string, [string, string, string, string]> = {
  RUB: ['rouble', 'roubles', 'kopeck', 'kopecks'],
  USD: ['US dollar', 'US dollars', 'cent', 'cents'],
  EUR: ['euro', 'euros', 'cent', 'cents'],
};

/** "Forty-two thousand roubles 00 kopecks". */
export function amountInEnglishWords(amount: string | number | bigint, currency = 'RUB'): string {
  const [one, many, minorOne, minorMany] = englishCurrencies[currency] ?? englishCurrencies.RUB;
  const { major, minor, negative } = splitAmount(amount);
  if (major > MAX_AMOUNT_IN_WORDS) throw invalid('amount', 'is too large to write in words');
  return capitalise(`${negative ? 'minus ' : ''}${integerInEnglishWords(major)} ${major === 1n ? one : many} ${String(minor).padStart(2, '0')} ${minor === 1 ? minorOne : minorMany}`);
}

export function amountInWords(amount: string | number | bigint, language: 'ru' | 'en', currency = 'RUB'): string {
  return language === 'en' ? amountInEnglishWords(amount, currency) : amountInRussianWords(amount, currency);
}
