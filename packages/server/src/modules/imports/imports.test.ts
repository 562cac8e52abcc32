import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { upload, waitForImport } from './import-test-helpers.js';
import { uploadLimits } from './import-file.repo.js';

describeWithWorld('imports API', (world) => {
  const contactsCsv = () =>
    iconv.encode(
      [
        'ФИО;Моб. телефон;E-mail;Компания;ИНН;Должность;Ответственный;Город',
        'Соколов Игорь Петрович;8 (916) 111-22-33;sokolov@import.test;ООО Импорт;7707083893;Директор;Алексей Менеджер;Москва',
        'Орлова Анна;+7 916 111-22-44, 8-916-111-22-45;orlova@import.test;ООО Импорт;7707083893;Бухгалтер;;Тверь',
        'Без Телефона;позвонить позже;bad@import.test;;;;;',
        'Чужой Владелец;89161112246;owner@import.test;;;;Нет Такого;',
        ';;nobody@import.test;;;;;',
      ].join('\r\n'),
      'win1251',
    );

  it('uploads a Windows-1251 CSV with Russian headers and maps the columns automatically', async () => {
    const response = await upload(world(), 'admin', 'clients.csv', contactsCsv());
    expect(response.status).toBe(201);
    expect(response.body.headers).toEqual(['ФИО', 'Моб. телефон', 'E-mail', 'Компания', 'ИНН', 'Должность', 'Ответственный', 'Город']);
    expect(response.body.mapping).toEqual({ 0: 'contact.fullName', 1: 'contact.phones', 2: 'contact.emails', 3: 'company.name', 4: 'company.inn', 5: 'contact.position', 6: 'contact.owner', 7: 'contact.city' });
    expect(response.body.status).toBe('uploaded');
    expect(response.body.fileFormat).toBe('csv');
  });

  it('previews rows as they would be stored, with per-field problems, writing nothing', async () => {
    const before = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from contacts where workspace_id = ${world().workspaceId}`);
    const { body } = await upload(world(), 'admin', 'clients.csv', contactsCsv());
    const preview = await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/preview` });
    expect(preview.status).toBe(200);
    const [first, second, third, fourth, fifth] = preview.body.rows;
    expect(first.contact).toMatchObject({ lastName: 'Соколов', firstName: 'Игорь', middleName: 'Петрович', phones: ['+79161112233'], ownerId: world().users.managerA1.id });
    expect(first.company).toMatchObject({ name: 'ООО Импорт', inn: '7707083893' });
    expect(second.contact.phones).toEqual(['+79161112244', '+79161112245']);
    expect(third.problems).toEqual([{ field: 'contact.phones', column: 'Моб. телефон', problem: '"позвонить позже" is not a phone number' }]);
    expect(fourth.problems[0]).toMatchObject({ field: 'contact.owner', column: 'Ответственный' });
    expect(fifth.problems).toEqual([{ field: 'contact.lastName', problem: 'is missing: the row has no name (ФИО or Фамилия)' }]);
    expect([first.action, third.action]).toEqual(['create', 'fail']);
    const after = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from contacts where workspace_id = ${world().workspaceId}`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a mapping to a field that does not exist, naming the column', async () => {
    const { body } = await upload(world(), 'admin', 'clients.csv', contactsCsv());
    const response = await world().as('admin', { method: 'PUT', url: `/api/v1/imports/${body.id}/mapping`, payload: { mapping: { 7: 'contact.shoeSize' } } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'mapping.7', problem: '"contact.shoeSize" is not a field that can be imported (column "Город")' }]);
  });

  it('imports, links person and company, reports every row, and offers the failed rows as XLSX', async () => {
    const { body } = await upload(world(), 'admin', 'clients.csv', contactsCsv());
    const started = await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    expect(started.status).toBe(202);
    const done = await waitForImport(world(), 'admin', body.id);
    expect(done.status).toBe('done');
    expect(done.result).toEqual({ created: 2, updated: 0, skipped: 0, failed: 3 });
    expect(done.progress).toMatchObject({ totalRows: 5, processedRows: 5, secondsLeft: 0 });
    const stored = await rows<{ fullName: string; phones: string[]; companyId: string; ownerId: string; companyName: string }>(
      world().db,
      sql`select c.full_name as "fullName", c.phones, c.owner_id as "ownerId", co.name as "companyName", co.id as "companyId"
          from contacts c join companies co on co.id = c.company_id where c.emails && '{sokolov@import.test,orlova@import.test}' order by c.last_name`,
    );
    expect(stored.map((row) => row.fullName)).toEqual(['Орлова Анна', 'Соколов Игорь Петрович']);
    expect(stored[0].companyId).toBe(stored[1].companyId); // one company for both rows
    expect(stored[1].ownerId).toBe(world().users.managerA1.id);
    expect(stored[0].ownerId).toBe(world().users.admin.id);
    const links = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from contact_companies where company_id = ${stored[0].companyId}`);
    expect(links[0].n).toBe(2);
    const audit = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from audit_events where meta ->> 'importId' = ${body.id} and action = 'create'`);
    expect(audit[0].n).toBe(3); // two contacts and one company

    const errors = await world().app.inject({ method: 'GET', url: `/api/v1/imports/${body.id}/errors.xlsx`, headers: { authorization: `Bearer ${world().users.admin.token}` } });
    expect(errors.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(errors.rawPayload as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'Строка / Row', 'ФИО', 'Моб. телефон', 'E-mail', 'Компания', 'ИНН', 'Должность', 'Ответственный', 'Город', 'Ошибки импорта / Import errors']);
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(1).value).toBe(4);
    expect(sheet.getRow(2).getCell(2).value).toBe('Без Телефона');
    expect(String(sheet.getRow(2).getCell(10).value)).toContain('"позвонить позже" is not a phone number');
  });

  it('updates matched records by email, then undo restores them and removes what it created', async () => {
    const seed = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Ветров', firstName: 'Олег', emails: ['vetrov@import.test'], position: 'Менеджер', phones: ['+79160000001'] } });
    expect(seed.status).toBe(201);
    const csv = Buffer.from('Фамилия,Имя,Email,Телефон,Должность\nВетров,Олег,VETROV@import.test,+7 916 000-00-02,Коммерческий директор\nНовиков,Пётр,novikov@import.test,,Инженер\n');
    const { body } = await upload(world(), 'admin', 'update.csv', csv);
    const mapped = await world().as('admin', { method: 'PUT', url: `/api/v1/imports/${body.id}/mapping`, payload: { options: { duplicateStrategy: 'update', matchBy: ['email'] } } });
    expect(mapped.status).toBe(200);
    await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    const done = await waitForImport(world(), 'admin', body.id);
    expect(done.result).toEqual({ created: 1, updated: 1, skipped: 0, failed: 0 });
    const updated = await world().as('admin', { method: 'GET', url: `/api/v1/contacts/${seed.body.id}` });
    expect(updated.body.position).toBe('Коммерческий директор');
    expect(updated.body.phones).toEqual(['+79160000001', '+79160000002']);

    const undo = await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/undo` });
    expect(undo.status).toBe(200);
    expect(undo.body.status).toBe('undone');
    const restored = await world().as('admin', { method: 'GET', url: `/api/v1/contacts/${seed.body.id}` });
    expect(restored.body.position).toBe('Менеджер');
    expect(restored.body.phones).toEqual(['+79160000001']);
    const novikov = await world().as('admin', { method: 'GET', url: `/api/v1/contacts?filter[emails][eq]=novikov@import.test` });
    expect(novikov.body.data).toEqual([]);
  });

  it('skips duplicates by phone with the default strategy, including repeats inside the file', async () => {
    const csv = Buffer.from('Фамилия;Телефон\nПовторов;+7 916 555-00-01\nПовторов;8 916 555 00 01\nПовторов;89165550001\n');
    const { body } = await upload(world(), 'admin', 'dups.csv', csv);
    await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    const done = await waitForImport(world(), 'admin', body.id);
    expect(done.result).toEqual({ created: 1, updated: 0, skipped: 2, failed: 0 });
  });

  it('imports deals with the person and company of the row, stages and owners by name', async () => {
    const csv = Buffer.from(
      ['Название,Сумма,Этап,Ответственный,Контакт,Телефон,Компания', `Поставка станков,"1 234 567,50",Переговоры,${world().users.head.email},Лебедев Илья,+79167770001,ЗАО Станки`, 'Без этапа,100,Несуществующий,,Кто-то,,'].join('\n'),
    );
    const { body } = await upload(world(), 'admin', 'deals.csv', csv, { object: 'deals' });
    expect(body.mapping).toEqual({ 0: 'deal.title', 1: 'deal.amount', 2: 'deal.stage', 3: 'deal.owner', 4: 'contact.fullName', 5: 'contact.phones', 6: 'company.name' });
    const stages = await rows<{ name: string }>(world().db, sql`select s.name from stages s join pipelines p on p.id = s.pipeline_id where p.workspace_id = ${world().workspaceId} and p.is_default order by s.position`);
    const stageName = stages[1]?.name ?? stages[0].name;
    // Use a real stage name of the default pipeline for the first row.
    const fixed = Buffer.from(csv.toString().replace('Переговоры', stageName));
    const second = await upload(world(), 'admin', 'deals.csv', fixed, { object: 'deals' });
    await world().as('admin', { method: 'POST', url: `/api/v1/imports/${second.body.id}/start` });
    const done = await waitForImport(world(), 'admin', second.body.id);
    expect(done.result).toMatchObject({ created: 1, failed: 1 });
    const [deal] = await rows<{ amount: string; stageName: string; ownerId: string; contactName: string; companyName: string }>(
      world().db,
      sql`select d.amount::text as amount, s.name as "stageName", d.owner_id as "ownerId", c.full_name as "contactName", co.name as "companyName"
          from deals d join stages s on s.id = d.stage_id join contacts c on c.id = d.contact_id join companies co on co.id = d.company_id where d.title = 'Поставка станков'`,
    );
    expect(deal).toEqual({ amount: '1234567.50', stageName, ownerId: world().users.head.id, contactName: 'Лебедев Илья', companyName: 'ЗАО Станки' });
  });

  it('lets a sales manager import only for themselves', async () => {
    const csv = Buffer.from(`Фамилия,Ответственный\nСвой,\nЧужой,${world().users.managerA2.email}\n`);
    const { body, status } = await upload(world(), 'managerA1', 'mine.csv', csv);
    expect(status).toBe(201);
    await world().as('managerA1', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    const done = await waitForImport(world(), 'managerA1', body.id);
    expect(done.result).toMatchObject({ created: 1, failed: 1 });
    const other = await world().as('managerA2', { method: 'GET', url: `/api/v1/imports/${body.id}` });
    expect(other.status).toBe(404);
    const reader = await upload(world(), 'reader', 'x.csv', csv);
    expect(reader.status).toBe(403);
  });

  it('imports an XLSX with Russian headers and a date column', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Контакты');
    sheet.addRow(['Фамилия', 'Имя', 'Дата рождения', 'E-mail']);
    sheet.addRow(['Григорьев', 'Антон', new Date(Date.UTC(1985, 4, 17)), 'grig@import.test']);
    sheet.addRow(['Кузнецова', 'Вера', '17.05.1990', 'kuz@import.test']);
    sheet.addRow(['Плохая', 'Дата', 'вчера', 'bad-date@import.test']);
    const { body } = await upload(world(), 'admin', 'contacts.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(body.fileFormat).toBe('xlsx');
    await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    const done = await waitForImport(world(), 'admin', body.id);
    expect(done.result).toMatchObject({ created: 2, failed: 1 });
    const born = await rows<{ birthday: string }>(world().db, sql`select birthday::text as birthday from contacts where emails && '{grig@import.test,kuz@import.test}' order by last_name`);
    expect(born.map((row) => row.birthday)).toEqual(['1985-05-17', '1990-05-17']);
  });

  it('rejects an empty file, a file that is not what its name says, and a file over the limit', async () => {
    const empty = await upload(world(), 'admin', 'empty.csv', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0]).toEqual({ field: 'file', problem: 'is empty' });
    const fake = await upload(world(), 'admin', 'fake.xlsx', Buffer.from('Фамилия\nИванов\n'));
    expect(fake.status).toBe(400);
    expect(fake.body.error.message).toContain('not an Excel workbook');
    const saved = uploadLimits.maxFileSize;
    uploadLimits.maxFileSize = 64 * 1024;
    try {
      const big = await upload(world(), 'admin', 'big.csv', Buffer.alloc(200 * 1024, 'a,b\n'));
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const raw = await world().as('admin', { method: 'POST', url: '/api/v1/imports?fileName=big.csv', payload: Buffer.alloc(200 * 1024, 'a,b\n'), headers: { 'content-type': 'text/csv' } });
      expect(raw.status).toBe(413);
    } finally {
      uploadLimits.maxFileSize = saved;
    }
    const left = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from import_jobs where file_name in ('empty.csv', 'fake.xlsx', 'big.csv')`);
    expect(left[0].n).toBe(0);
  });

  it('accepts a raw CSV body and saves the mapping as a preset', async () => {
    const raw = await world().as('admin', { method: 'POST', url: '/api/v1/imports?fileName=raw.csv&object=companies', payload: 'Название компании;ИНН;Сайт\nООО Сырой;7707083893;raw.example\n', headers: { 'content-type': 'text/csv' } });
    expect(raw.status).toBe(201);
    expect(raw.body.mapping).toEqual({ 0: 'company.name', 1: 'company.inn', 2: 'company.website' });
    const preset = await world().as('admin', { method: 'POST', url: '/api/v1/imports/presets', payload: { name: 'Мои компании', fromImport: raw.body.id } });
    expect(preset.status).toBe(201);
    const list = await world().as('admin', { method: 'GET', url: '/api/v1/imports/presets' });
    expect(list.body.data.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining(['amocrm-contacts', 'bitrix24-deals', preset.body.id]));
    const removed = await world().as('admin', { method: 'DELETE', url: `/api/v1/imports/presets/${preset.body.id}` });
    expect(removed.status).toBe(200);
  });

  it('moves an amoCRM contacts export over in one step: preset detected, phones from several columns, owner by name', async () => {
    const header = ['ID', 'Полное имя', 'Компания', 'Ответственный', 'Дата создания', 'Кем создан', 'Теги', 'Должность (контакт)', 'Рабочий телефон (контакт)', 'Мобильный телефон (контакт)', 'Рабочий email (контакт)'];
    const line = ['1001', 'Марина Амосова', 'ООО АмоКлиент', 'Мария Менеджер', '01.02.2023 10:00', 'Админ', 'amo, vip', 'Закупщик', '+7 (495) 700-00-01', '8 916 700 00 02', 'amosova@amo.test'];
    const csv = Buffer.from([header, line].map((cells) => cells.map((cell) => `"${cell}"`).join(';')).join('\n'));
    const { body } = await upload(world(), 'admin', 'amocrm_export_contacts.csv', csv);
    expect(body.options.preset).toBe('amocrm-contacts');
    expect(body.mapping).toMatchObject({ 0: 'contact.externalId', 1: 'contact.name', 2: 'company.name', 3: 'contact.owner', 4: null, 5: null, 8: 'contact.phones', 9: 'contact.phones' });
    await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    const done = await waitForImport(world(), 'admin', body.id);
    expect(done.result).toMatchObject({ created: 1, failed: 0 });
    const [contact] = (await world().as('admin', { method: 'GET', url: '/api/v1/contacts?filter[emails][eq]=amosova@amo.test' })).body.data;
    expect(contact).toMatchObject({ firstName: 'Марина', lastName: 'Амосова', position: 'Закупщик', phones: ['+74957000001', '+79167000002'], tags: ['amo', 'vip'], ownerId: world().users.managerA2.id });
    expect(contact.custom).toEqual({ external_id: '1001' });
  });
});

