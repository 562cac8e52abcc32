// A report result as a file: the XLSX sheet the export sends and the scheduled emails attach, and a
// PDF (title, period note, the table) drawn by the documents module's renderer with embedded DejaVu,
// so Cyrillic renders anywhere. Group columns first, then measures, labelled in the viewer's language.
import type { Readable } from 'node:stream';
import type { Values } from '../../core/records/definition.js';
import { xlsxStream } from '../exports/export-formats.js';
import type { ExportColumn } from '../exports/export-rows.js';
import { renderPdf } from '../documents/render-pdf.js';
import type { Align } from '../documents/document-layout.js';
import type { ReportResult } from './report-builder.service.js';

const measureNames: Record<'ru' | 'en', Record<string, string>> = {
  ru: { count: 'Количество', sum: 'Сумма', avg: 'Среднее', min: 'Минимум', max: 'Максимум', distinctCount: 'Различных' },
  en: { count: 'Count', sum: 'Sum', avg: 'Average', min: 'Minimum', max: 'Maximum', distinctCount: 'Distinct' },
};
const words = {
  ru: { empty: '(пусто)', generated: 'Сформирован', rows: 'Строк', capped: 'Показаны только крупнейшие группы' },
  en: { empty: '(empty)', generated: 'Generated', rows: 'Rows', capped: 'Only the largest groups are shown' },
};

export type ReportLanguage = 'ru' | 'en';
export const reportLanguage = (locale: string | null | undefined): ReportLanguage => (locale === 'en' ? 'en' : 'ru');

function headers(result: ReportResult, language: ReportLanguage) {
  const names = measureNames[language];
  return result.columns.map((column) => (column.kind === 'group' ? (column.field ?? '') : column.field ? `${names[column.fn!]}: ${column.field}` : names[column.fn!]));
}

/** The export columns of a result: one per group-by (its label, or its key), then one per measure. */
export function reportColumns(result: ReportResult, language: ReportLanguage): ExportColumn[] {
  const titles = headers(result, language);
  const groups = result.columns.filter((column) => column.kind === 'group').length;
  return result.columns.map((column, index): ExportColumn =>
    column.kind === 'group'
      ? { key: column.key, header: titles[index], kind: 'text', value: (row: Values) => (row.labels as (string | null)[])[index] ?? (row.keys as (string | null)[])[index] }
      : { key: column.key, header: titles[index], kind: 'number', value: (row: Values) => (row.values as unknown[])[index - groups] },
  );
}

export function reportXlsxStream(result: ReportResult, language: ReportLanguage): Readable {
  async function* pages() {
    yield result.rows as unknown as Values[];
  }
  return xlsxStream(reportColumns(result, language), pages, 'Report');
}

export async function reportXlsxBuffer(result: ReportResult, language: ReportLanguage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of reportXlsxStream(result, language)) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const numberFormat = (language: ReportLanguage) => new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 2 });

export async function reportPdfBuffer(result: ReportResult, input: { name: string; language: ReportLanguage; at: Date; timeZone: string }): Promise<Buffer> {
  const { language } = input;
  const text = words[language];
  const format = numberFormat(language);
  const titles = headers(result, language);
  const groups = result.columns.filter((column) => column.kind === 'group').length;
  const measures = titles.length - groups;
  const when = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'long', timeStyle: 'short', timeZone: input.timeZone }).format(input.at);
  // Group columns share 60 % of the width, measures the rest (all of it when there are no groups).
  const widths = titles.map((_, index) => (index < groups ? 0.6 / groups : (groups ? 0.4 : 1) / measures));
  const align: Align[] = titles.map((_, index) => (index < groups ? 'left' : 'right'));
  const rows = result.rows.map((row) => [
    ...row.keys.map((key, index) => row.labels[index] ?? key ?? text.empty),
    ...row.values.map((value) => (value === null ? '' : Number.isFinite(Number(value)) ? format.format(Number(value)) : String(value))),
  ]);
  return renderPdf(
    [
      { type: 'title', text: input.name },
      { type: 'paragraph', text: `${text.generated}: ${when}. ${text.rows}: ${rows.length}.${result.capped ? ` ${text.capped} (${result.capped.limit}).` : ''}`, small: true },
      { type: 'table', header: titles, widths, align, rows },
    ],
    { title: input.name, author: 'Svyaz CRM' },
  );
}
