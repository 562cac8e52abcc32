// Blocks → PDF with pdfkit and DejaVu Sans embedded (subset) from the dejavu-fonts-ttf package, so
// Cyrillic renders on any machine after `npm install` alone. A4, 40 pt margins, tables break across
// pages with their header repeated.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Align, Block } from './document-layout.js';

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;
/** The font files, read once per process. */
export function documentFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

const MARGIN = 40;
const SIZE = 9;
const PAD = 3;
type Doc = InstanceType<typeof PDFDocument>;

/** A pdfkit document with the fonts registered, for the renderer and for the benchmark's reference. */
export function newPdf(info: { title: string; author?: string }): Doc {
  const { regular, bold } = documentFonts();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: info.title, Author: info.author ?? '', Creator: 'Svyaz CRM' }, bufferPages: false });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  doc.font('regular').fontSize(SIZE);
  return doc;
}

export function pdfToBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

const contentWidth = (doc: Doc) => doc.page.width - MARGIN * 2;
const bottom = (doc: Doc) => doc.page.height - MARGIN;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
    doc.y = MARGIN;
  }
}

/** One row of bordered cells; returns its height. */
function drawRow(doc: Doc, cells: string[], widths: number[], align: Align[], options: { bold?: boolean; fill?: string; boldFirstLine?: boolean } = {}): void {
  const total = contentWidth(doc);
  const columnWidths = widths.map((fraction) => fraction * total);
  doc.font(options.bold ? 'bold' : 'regular').fontSize(SIZE);
  const height = Math.max(...cells.map((cell, index) => doc.heightOfString(cell || ' ', { width: columnWidths[index] - PAD * 2 }))) + PAD * 2;
  ensureSpace(doc, height);
  const top = doc.y;
  let x = MARGIN;
  cells.forEach((cell, index) => {
    const width = columnWidths[index];
    if (options.fill) doc.save().rect(x, top, width, height).fill(options.fill).restore();
    doc.lineWidth(0.5).rect(x, top, width, height).stroke();
    if (options.boldFirstLine && cell.includes('\n')) {
      const [first, ...rest] = cell.split('\n');
      doc.font('bold').text(first, x + PAD, top + PAD, { width: width - PAD * 2, align: align[index] });
      doc.font('regular').text(rest.join('\n'), x + PAD, doc.y, { width: width - PAD * 2, align: align[index] });
    } else {
      doc.font(options.bold ? 'bold' : 'regular').text(cell, x + PAD, top + PAD, { width: width - PAD * 2, align: align[index] });
    }
    x += width;
  });
  doc.x = MARGIN;
  doc.y = top + height;
}

function drawBlock(doc: Doc, block: Block): void {
  const width = contentWidth(doc);
  switch (block.type) {
    case 'grid':
      for (const row of block.rows) drawRow(doc, row, block.widths, row.map(() => 'left'), { boldFirstLine: true });
      doc.moveDown(1);
      break;
    case 'title':
      ensureSpace(doc, 40);
      doc.font('bold').fontSize(14).text(block.text, MARGIN, doc.y, { width });
      doc.fontSize(SIZE).moveDown(0.5);
      break;
    case 'heading':
      ensureSpace(doc, 30);
      doc.moveDown(0.4).font('bold').fontSize(10).text(block.text, MARGIN, doc.y, { width });
      doc.fontSize(SIZE).moveDown(0.2);
      break;
    case 'paragraph':
      doc.font(block.bold ? 'bold' : 'regular').fontSize(block.small ? SIZE - 1 : SIZE);
      ensureSpace(doc, doc.heightOfString(block.text, { width }));
      doc.text(block.text, MARGIN, doc.y, { width, align: 'justify' });
      doc.fontSize(SIZE).moveDown(0.4);
      break;
    case 'fields':
      for (const [label, value] of block.rows) {
        const labelHeight = doc.font('regular').heightOfString(label, { width: 100 });
        const height = Math.max(doc.font('bold').heightOfString(value || ' ', { width: width - 105 }), labelHeight, 12);
        ensureSpace(doc, height + 4);
        const top = doc.y;
        doc.font('regular').text(label, MARGIN, top, { width: 100 });
        doc.font('bold').text(value, MARGIN + 105, top, { width: width - 105 });
        doc.y = top + height + 4;
      }
      doc.moveDown(0.5);
      break;
    case 'table':
      drawRow(doc, block.header, block.widths, block.header.map(() => 'center'), { bold: true, fill: '#eeeeee' });
      for (const row of block.rows) {
        if (doc.y + 20 > bottom(doc)) {
          doc.addPage();
          doc.y = MARGIN;
          drawRow(doc, block.header, block.widths, block.header.map(() => 'center'), { bold: true, fill: '#eeeeee' });
        }
        drawRow(doc, row, block.widths, block.align);
      }
      doc.moveDown(0.5);
      break;
    case 'totals':
      ensureSpace(doc, block.rows.length * 14);
      for (const [label, value] of block.rows) {
        const top = doc.y;
        doc.font('bold').text(label, MARGIN, top, { width: width - 110, align: 'right' });
        doc.text(value, MARGIN + width - 100, top, { width: 100, align: 'right' });
        doc.y = top + 13;
      }
      doc.font('regular').moveDown(0.5);
      break;
    case 'columns': {
      const columnWidth = (width - 20) / block.columns.length;
      const height = Math.max(...block.columns.map((column) => doc.heightOfString([column.title, ...column.lines].join('\n'), { width: columnWidth }))) + 4;
      ensureSpace(doc, height);
      const top = doc.y;
      block.columns.forEach((column, index) => {
        const x = MARGIN + index * (columnWidth + 20);
        doc.font('bold').text(column.title, x, top, { width: columnWidth });
        doc.font('regular').text(column.lines.join('\n'), x, doc.y, { width: columnWidth });
      });
      doc.x = MARGIN;
      doc.y = top + height;
      doc.moveDown(0.5);
      break;
    }
    case 'signatures': {
      ensureSpace(doc, 40);
      doc.moveDown(1);
      const columnWidth = width / block.items.length;
      const top = doc.y;
      block.items.forEach((item, index) => {
        const x = MARGIN + index * columnWidth;
        doc.font('bold').text(item.role, x, top, { width: columnWidth - 10 });
        doc.font('regular').text(`________________ / ${item.name || '________________'} /`, x, top + 16, { width: columnWidth - 10 });
      });
      doc.x = MARGIN;
      doc.y = top + 40;
      break;
    }
    case 'rule':
      ensureSpace(doc, 8);
      doc.lineWidth(1.2).moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).stroke();
      doc.lineWidth(0.5).moveDown(0.5);
      break;
  }
}

export async function renderPdf(blocks: Block[], info: { title: string; author?: string }): Promise<Buffer> {
  const doc = newPdf(info);
  for (const block of blocks) drawBlock(doc, block);
  return pdfToBuffer(doc);
}
