// How 1C writes values: currencies as "руб" or a numeric code, numbers with a comma or spaces, booleans
// as "true"/"да". Pure functions, tested on their own.

/** ISO 4217 codes by what 1C and Bitrix write in Валюта (names, signs and numeric codes). */
const currencyAliases: Record<string, string> = {
  руб: 'RUB', 'руб.': 'RUB', рубль: 'RUB', rub: 'RUB', rur: 'RUB', '643': 'RUB', '₽': 'RUB',
  usd: 'USD', '840': 'USD', $: 'USD', 'долл': 'USD', 'долл.': 'USD',
  eur: 'EUR', '978': 'EUR', '€': 'EUR', евро: 'EUR',
  kzt: 'KZT', '398': 'KZT', тнг: 'KZT', тенге: 'KZT',
  byn: 'BYN', '933': 'BYN', 'бел. руб.': 'BYN',
  uah: 'UAH', '980': 'UAH', грн: 'UAH',
  cny: 'CNY', '156': 'CNY', юань: 'CNY',
  gbp: 'GBP', '826': 'GBP', chf: 'CHF', '756': 'CHF', jpy: 'JPY', '392': 'JPY',
  kgs: 'KGS', '417': 'KGS', uzs: 'UZS', '860': 'UZS', amd: 'AMD', '051': 'AMD', gel: 'GEL', '981': 'GEL',
  try: 'TRY', '949': 'TRY', aed: 'AED', '784': 'AED',
};

/** The ISO code of a 1C currency, or null when it is not one we know. */
export function currencyCode(value: string): string | null {
  return currencyAliases[value.trim().toLowerCase()] ?? null;
}

/** "1 290,50" -> "1290.50"; null when it is not a number. */
export function decimalOf(value: string): string | null {
  const text = value.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(text) ? text : null;
}

export function booleanOf(value: string): boolean | null {
  const text = value.trim().toLowerCase();
  if (['true', 'да', '1', 'yes', 'истина'].includes(text)) return true;
  if (['false', 'нет', '0', 'no', 'ложь'].includes(text)) return false;
  return null;
}

/** 1C's Ид of a product offer may carry a characteristic after '#': the product is the part before it. */
export function productIdOf(id: string): string {
  const hash = id.indexOf('#');
  return (hash >= 0 ? id.slice(0, hash) : id).trim();
}

/** ВерсияСхемы values this importer reads: CommerceML 2.0x. */
export function isKnownSchemaVersion(version: string | undefined): boolean {
  return version !== undefined && /^2\.0\d{1,2}$/.test(version.trim());
}
