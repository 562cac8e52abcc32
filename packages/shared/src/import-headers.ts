// How an import file's column header is compared with field names, aliases and saved presets: the same
// on the server (automatic mapping) and in the browser (applying a preset to the columns it shows).

/** Lowercase, ё→е, no punctuation or extra spaces, no "(контакт)"-style qualifiers. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\((контакт|компания|сделка|contact|company|deal)\)/g, ' ')
    .replace(/[«»"'`*:№#_]/g, ' ')
    .replace(/[.\-–—/\\]+/g, (match) => (match.includes('.') ? '.' : ' '))
    .replace(/\s+/g, ' ')
    .replace(/\.$/, '')
    .trim();
}
