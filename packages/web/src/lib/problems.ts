// The server words field problems in English ("is not a valid INN ..."); known ones are shown in the
// user's language, anything else as the server wrote it.
const patterns: [RegExp, string][] = [
  [/^must not be empty$|^is required/, 'required'],
  [/^is not a valid INN/, 'inn'],
  [/^is not a valid KPP/, 'kpp'],
  [/^is not a valid OGRN/, 'ogrn'],
  [/is not a valid phone number$/, 'phone'],
  [/is not a valid email address$/, 'email'],
  [/^must be at most (\d+) characters$/, 'tooLong'],
  [/^must be a decimal number$|^must be number/, 'number'],
  [/^must not be negative$/, 'negative'],
  [/^must be a date YYYY-MM-DD$/, 'date'],
  [/^must be an ISO 8601 date-time$/, 'dateTime'],
  [/^must be an ISO 4217 code/, 'currency'],
  [/^is not a known field$/, 'unknownField'],
  [/^is not a (company|contact|deal) you can see$/, 'notVisible'],
  [/^is already taken$/, 'taken'],
  [/^must be at least (\d+) characters$/, 'tooShort'],
];

export function problemKey(problem: string): { key: string; count?: number } | null {
  for (const [pattern, key] of patterns) {
    const match = pattern.exec(problem);
    if (match) return match[1] && /^\d+$/.test(match[1]) ? { key, count: Number(match[1]) } : { key };
  }
  return null;
}

export function translateProblem(problem: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  const known = problemKey(problem);
  return known ? t(`problems.${known.key}`, known.count === undefined ? undefined : { count: known.count }) : problem;
}
