// Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) are prefixed with
// an apostrophe, so an exported value can never execute in the user's Excel (CSV/formula injection).
// A plain signed number or phone ("-12,5", "+7 (916) 123-45-67") cannot be a harmful formula and is kept.
const DANGEROUS = /^[=+\-@\t\r]/;
const NUMBER_LIKE = /^[+-][\d\s().,-]*$/;

export function neutraliseFormula(value: string): string {
  return DANGEROUS.test(value) && !NUMBER_LIKE.test(value) ? `'${value}` : value;
}
