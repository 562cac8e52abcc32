// Each built-in default rendered and read back: pdftotext (poppler) must find the title, the number, the
// parties' INN/KPP, the bank's BIK and accounts, the amounts and the total in words; pdftoppm draws the
// first page, which must have ink on it; the DOCX is unzipped and its text checked the same way.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { documentKinds, type DocumentKind } from '@svyaz/shared';
import { sampleData, sampleSupplier } from './document-samples.js';
import { renderDocument } from './document-render.js';
import { inkShare, pdfText, testDir as dir } from './document-render.test-helpers.js';

function docxText(docx: Buffer): string {
  const xml = new PizZip(docx).file('word/document.xml')!.asText();
  return xml.replace(/<w:p[ >]/g, ' <w:p ').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/[\s\u00a0]+/g, ' ');
}

const titles: Record<DocumentKind, RegExp> = {
  offer: /Коммерческое предложение № 17 от 7 декабря 2026 г\./,
  invoice: /Счёт на оплату № 17 от 7 декабря 2026 г\./,
  contract: /Договор № 17/,
  act: /Акт № 17 от 7 декабря 2026 г\./,
};

describe('built-in document templates', () => {
  it.each(documentKinds)('%s: the PDF reads back with its amounts, words and details, and page 1 has ink', async (kind) => {
    const pdf = await renderDocument(sampleData(kind), 'pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf, kind);
    expect(text).toMatch(titles[kind]);
    expect(text).toContain('ИНН 7707083893');
    expect(text).toContain('КПП 773601001');
    expect(text).toContain('ИНН 7736207543');
    expect(text).toContain('КПП 770401001');
    expect(text).toContain('Кофе в зёрнах');
    expect(text).toContain('1 500,00');
    expect(text).toContain('30 000,00');
    expect(text).toContain('42 000,00');
    expect(text).toContain('НДС 22 %');
    expect(text).toContain('9 240,00');
    expect(text).toContain('51 240,00');
    expect(text).toContain('Пятьдесят одна тысяча двести сорок рублей 00 копеек');
    if (kind === 'invoice' || kind === 'contract') {
      expect(text).toContain('044525225');
      expect(text).toContain('40702810938000012345');
      expect(text).toContain('30101810400000000225');
    }
    if (kind === 'invoice') expect(text).toMatch(/Всего наименований 2, на сумму 51 240,00 руб\./);
    if (kind === 'act') expect(text).toContain('претензий по объёму, качеству и срокам');
    // The font is embedded (a subset of DejaVu Sans), so the Cyrillic does not depend on the reader's fonts.
    expect(execFileSync('pdffonts', [join(dir, readdirPdf(kind))], { encoding: 'utf8' })).toMatch(/DejaVuSans.*yes/);
    const ink = inkShare(pdf, join(dir, `${kind}.png`));
    expect(ink).toBeGreaterThan(0.01);
    expect(ink).toBeLessThan(0.5);
  });

  it.each(documentKinds)('%s: the DOCX holds the same words and details', async (kind) => {
    const docx = await renderDocument(sampleData(kind), 'docx');
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const text = docxText(docx);
    expect(text).toContain('ИНН 7707083893');
    expect(text).toContain('ИНН 7736207543');
    expect(text).toContain('51 240,00');
    expect(text).toContain('Пятьдесят одна тысяча двести сорок рублей 00 копеек');
    if (kind === 'invoice') expect(text).toContain('044525225');
  });

  it('VAT included in the price: «В том числе НДС», the total is the lines\' sum', async () => {
    const text = pdfText(await renderDocument(sampleData('invoice', { supplier: { ...sampleSupplier, vatMode: 'included' }, subtotal: '34426.23', vat: '7573.77', total: '42000.00' }), 'pdf'));
    expect(text).toContain('В том числе НДС 22 %: 7 573,77');
    expect(text).toContain('Сорок две тысячи рублей 00 копеек');
  });

  it('English documents speak English, with the total in English words', async () => {
    const text = pdfText(await renderDocument(sampleData('invoice', { language: 'en' }), 'pdf'));
    expect(text).toContain('Invoice No. 17 of 7 December 2026');
    expect(text).toContain('51,240.00');
    expect(text).toContain('Fifty-one thousand two hundred forty roubles 00 kopecks');
    expect(text).toContain('VAT 22%');
  });

  it('a long invoice breaks across pages and repeats the table header', async () => {
    const lines = Array.from({ length: 80 }, (_, index) => ({ name: `Позиция ${index + 1}`, sku: null, unit: 'шт', quantity: '1', price: '100.00', discountPercent: '0', amount: '100.00' }));
    const pdf = await renderDocument(sampleData('invoice', { lines, subtotal: '8000.00', vat: '1760.00', total: '9760.00' }), 'pdf');
    const path = join(dir, 'long.pdf');
    writeFileSync(path, pdf);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(1);
    const text = pdfText(pdf);
    expect(text.match(/Товары \(работы, услуги\)/g)!.length).toBeGreaterThan(1);
    expect(text).toContain('Позиция 80');
    expect(text).toContain('Девять тысяч семьсот шестьдесят рублей 00 копеек');
  });
});

const written = new Map<string, string>();
function readdirPdf(kind: string): string {
  // pdfText wrote the kind's PDF under a random suffix; find it.
  if (!written.has(kind)) {
    const name = execFileSync('ls', [dir], { encoding: 'utf8' }).split('\n').find((file) => file.startsWith(`${kind}-`) && file.endsWith('.pdf'))!;
    written.set(kind, name);
  }
  return written.get(kind)!;
}
