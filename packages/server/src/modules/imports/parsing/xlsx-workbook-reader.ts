// exceljs's streaming WorkbookReader with its zip pass replaced. Its own pass walks the zip's entries with
// a helper (lib/utils/iterate-stream.js) that stops at the zip stream's 'end' event, and unzipper emits
// 'end' as soon as its input has been written, while the last entries may still wait in the stream's
// buffer. When the consumer is slow on a worksheet entry (it is copied to a temporary file when the
// shared strings come after it, as exceljs and Excel both write them), the entries after it are never
// seen: shared strings stay unresolved ({ sharedString: 3 }) and the workbook model is missing
// (exceljs issues #683 and #3064). CI hit this under load. Node's own async iterator reads what is
// buffered before it ends, so this pass iterates the zip with it; the rest is exceljs's.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { openZipEntries, SHEET_PATH, type ZipEntry } from './xlsx-zip.js';

/** The parts of exceljs's WorkbookReader this pass calls (not in its typings). */
interface ReaderInternals {
  input: Readable;
  sharedStrings?: unknown[];
  workbookRels?: unknown[];
  model?: { sheets?: unknown[] };
  _parseRels(entry: ZipEntry): Promise<void>;
  _parseWorkbook(entry: ZipEntry): Promise<void>;
  _parseSharedStrings(entry: ZipEntry): AsyncGenerator<{ eventType: string; value: unknown }>;
  _parseStyles(entry: ZipEntry): Promise<void>;
  _parseWorksheet(chunks: AsyncIterable<Buffer>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

export class XlsxWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  override async *parse(): AsyncGenerator<{ eventType: string; value: unknown }> {
    const self = this as unknown as ReaderInternals;
    // Worksheets that come before the shared strings, the relations or the workbook wait in temporary files.
    let directory: string | null = null;
    const waiting: { sheetNo: string; path: string }[] = [];
    try {
      for await (const entry of openZipEntries(self.input)) {
        const sheet = SHEET_PATH.exec(entry.path);
        if (entry.path === 'xl/_rels/workbook.xml.rels') await self._parseRels(entry);
        else if (entry.path === 'xl/workbook.xml') await self._parseWorkbook(entry);
        else if (entry.path === 'xl/sharedStrings.xml') yield* self._parseSharedStrings(entry);
        else if (entry.path === 'xl/styles.xml') await self._parseStyles(entry);
        else if (sheet && self.sharedStrings && self.workbookRels && self.model) yield* self._parseWorksheet(entry, sheet[1]);
        else if (sheet) {
          directory ??= await mkdtemp(join(tmpdir(), 'svyaz-xlsx-'));
          const path = join(directory, `sheet${sheet[1]}.xml`);
          await pipeline(entry, createWriteStream(path));
          waiting.push({ sheetNo: sheet[1], path });
        }
        // Whatever of the entry was not read (hyperlinks, drawings, a sheet the consumer skipped).
        if (!entry.readableEnded) for await (const chunk of entry) void chunk;
      }
      // A workbook without xl/workbook.xml still has sheets; they are named by position.
      self.model ??= { sheets: [] };
      for (const { sheetNo, path } of waiting) yield* self._parseWorksheet(createReadStream(path), sheetNo);
    } finally {
      if (directory) await rm(directory, { recursive: true, force: true });
    }
  }
}
