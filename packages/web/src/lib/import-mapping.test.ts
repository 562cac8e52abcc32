import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { applyPreset, groupTargets, presetColumns, problemsOfColumn, rowLevelProblems, setColumnTarget, storedValue, type PreviewRow } from './import-mapping';
import { readXlsxSheetNames, sheetNamesOf, type ByteSource } from './xlsx-sheets';

const headers = ['ФИО', 'Моб. телефон', 'Рабочий телефон', 'Компания', 'Ответственный', 'Примечание'];

describe('import mapping', () => {
  it('applies a preset by header (also when spelt differently), keeping columns it does not know', () => {
    const current = { 0: 'contact.fullName', 1: 'contact.phones', 2: null, 3: 'company.name', 4: 'contact.owner', 5: null };
    const next = applyPreset(headers, current, { 'моб телефон': 'contact.phones', 'Рабочий телефон': 'contact.phones', ПРИМЕЧАНИЕ: 'contact.custom.note', Компания: null });
    expect(next).toEqual({ 0: 'contact.fullName', 1: 'contact.phones', 2: 'contact.phones', 3: null, 4: 'contact.owner', 5: 'contact.custom.note' });
  });

  it('releases a single-valued field from a column the preset does not cover when the preset takes it', () => {
    const next = applyPreset(['Имя', 'Name'], { 0: 'contact.fullName', 1: null }, { Name: 'contact.fullName' });
    expect(next).toEqual({ 0: null, 1: 'contact.fullName' });
  });

  it('moves a single-valued field to the column chosen last, but lets several columns feed phones', () => {
    const mapping = { 0: 'contact.fullName', 1: 'contact.phones', 2: null };
    expect(setColumnTarget(mapping, '2', 'contact.fullName')).toEqual({ 0: null, 1: 'contact.phones', 2: 'contact.fullName' });
    expect(setColumnTarget(mapping, '2', 'contact.phones')).toEqual({ 0: 'contact.fullName', 1: 'contact.phones', 2: 'contact.phones' });
    expect(setColumnTarget(mapping, '0', null)).toEqual({ 0: null, 1: 'contact.phones', 2: null });
  });

  it('saves a mapping as header → field', () => {
    expect(presetColumns(['A', 'B'], { 0: 'contact.emails' })).toEqual({ A: 'contact.emails', B: null });
  });

  const row: PreviewRow = {
    row: 3,
    cells: ['Соколов Игорь Петрович', 'позвонить позже', '', 'ООО Ромашка', 'Нет Такого', 'x'],
    action: 'fail',
    contact: { lastName: 'Соколов', firstName: 'Игорь', middleName: 'Петрович', phones: ['+79161112233', '+79161112234'], ownerId: 'u1', custom: { note: 'x', external_id: 'A-1' } },
    company: { name: 'ООО Ромашка' },
    deal: null,
    problems: [
      { field: 'contact.phones', column: 'Моб. телефон', problem: '"позвонить позже" is not a phone number' },
      { field: 'contact.owner', column: 'Ответственный', problem: 'no active user named or with the email "Нет Такого"' },
      { field: 'contact.lastName', problem: 'is missing' },
    ],
    matchedId: null,
  };
  const mapping = { 0: 'contact.fullName', 1: 'contact.phones', 2: 'contact.phones', 3: 'company.name', 4: 'contact.owner', 5: 'contact.custom.note' };

  it('attaches each problem to the column it came from, and keeps the rest for the row', () => {
    expect(problemsOfColumn(row, '1', headers[1], mapping).map((problem) => problem.problem)).toEqual(['"позвонить позже" is not a phone number']);
    // The other phone column feeds the same field but did not cause the problem.
    expect(problemsOfColumn(row, '2', headers[2], mapping)).toEqual([]);
    expect(problemsOfColumn(row, '4', headers[4], mapping)).toHaveLength(1);
    expect(rowLevelProblems(row, headers, mapping)).toEqual([{ field: 'contact.lastName', problem: 'is missing' }]);
  });

  it('shows what will be stored for each kind of field', () => {
    expect(storedValue(row, 'contact.fullName', 'fullName')).toEqual({ type: 'text', text: 'Соколов Игорь Петрович' });
    expect(storedValue(row, 'contact.phones', 'phones')).toEqual({ type: 'list', items: ['+79161112233', '+79161112234'] });
    expect(storedValue(row, 'contact.owner', 'owner')).toEqual({ type: 'user', id: 'u1' });
    expect(storedValue(row, 'contact.custom.note', 'custom')).toEqual({ type: 'text', text: 'x' });
    expect(storedValue(row, 'contact.externalId', 'externalId')).toEqual({ type: 'text', text: 'A-1' });
    expect(storedValue(row, 'company.name', 'text')).toEqual({ type: 'text', text: 'ООО Ромашка' });
    expect(storedValue(row, 'deal.amount', 'number')).toEqual({ type: 'empty' });
    expect(storedValue(row, null, undefined)).toEqual({ type: 'empty' });
  });

  it('groups targets with the imported object first', () => {
    const groups = groupTargets(
      [
        { target: 'contact.phones', object: 'contact', kind: 'phones', label: {} },
        { target: 'company.name', object: 'company', kind: 'text', label: {} },
        { target: 'company.inn', object: 'company', kind: 'text', label: {} },
      ],
      'company',
    );
    expect(groups.map((group) => [group.object, group.targets.length])).toEqual([
      ['company', 2],
      ['contact', 1],
    ]);
  });
});

/** A minimal ZIP (stored or deflated entries) with a central directory, as Excel writes it. */
function zip(files: { name: string; content: string; deflate?: boolean }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name);
    const raw = Buffer.from(file.content);
    const data = file.deflate ? deflateRawSync(raw) : raw;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(file.deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(file.deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const bytes = (data: Uint8Array): ByteSource => ({ size: data.length, read: async (start, end) => data.subarray(start, end) });

describe('xlsx sheet names', () => {
  const workbook = '<workbook><sheets><sheet name="Клиенты" sheetId="1" r:id="rId1"/><sheet name="R&amp;D" sheetId="2" r:id="rId2"/></sheets></workbook>';

  it('reads the sheet names from the workbook entry, wherever it is in the file, deflated or stored', async () => {
    for (const deflate of [true, false]) {
      const file = zip([
        { name: 'xl/worksheets/sheet1.xml', content: '<worksheet/>'.repeat(1000), deflate: true },
        { name: 'xl/workbook.xml', content: workbook, deflate },
      ]);
      expect(await readXlsxSheetNames(bytes(file))).toEqual(['Клиенты', 'R&D']);
    }
  });

  it('gives no names for bytes that are not a workbook', async () => {
    expect(await readXlsxSheetNames(bytes(new TextEncoder().encode('ФИО;Телефон\nИванов;1')))).toEqual([]);
    expect(await readXlsxSheetNames(bytes(zip([{ name: 'a.txt', content: 'x' }])))).toEqual([]);
  });

  it('understands prefixed sheet elements', () => {
    expect(sheetNamesOf('<x:sheets><x:sheet name="A" /></x:sheets>')).toEqual(['A']);
  });
});
