// Reads what a person typed into the search box: which identifiers it could be (INN, email, phone)
// and the words for full-text and trigram matching. Pure functions, no database.
import { normaliseEmail, normalisePhone, phoneDigits } from '@svyaz/shared';

export interface ParsedSearch {
  /** Lower-cased, trimmed text for trigram matching. */
  text: string;
  /** The raw text for websearch_to_tsquery (quotes and "-word" keep their meaning). */
  words: string;
  /** `w1:* & w2:*` for partial words, or null when no word is left. */
  prefixQuery: string | null;
  inn: string | null;
  email: string | null;
  /** Digits to find inside stored phones (E.164 digits when the number is complete). */
  phoneDigits: string | null;
  /** Whether phoneDigits is a whole number (ranked as exact) rather than a fragment. */
  phoneComplete: boolean;
  /** The whole number in E.164, as phones are stored, for an exact lookup. */
  phoneE164: string | null;
}

const PHONE_CHARS = /^[\d\s()+\-.]+$/;
const WORD = /[\p{L}\p{N}]+/gu;

export function parseSearchText(input: string): ParsedSearch {
  const trimmed = input.trim().replace(/\s+/g, ' ');
  const digits = phoneDigits(trimmed);
  const inn = /^\d{10}$|^\d{12}$/.test(trimmed) ? trimmed : null;
  const email = trimmed.includes('@') ? normaliseEmail(trimmed) : null;
  let phone: string | null = null;
  let phoneE164: string | null = null;
  if (PHONE_CHARS.test(trimmed) && digits.length >= 5) {
    phoneE164 = digits.length >= 10 ? normalisePhone(trimmed) : null;
    phone = phoneE164 ? phoneDigits(phoneE164) : digits;
  }
  // Prefixes of one or two characters match half the dictionary: only longer words get a prefix search.
  const tokens = (trimmed.toLowerCase().match(WORD) ?? []).filter((token) => token.length >= 3).slice(0, 8);
  return {
    text: trimmed.toLowerCase(),
    words: trimmed,
    prefixQuery: tokens.length ? tokens.map((token) => `${token}:*`).join(' & ') : null,
    inn,
    email,
    phoneDigits: phone,
    phoneComplete: Boolean(phoneE164),
    phoneE164,
  };
}

/** Whether misspelling-tolerant (trigram) matching applies: a name-like query of 3 characters or more. */
export function wantsFuzzy(query: ParsedSearch): boolean {
  return query.text.length >= 3 && !query.phoneDigits && !query.email;
}
