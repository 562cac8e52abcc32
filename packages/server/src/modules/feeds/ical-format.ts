// RFC 5545 text: escaping of TEXT values, UTC date-times, and lines folded at 75 octets (never inside
// a UTF-8 character), joined with CRLF.

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, and newlines as \n. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** 20261207T101500Z: every time in the feed is UTC, so any client shows it in its own zone correctly. */
export function utcDateTime(value: string | Date): string {
  return new Date(value).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Folds one content line: at most 75 octets per line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const length = Buffer.byteLength(char, 'utf8');
    if (size + length > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // the leading space takes one octet
    }
    current += char;
    size += length;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export type Property = [name: string, value: string | null | undefined];

/** One component (VEVENT, VCALENDAR...) from its properties; empty values are left out. */
export function component(name: string, properties: Property[], inner: string[] = []): string {
  const lines = [`BEGIN:${name}`, ...properties.filter(([, value]) => value !== null && value !== undefined && value !== '').map(([key, value]) => foldLine(`${key}:${value}`)), ...inner, `END:${name}`];
  return lines.join('\r\n');
}
