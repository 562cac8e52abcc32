// Streaming writers: CSV (UTF-8 with BOM so Excel shows Cyrillic; ; or , as delimiter) and XLSX
// (exceljs's streaming WorkbookWriter, rows committed as they come). Every text cell is neutralised
// against formula injection.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Values } from '../../core/records/definition.js';
import { neutraliseFormula } from './cell-safety.js';
import type { ExportColumn } from './export-rows.js';

function cellValue(column: ExportColumn, row: Values): string | number | null {
  const value = column.value(row);
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return neutraliseFormula(value.join(', '));
  if (column.kind === 'number' && value !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof value === 'object') return neutraliseFormula(JSON.stringify(value));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return value;
  return neutraliseFormula(String(value));
}

function csvCell(value: string | number | null, delimiter: string): string {
  if (value === null) return '';
  const text = String(value);
  return text.includes('"') || text.includes(delimiter) || text.includes('\n') || text.includes('\r') ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvStream(columns: ExportColumn[], pages: () => AsyncGenerator<Values[]>, delimiter: string): Readable {
  async function* generate() {
    yield '\ufeff' + columns.map((column) => csvCell(neutraliseFormula(column.header), delimiter)).join(delimiter) + '\r\n';
    for await (const page of pages()) {
      let chunk = '';
      for (const row of page) chunk += columns.map((column) => csvCell(cellValue(column, row), delimiter)).join(delimiter) + '\r\n';
      yield chunk;
    }
  }
  return Readable.from(generate(), { objectMode: false });
}

export function xlsxStream(columns: ExportColumn[], pages: () => AsyncGenerator<Values[]>, sheetName: string): Readable {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  (async () => {
    sheet.addRow(columns.map((column) => neutraliseFormula(column.header))).commit();
    for await (const page of pages()) {
      for (const row of page) sheet.addRow(columns.map((column) => cellValue(column, row))).commit();
      // Let the writer drain before reading the next page (bounded memory on slow clients).
      if (stream.writableNeedDrain) await new Promise((resolve) => stream.once('drain', resolve));
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error) => stream.destroy(error as Error));
  return stream;
}
