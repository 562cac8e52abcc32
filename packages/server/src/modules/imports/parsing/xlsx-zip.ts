// The entries of an XLSX (a zip) in the order they are stored, read in one streaming pass with the zip
// reader exceljs itself uses (resolved through exceljs so the versions agree). Iterated with Node's own
// async iterator, which reads every entry buffered before the stream's end: unzipper emits 'end' when its
// input has been written, possibly before the last entries have been taken (see xlsx-workbook-reader.ts).
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

export interface ZipEntry extends Readable {
  path: string;
}

/** A worksheet's entry; the number N of xl/worksheets/sheetN.xml is exceljs's worksheet id. */
export const SHEET_PATH = /^xl\/worksheets\/sheet(\d+)\.xml$/;

const requireFromExcel = createRequire(createRequire(import.meta.url).resolve('exceljs'));
const unzipper = requireFromExcel('unzipper') as { Parse(options: { forceStream: boolean }): NodeJS.ReadWriteStream & Readable & AsyncIterable<ZipEntry> };

/** Each entry must be read to its end (or destroyed) before the next one arrives. */
export async function* openZipEntries(input: Readable): AsyncGenerator<ZipEntry> {
  const zip = unzipper.Parse({ forceStream: true });
  // A cut or damaged file fails the zip stream, not the entry being read: pass the failure on to it.
  let current: ZipEntry | null = null;
  let failure: Error | null = null;
  zip.on('error', (error: Error) => {
    failure = error;
    current?.destroy(error);
  });
  input.on('error', (error) => zip.emit('error', error));
  input.pipe(zip);
  try {
    for await (const entry of zip) {
      if (failure) throw failure;
      current = entry;
      yield entry;
    }
    if (failure) throw failure;
  } finally {
    input.unpipe(zip);
    input.destroy();
  }
}
