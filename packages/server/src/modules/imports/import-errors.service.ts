// The failed rows of an import as an XLSX: the original columns plus one column with the problems,
// so the user can fix the cells and import the file again (the error column is not mapped). Values are
// written as text cells, which Excel never evaluates, so they stay exactly as they were in the upload.
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { rows } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { findImportJob } from './import-jobs.repo.js';

export const ERROR_COLUMN = 'Ошибки импорта / Import errors';
const PAGE = 2000;

export async function streamImportErrors(ctx: Ctx, id: string): Promise<{ fileName: string; stream: PassThrough }> {
  const job = await findImportJob(ctx.db, ctx.actor, id);
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Errors');
  const write = async () => {
    sheet.addRow(['Строка / Row', ...job.headers, ERROR_COLUMN]).commit();
    let after = 0;
    for (;;) {
      const page = await rows<{ rowNumber: number; raw: string[]; errors: { field: string; column?: string; problem: string }[] }>(
        ctx.db,
        sql`select row_number as "rowNumber", raw, errors from import_failed_rows where import_id = ${id} and row_number > ${after} order by row_number limit ${PAGE}`,
      );
      for (const row of page) {
        const message = row.errors.map((error) => `${error.column ? `${error.column} → ` : ''}${error.field}: ${error.problem}`).join('; ');
        const cells = job.headers.map((_, index) => row.raw[index] ?? '');
        sheet.addRow([row.rowNumber, ...cells, message]).commit();
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].rowNumber;
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error) => stream.destroy(error as Error));
  return { fileName: `${job.fileName.replace(/\.[^.]+$/, '')}-errors.xlsx`, stream };
}
