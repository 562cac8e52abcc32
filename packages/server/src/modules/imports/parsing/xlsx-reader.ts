// XLSX through exceljs's streaming WorkbookReader (with its zip pass replaced, xlsx-workbook-reader.ts):
// the first or a chosen sheet, formulas read as their cached result, dates as ISO text, rich text
// flattened. A merged range's value fills every cell of the range: the sheet lists its merges after its
// rows, so they come from a first pass over the file (xlsx-merges.ts) and are applied as the rows stream by.
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { AppError } from '../../../core/errors.js';
import type { FileRow } from './csv-reader.js';
import { MergeFiller, type MergeRange } from './xlsx-merges.js';
import { XlsxWorkbookReader } from './xlsx-workbook-reader.js';

export interface XlsxOptions {
  sheet?: string;
  /** Merged ranges per worksheet id (readXlsxMerges); without them merged cells other than the top-left read as empty. */
  merges?: Map<string, MergeRange[]>;
}

/** Text of one cell value as exceljs gives it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if ('result' in object || 'formula' in object || 'sharedFormula' in object) return cellText(object.result);
    if (Array.isArray(object.richText)) return (object.richText as { text: string }[]).map((part) => part.text).join('').trim();
    if ('text' in object) return cellText(object.text);
    if ('error' in object) return String(object.error);
  }
  return String(value);
}

/** Excel stores dates without a zone; exceljs gives them as UTC. Midnight is a date, else date and time. */
function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

export async function* readXlsxRows(input: Readable, options: XlsxOptions = {}): AsyncGenerator<FileRow> {
  const reader = new XlsxWorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  let found = false;
  const names: string[] = [];
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${names.length + 1}`;
      names.push(name);
      if (found || (options.sheet && name !== options.sheet)) {
        // Drain sheets we do not read, so the zip stream can go on.
        for await (const row of worksheet) void row;
        continue;
      }
      found = true;
      const filler = new MergeFiller(options.merges?.get(String((worksheet as unknown as { id: string | number }).id)) ?? []);
      let previous = 0;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        let cells: string[] = [];
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        if (!filler.isEmpty) {
          // A row wholly inside merged ranges may have no element in the sheet: make it up from the merges.
          for (let gap = previous + 1; gap < row.number; gap++) {
            const made = filler.fill(gap, []);
            if (made.some((cell) => cell !== '')) yield { number: gap, cells: made };
          }
          cells = filler.fill(row.number, cells);
        }
        previous = row.number;
        if (cells.every((cell) => cell === '')) continue;
        yield { number: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('VALIDATION_FAILED', { message: `The workbook could not be read: ${(error as Error).message}`, details: [{ field: 'file', problem: 'is not a readable .xlsx workbook' }] });
  }
  if (!found) {
    const problem = options.sheet ? `has no sheet "${options.sheet}" (sheets: ${names.join(', ')})` : 'has no sheets';
    throw new AppError('VALIDATION_FAILED', { message: `The workbook ${problem}`, details: [{ field: 'sheet', problem }] });
  }
}
