// CSV as Russian Excel and other CRMs write it: UTF-8 with or without BOM or Windows-1251,
// delimiter , ; tab or |, quoted fields with line breaks. Streams through csv-parse.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'windows-1251' | 'utf-16le';
export interface CsvDialect {
  encoding: Encoding;
  delimiter: string;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** Guesses the encoding: a BOM decides; valid UTF-8 is UTF-8; anything else is Windows-1251. */
export function detectEncoding(head: Buffer): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  // A sample may end inside a multi-byte character: drop up to 3 trailing bytes of an incomplete sequence.
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back];
    if ((byte & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((byte & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

/** Decodes a sample of the file (for sniffing and previews). */
export function decodeSample(head: Buffer, encoding: Encoding): string {
  const text = iconv.decode(head, encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Picks the delimiter that splits the first lines into the same number (> 1) of fields most often,
 * counting only outside quotes.
 */
export function detectDelimiter(sample: string): string {
  const lines = splitLogicalLines(sample).slice(0, 30);
  if (lines.length > 1) lines.pop(); // the last line of a sample may be cut
  let best = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    if (!counts.length || counts[0] === 0) continue;
    const same = counts.filter((count) => count === counts[0]).length;
    const score = same * 1000 + counts[0];
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

/** Lines, keeping line breaks inside quotes within their field. */
function splitLogicalLines(text: string): string[] {
  const lines: string[] = [];
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) {
      lines.push(text.slice(start, index).replace(/\r$/, ''));
      start = index + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines.filter((line) => line.trim() !== '');
}

export async function sniffCsv(head: Buffer): Promise<CsvDialect> {
  const encoding = detectEncoding(head);
  return { encoding, delimiter: detectDelimiter(decodeSample(head, encoding)) };
}

/** A row of text cells and its number as Excel would show it (the header is row 1). */
export interface FileRow {
  number: number;
  cells: string[];
}

/** Streams rows; ragged rows are returned as they are (the caller pads or reports); blank rows are skipped. */
export async function* readCsvRows(input: Readable, dialect: CsvDialect): AsyncGenerator<FileRow> {
  const decoded = input.pipe(iconv.decodeStream(dialect.encoding));
  const parser = decoded.pipe(
    parse({
      delimiter: dialect.delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
    }),
  );
  decoded.on('error', (error) => parser.destroy(error));
  let number = 0;
  for await (const record of parser) {
    number++;
    const cells = record as string[];
    if (cells.every((cell) => cell === '')) continue;
    yield { number, cells };
  }
}
