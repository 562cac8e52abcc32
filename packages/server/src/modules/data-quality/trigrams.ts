// pg_trgm's similarity() in TypeScript, so the duplicate finder can compare names in the worker in small
// steps instead of in one long SQL statement (which on PGlite holds the only connection). It follows
// pg_trgm's rules (trgm_op.c, generate_trgm and cnt_sml): the text is lowercased and split into words of
// letters and digits; each word is padded with two spaces in front and one behind; its trigrams are the
// runs of three characters; a text's trigrams are a set; similarity is shared / (|A| + |B| - shared), and 0
// when either text has none. (pg_trgm stores a trigram of multibyte characters as a 3-byte hash, so two
// different Cyrillic trigrams could in principle collide there; they do not here.)

const WORD = /[\p{L}\p{N}]+/gu;

/** The sorted, distinct trigrams of a text. */
export function trigrams(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const padded = Array.from(`  ${match[0]} `); // by code point, as pg_trgm counts characters
    for (let index = 0; index + 3 <= padded.length; index++) found.add(padded[index] + padded[index + 1] + padded[index + 2]);
  }
  return Array.from(found).sort();
}

/** Similarity of two texts given as trigrams() results: the count of shared trigrams over the union's. */
export function trigramSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}
