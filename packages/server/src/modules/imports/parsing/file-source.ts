// Reading an uploaded file as rows of text cells, whatever its format: the format is decided by the
// bytes (a ZIP signature means XLSX), and a file whose bytes contradict its extension is refused.
import { Readable } from 'node:stream';
import { AppError } from '../../../core/errors.js';
import { readCsvRows, sniffCsv, type CsvDialect, type FileRow } from './csv-reader.js';
import { readXlsxRows } from './xlsx-reader.js';
import { readXlsxMerges } from './xlsx-merges.js';

export type FileFormat = 'csv' | 'xlsx';

/** A function that opens a fresh stream of the file's bytes (the file is read more than once). */
export type OpenFile = () => Readable;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls

function startsWith(head: Buffer, signature: number[]): boolean {
  return signature.every((byte, index) => head[index] === byte);
}

/** Decides the format from the first bytes and the file name; throws a clear 400 when they disagree. */
export function detectFormat(head: Buffer, fileName: string): FileFormat {
  const extension = (/\.([a-z0-9]+)$/i.exec(fileName)?.[1] ?? '').toLowerCase();
  if (head.length === 0) throw new AppError('VALIDATION_FAILED', { message: 'The file is empty', details: [{ field: 'file', problem: 'is empty' }] });
  if (startsWith(head, OLE)) {
    throw new AppError('VALIDATION_FAILED', { message: 'Old Excel .xls files are not supported: save the file as .xlsx or CSV', details: [{ field: 'file', problem: 'is an old .xls workbook; save it as .xlsx or CSV' }] });
  }
  const isZip = startsWith(head, ZIP);
  if (extension === 'xlsx' && !isZip) {
    throw new AppError('VALIDATION_FAILED', { message: `"${fileName}" is not an Excel workbook although its name ends in .xlsx`, details: [{ field: 'file', problem: 'is not an .xlsx workbook (the content does not match the extension)' }] });
  }
  if (isZip && extension !== 'xlsx' && extension !== '') {
    if (extension === 'csv' || extension === 'txt' || extension === 'tsv') {
      throw new AppError('VALIDATION_FAILED', { message: `"${fileName}" is a ZIP/Excel file although its name ends in .${extension}`, details: [{ field: 'file', problem: `is not a text file (the content does not match .${extension})` }] });
    }
  }
  if (isZip) return 'xlsx';
  if (head.subarray(0, 4096).includes(0) && !hasUtf16Bom(head)) {
    throw new AppError('VALIDATION_FAILED', { message: `"${fileName}" is neither CSV text nor an .xlsx workbook`, details: [{ field: 'file', problem: 'is a binary file, not CSV or XLSX' }] });
  }
  return 'csv';
}

function hasUtf16Bom(head: Buffer): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

export interface FileReadOptions {
  format: FileFormat;
  sheet?: string | null;
  /** CSV dialect found by sniffCsv (encoding, delimiter); sniffed when absent. */
  dialect?: CsvDialect;
  /** XLSX: false skips the first pass that finds merged cells (enough for reading the header row). */
  merges?: boolean;
}

/** Rows of the file (header included) as arrays of trimmed text with their row numbers. */
export async function* readRows(open: OpenFile, options: FileReadOptions): AsyncGenerator<FileRow> {
  if (options.format === 'xlsx') {
    let merges;
    try {
      merges = options.merges === false ? undefined : await readXlsxMerges(open());
    } catch (error) {
      throw new AppError('VALIDATION_FAILED', { message: `The workbook could not be read: ${(error as Error).message}`, details: [{ field: 'file', problem: 'is not a readable .xlsx workbook' }] });
    }
    yield* readXlsxRows(open(), { sheet: options.sheet ?? undefined, merges });
    return;
  }
  const dialect = options.dialect ?? (await sniffCsv(await readHead(open(), 64 * 1024)));
  yield* readCsvRows(open(), dialect);
}

/** The first `size` bytes of a stream (then the stream is destroyed). */
export async function readHead(stream: Readable, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    chunks.push(buffer);
    length += buffer.length;
    if (length >= size) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, size);
}
