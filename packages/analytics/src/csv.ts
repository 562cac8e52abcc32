import { AnalyticsError } from './errors.js';

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). Blank lines are skipped. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      inQuotes = true;
      fieldStarted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (fieldStarted || field.length > 0) row.push(field);
      if (row.length > 0) rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw new AnalyticsError('MALFORMED_INPUT', 'CSV ends inside a quoted field');
  if (fieldStarted || field.length > 0) row.push(field);
  if (row.length > 0) rows.push(row);
  return rows;
}

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Parses CSV with a header row; every data row must have as many fields as the header. */
export function parseCsvTable(text: string): CsvTable {
  const rows = parseCsvRows(text);
  if (rows.length === 0) throw new AnalyticsError('EMPTY_DATA', 'CSV input is empty');
  const header = rows[0].map((name) => name.trim());
  const body = rows.slice(1);
  body.forEach((row, index) => {
    if (row.length !== header.length) {
      throw new AnalyticsError(
        'MALFORMED_INPUT',
        `CSV row ${index + 2} has ${row.length} fields, the header has ${header.length}`,
        { row: index + 2 },
      );
    }
  });
  return { header, rows: body };
}

/** Index of each requested column; unknown names raise UNKNOWN_COLUMN listing what exists. */
export function findColumnIndexes(header: string[], columns: string[]): number[] {
  return columns.map((column) => {
    const index = header.indexOf(column);
    if (index < 0) {
      throw new AnalyticsError('UNKNOWN_COLUMN', `Unknown column "${column}"; available: ${header.join(', ')}`, {
        column,
        available: header,
      });
    }
    return index;
  });
}

export function quoteCsvField(value: string | number): string {
  const text = typeof value === 'number' ? formatCsvNumber(value) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatCsvNumber(value: number): string {
  if (value === Infinity) return 'Inf';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(10)));
}

export function formatCsv(header: string[], rows: (string | number)[][]): string {
  const lines = [header.map(quoteCsvField).join(',')];
  for (const row of rows) lines.push(row.map(quoteCsvField).join(','));
  return lines.join('\n') + '\n';
}
