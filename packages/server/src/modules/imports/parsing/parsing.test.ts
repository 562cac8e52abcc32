import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, sniffCsv } from './csv-reader.js';
import { detectFormat, readRows, type FileFormat } from './file-source.js';
import { parseBooleanValue, parseChoice, parseDateTimeValue, parseDateValue, parseDurationValue, parseEmailList, parseNumberValue, parsePhoneList, splitPersonName } from './values.js';
import { autoMapHeaders, validateMapping } from './header-mapping.js';
import { builtInPresets, detectPreset } from './crm-presets.js';
import { MergeFiller, readXlsxMerges } from './xlsx-merges.js';
import { XlsxWorkbookReader } from './xlsx-workbook-reader.js';

async function rowsOf(buffer: Buffer, format: FileFormat = 'csv', sheet?: string) {
  const result: { number: number; cells: string[] }[] = [];
  for await (const row of readRows(() => Readable.from([buffer]), { format, sheet })) result.push(row);
  return result;
}

describe('CSV reading', () => {
  it('reads UTF-8 with a BOM and a semicolon delimiter, keeping Cyrillic intact', async () => {
    const buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ФИО;Телефон\nИванов Иван;+7 916 123-45-67\n')]);
    const rows = await rowsOf(buffer);
    expect(rows[0].cells).toEqual(['ФИО', 'Телефон']);
    expect(rows[1]).toEqual({ number: 2, cells: ['Иванов Иван', '+7 916 123-45-67'] });
  });

  it('detects Windows-1251 as Russian Excel writes it', async () => {
    const buffer = iconv.encode('Фамилия;Город\r\nПетров;Санкт-Петербург\r\n', 'win1251');
    expect(detectEncoding(buffer)).toBe('windows-1251');
    const rows = await rowsOf(buffer);
    expect(rows[1].cells).toEqual(['Петров', 'Санкт-Петербург']);
  });

  it('treats UTF-8 without a BOM as UTF-8 even when the sample ends inside a character', () => {
    const text = Buffer.from('Имя,Город\nАнна,Москва');
    expect(detectEncoding(text.subarray(0, text.length - 1))).toBe('utf-8');
  });

  it('detects each delimiter', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n4,5,6')).toBe(',');
    expect(detectDelimiter('a;b;c\n1;2,5;3\n4;5;6')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3')).toBe('|');
    expect(detectDelimiter('name,"note; with; semicolons"\nx,"y; z; w"')).toBe(',');
  });

  it('keeps quoted fields with line breaks and quotes in one cell, numbering rows as Excel would', async () => {
    const rows = await rowsOf(Buffer.from('Имя,Адрес,Комментарий\nАнна,"Москва,\nул. Ленина, 1","Сказала ""да"""\nБорис,Тверь,\n'));
    expect(rows[1].cells).toEqual(['Анна', 'Москва,\nул. Ленина, 1', 'Сказала "да"']);
    expect(rows[2]).toEqual({ number: 3, cells: ['Борис', 'Тверь', ''] });
  });

  it('returns ragged rows as they are and skips blank lines without renumbering', async () => {
    const rows = await rowsOf(Buffer.from('a;b;c\n1;2\n\n;;\n4;5;6;7\n'));
    expect(rows.map((row) => row.cells.length)).toEqual([3, 2, 4]);
    expect(rows.map((row) => row.number)).toEqual([1, 2, 5]);
  });

  it('sniffs a tab-separated UTF-16 free file', async () => {
    expect(await sniffCsv(Buffer.from('Имя\tEmail\nА\ta@b.ru\n'))).toEqual({ encoding: 'utf-8', delimiter: '\t' });
  });
});

describe('file format', () => {
  it('refuses an empty file, a file that is not what its extension says, and old .xls', () => {
    expect(() => detectFormat(Buffer.alloc(0), 'a.csv')).toThrow(/empty/);
    expect(() => detectFormat(Buffer.from('Имя;Телефон'), 'clients.xlsx')).toThrow(/not an Excel workbook/);
    expect(() => detectFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'clients.csv')).toThrow(/ZIP\/Excel/);
    expect(() => detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'clients.xls')).toThrow(/\.xls/);
    expect(() => detectFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), 'photo.csv')).toThrow(/neither CSV/);
    expect(detectFormat(Buffer.from('a,b'), 'export.txt')).toBe('csv');
    expect(detectFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'upload')).toBe('xlsx');
  });
});

async function workbook(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  build(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('XLSX reading', () => {
  it('reads the first sheet: formulas as their cached result, dates, numbers, rich text', async () => {
    const buffer = await workbook((book) => {
      const sheet = book.addWorksheet('Клиенты');
      sheet.addRow(['ФИО', 'Сумма', 'Дата', 'Итого', 'Заметка']);
      sheet.addRow(['Иванов Иван', 1234.5, new Date(Date.UTC(2024, 2, 5)), { formula: 'B2*2', result: 2469 }, { richText: [{ text: 'Важный ' }, { text: 'клиент', font: { bold: true } }] }]);
      sheet.addRow(['Петров', 10, new Date(Date.UTC(2024, 2, 5, 14, 30)), { formula: 'B3*2' }, null]);
      book.addWorksheet('Другой').addRow(['x']);
    });
    const rows = await rowsOf(buffer, 'xlsx');
    expect(rows[0].cells).toEqual(['ФИО', 'Сумма', 'Дата', 'Итого', 'Заметка']);
    expect(rows[1].cells).toEqual(['Иванов Иван', '1234.5', '2024-03-05', '2469', 'Важный клиент']);
    expect(rows[2].cells.slice(0, 4)).toEqual(['Петров', '10', '2024-03-05 14:30:00', '']);
  });

  it('reads a chosen sheet and names the sheets when the chosen one is missing', async () => {
    const buffer = await workbook((book) => {
      book.addWorksheet('Первый').addRow(['a']);
      const second = book.addWorksheet('Сделки');
      second.addRow(['Название']);
      second.addRow(['Поставка']);
    });
    expect((await rowsOf(buffer, 'xlsx', 'Сделки')).map((row) => row.cells[0])).toEqual(['Название', 'Поставка']);
    await expect(rowsOf(buffer, 'xlsx', 'Нет такого')).rejects.toThrow(/Первый, Сделки/);
  });

  it('fills every cell of a merged range with its value, vertical and horizontal, formulas by their cached result', async () => {
    const buffer = await workbook((book) => {
      book.addWorksheet('Пусто').addRow(['x']);
      const sheet = book.addWorksheet('Клиенты');
      sheet.addRow(['Компания', 'Контакт', 'Телефон', 'Сумма', 'Итого']);
      sheet.addRow(['ООО Ромашка', 'Анна', '+7 916 000-00-01', 10, { formula: 'D2*2', result: 20 }]);
      sheet.addRow([null, 'Борис', null, 30, { formula: 'D3*2', result: 60 }]);
      sheet.addRow([null, 'Вера', null, 40, { formula: 'SUM(D2:D4)', result: 80 }]);
      sheet.addRow(['ИП Лютиков', 'Нет телефона', null, null, null]);
      sheet.mergeCells('A2:A4');
      sheet.mergeCells('C2:C3');
      sheet.mergeCells('C5:E5');
      sheet.getCell('C5').value = 'объединено по строке';
    });
    const rows = await rowsOf(buffer, 'xlsx', 'Клиенты');
    expect(rows.map((row) => row.cells)).toEqual([
      ['Компания', 'Контакт', 'Телефон', 'Сумма', 'Итого'],
      ['ООО Ромашка', 'Анна', '+7 916 000-00-01', '10', '20'],
      ['ООО Ромашка', 'Борис', '+7 916 000-00-01', '30', '60'],
      ['ООО Ромашка', 'Вера', '', '40', '80'],
      ['ИП Лютиков', 'Нет телефона', 'объединено по строке', 'объединено по строке', 'объединено по строке'],
    ]);
    expect(rows.map((row) => row.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it('finds the merges of every sheet in a first pass, keyed by the worksheet id', async () => {
    const buffer = await workbook((book) => {
      book.addWorksheet('A').mergeCells('B2:C3');
      const second = book.addWorksheet('B');
      second.addRow(['a']);
      second.mergeCells('A10:A12');
      second.mergeCells('AA1:AB1');
    });
    const merges = await readXlsxMerges(Readable.from([buffer]));
    expect(merges.get('1')).toEqual([{ top: 2, left: 2, bottom: 3, right: 3 }]);
    expect(merges.get('2')).toEqual(expect.arrayContaining([{ top: 10, left: 1, bottom: 12, right: 1 }, { top: 1, left: 27, bottom: 1, right: 28 }]));
  });

  it('makes up a row the sheet has no element for when merged cells cover it', () => {
    const filler = new MergeFiller([{ top: 2, left: 1, bottom: 4, right: 1 }]);
    expect(filler.fill(1, ['Компания', 'Контакт'])).toEqual(['Компания', 'Контакт']);
    expect(filler.fill(2, ['ООО Ромашка', 'Анна'])).toEqual(['ООО Ромашка', 'Анна']);
    expect(filler.fill(3, [])).toEqual(['ООО Ромашка']);
    expect(filler.fill(4, ['', 'Вера'])).toEqual(['ООО Ромашка', 'Вера']);
    expect(filler.fill(5, ['', 'Глеб'])).toEqual(['', 'Глеб']);
  });

  it('reads the entries after one that is taken slowly (exceljs own pass ended there and left shared strings unresolved)', async () => {
    const buffer = await workbook((book) => book.addWorksheet('Клиенты').addRow(['ФИО', 'Телефон']));
    for (const Reader of [ExcelJS.stream.xlsx.WorkbookReader, XlsxWorkbookReader]) {
      const reader = new Reader(Readable.from([buffer]), { sharedStrings: 'cache', worksheets: 'emit' });
      const internals = reader as unknown as { _parseRels(entry: unknown): Promise<void>; model?: object };
      const parseRels = internals._parseRels.bind(reader);
      // unzipper reaches the end of the file and emits 'end' while the relations are being read.
      internals._parseRels = async (entry) => {
        await sleep(100);
        await parseRels(entry);
      };
      internals.model ??= { sheets: [] }; // exceljs's own reader throws without it when xl/workbook.xml is lost
      const seen: { name: string; first: unknown[] }[] = [];
      for await (const sheet of reader) {
        for await (const row of sheet) seen.push({ name: (sheet as unknown as { name: string }).name, first: (row.values as unknown[]).slice(1) });
      }
      // exceljs's own pass is the control: this scenario does reproduce the fault. Depending on where unzipper is when
      // 'end' comes it sees no sheet at all or a sheet without its name from xl/workbook.xml (CI saw both), never the right one.
      if (Reader === XlsxWorkbookReader) expect(seen).toEqual([{ name: 'Клиенты', first: ['ФИО', 'Телефон'] }]);
      else expect(seen).not.toEqual([{ name: 'Клиенты', first: ['ФИО', 'Телефон'] }]);
    }
  });

  it('reports a damaged workbook as a file problem', async () => {
    const good = await workbook((book) => book.addWorksheet('S').addRow(['a']));
    await expect(rowsOf(good.subarray(0, 200), 'xlsx')).rejects.toThrow();
  });
});

describe('value conversion', () => {
  it('reads dates in Russian, ISO and Excel serial form, with time', () => {
    expect(parseDateValue('05.03.2024')).toEqual({ value: '2024-03-05' });
    expect(parseDateValue('5/3/24')).toEqual({ value: '2024-03-05' });
    expect(parseDateValue('2024-03-05')).toEqual({ value: '2024-03-05' });
    expect(parseDateValue('45356')).toEqual({ value: '2024-03-05' });
    expect(parseDateValue('05.03.2024 14:30', true)).toEqual({ value: '2024-03-05T14:30:00' });
    expect(parseDateValue('45356.5', true)).toEqual({ value: '2024-03-05T12:00:00' });
    expect(parseDateValue('31.02.2024').problem).toMatch(/not a real date/);
    expect(parseDateValue('вчера').problem).toMatch(/not a date/);
  });

  it('reads numbers with spaces, non-breaking spaces, decimal commas and currency', () => {
    expect(parseNumberValue('1 234,56')).toEqual({ value: '1234.56' });
    expect(parseNumberValue('1\u00a0234\u00a0567')).toEqual({ value: '1234567' });
    expect(parseNumberValue('1,234.56')).toEqual({ value: '1234.56' });
    expect(parseNumberValue('1.234,56 руб.')).toEqual({ value: '1234.56' });
    expect(parseNumberValue('15 000 ₽')).toEqual({ value: '15000' });
    expect(parseNumberValue('-12,5')).toEqual({ value: '-12.5' });
    expect(parseNumberValue('двенадцать').problem).toMatch(/not a number/);
    expect(parseNumberValue('1e400').problem).toBeDefined();
  });

  it('normalises phones in any format and splits several in one cell', () => {
    expect(parsePhoneList('8 (916) 123-45-67')).toEqual({ value: ['+79161234567'] });
    expect(parsePhoneList('+7 916 123 45 67, 89161234568; +7(495)1234567 доб. 12')).toEqual({ value: ['+79161234567', '+79161234568', '+74951234567'] });
    expect(parsePhoneList('+7 916 123-45-67\n8-916-123-45-67')).toEqual({ value: ['+79161234567'] });
    expect(parsePhoneList('позвонить потом').problem).toMatch(/not a phone/);
  });

  it('splits and normalises several emails', () => {
    expect(parseEmailList(' Anna@Mail.RU; boss@firma.ru\nanna@mail.ru')).toEqual({ value: ['anna@mail.ru', 'boss@firma.ru'] });
    expect(parseEmailList('anna at mail').problem).toMatch(/not an email/);
  });

  it('reads booleans in Russian and English', () => {
    for (const text of ['да', 'Да', 'yes', '1', 'true', 'истина']) expect(parseBooleanValue(text)).toEqual({ value: true });
    for (const text of ['нет', 'no', '0', 'FALSE', 'ложь']) expect(parseBooleanValue(text)).toEqual({ value: false });
    expect(parseBooleanValue('может быть').problem).toBeDefined();
  });

  it('splits names as ФИО or as given name first', () => {
    expect(splitPersonName('Иванов Иван Петрович')).toEqual({ lastName: 'Иванов', firstName: 'Иван', middleName: 'Петрович' });
    expect(splitPersonName('Иван Петров', true)).toEqual({ lastName: 'Петров', firstName: 'Иван', middleName: null });
    expect(splitPersonName('Иванов Иван Петрович', true)).toEqual({ lastName: 'Иванов', firstName: 'Иван', middleName: 'Петрович' });
    expect(splitPersonName('Cher')).toEqual({ lastName: 'Cher', firstName: null, middleName: null });
  });
});

describe('value conversion for leads, orders and activities', () => {
  it('reads durations as seconds in every usual spelling', () => {
    expect(parseDurationValue('330')).toEqual({ value: 330 });
    expect(parseDurationValue('5:30')).toEqual({ value: 330 });
    expect(parseDurationValue('01:05:30')).toEqual({ value: 3930 });
    expect(parseDurationValue('5 мин')).toEqual({ value: 300 });
    expect(parseDurationValue('2 мин 30 сек')).toEqual({ value: 150 });
    expect(parseDurationValue('1 ч 5 мин')).toEqual({ value: 3900 });
    expect(parseDurationValue('1,5 min')).toEqual({ value: 90 });
    expect(parseDurationValue('90 sec')).toEqual({ value: 90 });
    expect(parseDurationValue('долго').problem).toMatch(/not a duration/);
    expect(parseDurationValue('5 мин и ещё').problem).toMatch(/not a duration/);
    expect(parseDurationValue('999999999').problem).toMatch(/longer than a week/);
  });

  it('reads dates with time as Moscow time unless the text names its zone', () => {
    expect(parseDateTimeValue('05.03.2024 14:30')).toEqual({ value: '2024-03-05T11:30:00.000Z' });
    expect(parseDateTimeValue('2024-03-05')).toEqual({ value: '2024-03-04T21:00:00.000Z' });
    expect(parseDateTimeValue('2024-03-05T14:30:00Z')).toEqual({ value: '2024-03-05T14:30:00.000Z' });
    expect(parseDateTimeValue('45356.5')).toEqual({ value: '2024-03-05T09:00:00.000Z' });
    expect(parseDateTimeValue('31.02.2024 10:00').problem).toMatch(/not a real date/);
  });

  it('matches statuses and types against their Russian and English names', () => {
    const statuses = { new: ['новый', 'new'], in_progress: ['в работе', 'in progress'] };
    expect(parseChoice('В работе', statuses, 'a status')).toEqual({ value: 'in_progress' });
    expect(parseChoice('NEW', statuses, 'a status')).toEqual({ value: 'new' });
    expect(parseChoice('in_progress', statuses, 'a status')).toEqual({ value: 'in_progress' });
    expect(parseChoice('Закрыт', statuses, 'a status').problem).toBe('"Закрыт" is not a status (новый, в работе)');
  });
});

describe('header mapping', () => {
  it('maps the headers of leads, products, orders and activities files, Russian and English', () => {
    expect(autoMapHeaders(['Название лида', 'Статус лида', 'Источник', 'ФИО', 'Компания', 'Телефон', 'E-mail', 'Бюджет', 'Ответственный'], 'lead')).toEqual({
      0: 'lead.title', 1: 'lead.status', 2: 'lead.source', 3: 'lead.fullName', 4: 'lead.companyName', 5: 'lead.phones', 6: 'lead.emails', 7: 'lead.amount', 8: 'lead.owner',
    });
    expect(autoMapHeaders(['Артикул', 'Наименование', 'Цена', 'Ед. изм.', 'Остаток', 'Категория'], 'product')).toEqual({ 0: 'product.sku', 1: 'product.name', 2: 'product.price', 3: 'product.unit', 4: 'product.stockQuantity', 5: 'product.category' });
    expect(autoMapHeaders(['SKU', 'Product name', 'Price', 'Unit', 'Stock'], 'product')).toEqual({ 0: 'product.sku', 1: 'product.name', 2: 'product.price', 3: 'product.unit', 4: 'product.stockQuantity' });
    expect(autoMapHeaders(['Номер заказа', 'Дата заказа', 'Покупатель', 'ИНН', 'Артикул', 'Товар', 'Количество', 'Цена', 'Скидка, %'], 'order')).toEqual({
      0: 'order.number', 1: 'order.orderedAt', 2: 'order.companyName', 3: 'order.companyInn', 4: 'line.sku', 5: 'line.productName', 6: 'line.quantity', 7: 'line.price', 8: 'line.discountPercent',
    });
    expect(autoMapHeaders(['Дата звонка', 'Длительность', 'Результат', 'Направление', 'Телефон клиента', 'Сделка', 'Сотрудник', 'Комментарий'], 'activity')).toEqual({
      0: 'activity.occurredAt', 1: 'activity.durationSec', 2: 'activity.outcome', 3: 'activity.direction', 4: 'link.phone', 5: 'link.dealTitle', 6: 'activity.owner', 7: 'activity.body',
    });
    expect(autoMapHeaders(['Call date', 'Duration', 'Outcome', 'Contact', 'Company'], 'activity')).toEqual({ 0: 'activity.occurredAt', 1: 'activity.durationSec', 2: 'activity.outcome', 3: 'link.contactName', 4: 'link.companyName' });
  });

  it('never maps a column of a products file to a contact or deal field', () => {
    const mapping = autoMapHeaders(['Артикул', 'Телефон поставщика', 'Этап', 'ФИО'], 'product');
    expect(Object.values(mapping).filter((target) => target && !target.startsWith('product.'))).toEqual([]);
    expect(validateMapping({ 0: 'product.sku', 1: 'contact.phones' }, ['Артикул', 'Телефон'], 'product')).toEqual([{ field: 'mapping.1', problem: '"contact.phones" is not a field that can be imported (column "Телефон")' }]);
  });

  it('maps Russian headers of a contacts file, feeding several phone columns into phones', () => {
    const headers = ['ФИО', 'Моб. телефон', 'Рабочий телефон', 'E-mail', 'Компания', 'ИНН', 'Должность', 'Ответственный', 'Город', 'Непонятно что'];
    expect(autoMapHeaders(headers, 'contact')).toEqual({
      0: 'contact.fullName',
      1: 'contact.phones',
      2: 'contact.phones',
      3: 'contact.emails',
      4: 'company.name',
      5: 'company.inn',
      6: 'contact.position',
      7: 'contact.owner',
      8: 'contact.city',
      9: null,
    });
  });

  it('maps English headers and generic words to the primary object', () => {
    expect(autoMapHeaders(['Company Name', 'Phone', 'Email', 'Website', 'Owner'], 'company')).toEqual({ 0: 'company.name', 1: 'company.phones', 2: 'company.emails', 3: 'company.website', 4: 'company.owner' });
    expect(autoMapHeaders(['Название', 'Сумма', 'Этап', 'Контакт', 'Телефон'], 'deal')).toEqual({ 0: 'deal.title', 1: 'deal.amount', 2: 'deal.stage', 3: 'contact.fullName', 4: 'contact.phones' });
  });

  it('tolerates spelling noise: case, ё, punctuation, qualifiers', () => {
    expect(autoMapHeaders(['  фамилия ', 'ИМЯ', 'отчество:', 'e-mail (контакт)', 'Телефон мобильный*'], 'contact')).toEqual({ 0: 'contact.lastName', 1: 'contact.firstName', 2: 'contact.middleName', 3: 'contact.emails', 4: 'contact.phones' });
  });

  it('maps custom fields by label and key', () => {
    const custom = [{ object: 'contact' as const, key: 'loyalty_level', type: 'select', label: { ru: 'Уровень лояльности', en: 'Loyalty level' } }];
    expect(autoMapHeaders(['Фамилия', 'Уровень лояльности', 'loyalty_level'], 'contact', custom)).toEqual({ 0: 'contact.lastName', 1: 'contact.custom.loyalty_level', 2: null });
  });

  it('reports a mapping to a field that does not exist, naming the column', () => {
    expect(validateMapping({ 0: 'contact.lastName', 1: 'contact.shoeSize', 5: 'contact.city' }, ['Фамилия', 'Размер обуви'], 'contact')).toEqual([
      { field: 'mapping.1', problem: '"contact.shoeSize" is not a field that can be imported (column "Размер обуви")' },
      { field: 'mapping.5', problem: 'column 5 does not exist (the file has 2 columns)' },
    ]);
  });
});

describe('amoCRM and Bitrix24 presets', () => {
  const amoContacts = ['ID', 'Полное имя', 'Компания', 'Ответственный', 'Дата создания', 'Кем создан', 'Теги', 'Должность (контакт)', 'Рабочий телефон (контакт)', 'Мобильный телефон (контакт)', 'Рабочий email (контакт)'];
  const bitrixDeals = ['ID', 'Название', 'Стадия сделки', 'Воронка', 'Сумма', 'Валюта', 'Предполагаемая дата закрытия', 'Ответственный', 'Контакт', 'Компания', 'Источник'];
  const bitrixContacts = ['ID', 'Обращение', 'Имя', 'Отчество', 'Фамилия', 'Дата рождения', 'Должность', 'Компания', 'Рабочий телефон', 'Мобильный телефон', 'Рабочий e-mail', 'Источник', 'Ответственный', 'Город'];

  it('recognises an amoCRM contacts export and maps every column it knows', () => {
    const preset = detectPreset(amoContacts)!;
    expect(preset.id).toBe('amocrm-contacts');
    const mapping = autoMapHeaders(amoContacts, preset.object, [], preset.columns);
    expect(mapping).toMatchObject({ 0: 'contact.externalId', 1: 'contact.name', 2: 'company.name', 3: 'contact.owner', 4: null, 6: 'contact.tags', 8: 'contact.phones', 9: 'contact.phones', 10: 'contact.emails' });
  });

  it('recognises Bitrix24 deals and contacts exports', () => {
    expect(detectPreset(bitrixDeals)!.id).toBe('bitrix24-deals');
    const preset = detectPreset(bitrixContacts)!;
    expect(preset.id).toBe('bitrix24-contacts');
    expect(autoMapHeaders(bitrixContacts, 'contact', [], preset.columns)).toMatchObject({ 1: null, 2: 'contact.firstName', 3: 'contact.middleName', 4: 'contact.lastName', 5: 'contact.birthday', 8: 'contact.phones', 9: 'contact.phones' });
  });

  it('has valid targets in every preset', () => {
    for (const preset of builtInPresets) {
      const headers = Object.keys(preset.columns);
      const mapping = Object.fromEntries(headers.map((header, index) => [String(index), preset.columns[header]]));
      expect(validateMapping(mapping, headers, preset.object).filter((problem) => !problem.problem.includes('already mapped'))).toEqual([]);
    }
  });

  it('does not claim an ordinary spreadsheet as a CRM export', () => {
    expect(detectPreset(['ФИО', 'Телефон', 'Комментарий к звонку', 'Регион продаж'])).toBeNull();
  });
});

describe('fast phone normalisation', () => {
  it('agrees with libphonenumber on Russian numbers in every usual spelling', async () => {
    const { normalisePhone } = await import('@svyaz/shared');
    const { normalisePhoneFast } = await import('./values.js');
    for (const text of ['8 (916) 123-45-67', '+7 916 123 45 67', '+7(495)1234567', '89161234567', '916 123-45-67', '(495) 123-45-67', '8-800-555-35-35', '+7 (812) 000-00-00', '79161234567', '+375 29 123-45-67', '123']) {
      expect(normalisePhoneFast(text)).toBe(normalisePhone(text));
    }
  });
});
