// One document's bytes: the built-in layout of its kind as PDF or DOCX, or an admin's DOCX template filled in.
import type { DocumentFormat } from '@svyaz/shared';
import { documentTitle, placeholderValues, type DocumentData } from './document-data.js';
import { layoutDocument } from './document-layout.js';
import { renderPdf } from './render-pdf.js';
import { renderDocx } from './render-docx.js';
import { renderDocxTemplate } from './docx-templates.js';

export const contentTypes: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** «Счёт на оплату № 12 от 07.12.2026.pdf» — the name the download and the email attachment carry. */
export function documentFileName(data: Pick<DocumentData, 'kind' | 'language' | 'number' | 'date'>, format: DocumentFormat, version = 1): string {
  const [year, month, day] = data.date.split('-');
  const date = data.language === 'ru' ? `${day}.${month}.${year}` : `${year}-${month}-${day}`;
  const no = data.language === 'ru' ? '№' : 'No.';
  return `${documentTitle(data.kind, data.language)} ${no} ${data.number} ${data.language === 'ru' ? 'от' : 'of'} ${date}${version > 1 ? ` (v${version})` : ''}.${format}`;
}

export async function renderDocument(data: DocumentData, format: DocumentFormat, template?: Buffer | null): Promise<Buffer> {
  const info = { title: `${documentTitle(data.kind, data.language)} ${data.number}`, author: data.supplier.name };
  if (template) return renderDocxTemplate(template, placeholderValues(data));
  const blocks = layoutDocument(data);
  return format === 'pdf' ? renderPdf(blocks, info) : renderDocx(blocks, info);
}
