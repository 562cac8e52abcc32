// Russian company and person identifiers with their checksums (Federal Tax Service rules).

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: number[], weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digits[i] * weights[i];
  return (sum % 11) % 10;
}

function toDigits(value: string): number[] {
  return Array.from(value, (char) => char.charCodeAt(0) - 48);
}

/** INN: 10 digits for organisations, 12 for individuals and sole proprietors. */
export function isValidInn(value: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(value)) return false;
  const d = toDigits(value);
  if (value.length === 10) return checkDigit(d, INN10_WEIGHTS) === d[9];
  return checkDigit(d, INN12_WEIGHTS_1) === d[10] && checkDigit(d, INN12_WEIGHTS_2) === d[11];
}

/** KPP: 4 digits of tax office, 2 of reason (digits or capital Latin letters), 3 digits of sequence. */
export function isValidKpp(value: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(value);
}

/** OGRN (13 digits, remainder mod 11) or OGRNIP (15 digits, remainder mod 13). */
export function isValidOgrn(value: string): boolean {
  if (/^\d{13}$/.test(value)) {
    const check = Number(BigInt(value.slice(0, 12)) % 11n) % 10;
    return check === Number(value[12]);
  }
  if (/^\d{15}$/.test(value)) {
    const check = Number(BigInt(value.slice(0, 14)) % 13n) % 10;
    return check === Number(value[14]);
  }
  return false;
}

/** Complete a 9-digit organisation prefix into a valid 10-digit INN (used by demo data and tests). */
export function completeInn10(prefix9: string): string {
  return prefix9 + String(checkDigit(toDigits(prefix9), INN10_WEIGHTS));
}

/** Complete a 10-digit prefix into a valid 12-digit personal INN. */
export function completeInn12(prefix10: string): string {
  const first = checkDigit(toDigits(prefix10), INN12_WEIGHTS_1);
  const withFirst = prefix10 + String(first);
  return withFirst + String(checkDigit(toDigits(withFirst), INN12_WEIGHTS_2));
}

/** Complete a 12-digit prefix into a valid OGRN. */
export function completeOgrn(prefix12: string): string {
  return prefix12 + String(Number(BigInt(prefix12) % 11n) % 10);
}
