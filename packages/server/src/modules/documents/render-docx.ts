// Blocks → DOCX with the docx package: the same built-in layouts as the PDF, editable in Word or
// LibreOffice (and a starting point for an admin's own template).
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type ISectionOptions } from 'docx';
import type { Align, Block } from './document-layout.js';

const FONT = 'DejaVu Sans';
const SIZE = 18; // half-points: 9 pt, as the PDF
const alignment = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;
const noBorder = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const noBorders = { top: noBorder, bottom: noBorder, left: noBorder, right: noBorder, insideHorizontal: noBorder, insideVertical: noBorder };

const run = (text: string, options: { bold?: boolean; size?: number } = {}) => new TextRun({ text, bold: options.bold, font: FONT, size: options.size ?? SIZE });

/** A paragraph per line of the text (a DOCX run does not break on \n). */
function paragraphs(text: string, options: { bold?: boolean; align?: Align; size?: number; boldFirstLine?: boolean } = {}): Paragraph[] {
  return text.split('\n').map(
    (line, index) => new Paragraph({ alignment: alignment[options.align ?? 'left'], children: [run(line, { bold: options.bold || (options.boldFirstLine && index === 0), size: options.size })] }),
  );
}

function table(rows: string[][], widths: number[], align: Align[], options: { header?: boolean; borders?: boolean; boldFirstLine?: boolean } = {}): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: widths.map((fraction) => Math.round(fraction * 9600)),
    borders: options.borders === false ? noBorders : undefined,
    rows: rows.map(
      (cells, rowIndex) =>
        new TableRow({
          tableHeader: options.header && rowIndex === 0,
          children: cells.map(
            (cell, index) =>
              new TableCell({
                width: { size: Math.round(widths[index] * 100), type: WidthType.PERCENTAGE },
                shading: options.header && rowIndex === 0 ? { fill: 'EEEEEE' } : undefined,
                children: paragraphs(cell, { bold: options.header && rowIndex === 0, align: options.header && rowIndex === 0 ? 'center' : align[index], boldFirstLine: options.boldFirstLine }),
              }),
          ),
        }),
    ),
  });
}

const spacer = () => new Paragraph({ children: [run('')] });

function blockToDocx(block: Block): (Paragraph | Table)[] {
  switch (block.type) {
    case 'grid':
      return [table(block.rows, block.widths, block.widths.map(() => 'left'), { boldFirstLine: true }), spacer()];
    case 'title':
      return [new Paragraph({ spacing: { after: 120 }, children: [run(block.text, { bold: true, size: 28 })] })];
    case 'heading':
      return [new Paragraph({ spacing: { before: 120 }, children: [run(block.text, { bold: true, size: 20 })] })];
    case 'paragraph':
      return [new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 80 }, children: [run(block.text, { bold: block.bold, size: block.small ? SIZE - 2 : SIZE })] })];
    case 'fields':
      return [table(block.rows.map(([label, value]) => [label, value]), [0.18, 0.82], ['left', 'left'], { borders: false }), spacer()];
    case 'table':
      return [table([block.header, ...block.rows], block.widths, block.align, { header: true }), spacer()];
    case 'totals':
      return block.rows.map(([label, value]) => new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(`${label} `, { bold: true }), run(value, { bold: true })] }));
    case 'columns':
      return [table([block.columns.map((column) => [column.title, ...column.lines].join('\n'))], block.columns.map(() => 1 / block.columns.length), block.columns.map(() => 'left'), { borders: false, boldFirstLine: true }), spacer()];
    case 'signatures':
      return [spacer(), table([block.items.map((item) => `${item.role}\n________________ / ${item.name || '________________'} /`)], block.items.map(() => 1 / block.items.length), block.items.map(() => 'left'), { borders: false, boldFirstLine: true })];
    case 'rule':
      return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: '000000', space: 1 } }, children: [] })];
  }
}

export async function renderDocx(blocks: Block[], info: { title: string; author?: string }): Promise<Buffer> {
  const section: ISectionOptions = {
    properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 800, bottom: 800, left: 800, right: 800 } } },
    children: blocks.flatMap(blockToDocx),
  };
  const document = new Document({ title: info.title, creator: info.author ?? 'Svyaz CRM', styles: { default: { document: { run: { font: FONT, size: SIZE } } } }, sections: [section] });
  return Buffer.from(await Packer.toBuffer(document));
}
