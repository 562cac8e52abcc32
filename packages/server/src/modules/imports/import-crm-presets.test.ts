import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { upload, waitForImport } from './import-test-helpers.js';

/** A CSV as the CRMs write it: every cell quoted, semicolons, Windows line ends. */
function exportCsv(table: string[][], encoding: 'utf8' | 'win1251' = 'utf8'): Buffer {
  const text = table.map((cells) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(';')).join('\r\n');
  return encoding === 'utf8' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) : iconv.encode(text, 'win1251');
}

async function importFile(world: TestWorld, fileName: string, content: Buffer, object: string) {
  const { body, status } = await upload(world, 'admin', fileName, content, { object });
  expect(status).toBe(201);
  await world.as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
  return { upload: body, done: await waitForImport(world, 'admin', body.id) };
}

describeWithWorld('amoCRM and Bitrix24 exports', (world) => {
  it('amoCRM companies: qualified "(компания)" columns, several phones and emails, owner by name', async () => {
    const csv = exportCsv([
      ['ID', 'Название компании', 'Ответственный', 'Дата создания', 'Кем создана', 'Теги', 'Рабочий телефон (компания)', 'Мобильный телефон (компания)', 'Рабочий email (компания)', 'Web (компания)', 'Адрес (компания)', 'Примечание'],
      ['5001', 'ООО АмоКомпания', 'Мария Менеджер', '10.01.2024 12:00', 'Админ', 'опт', '+7 (495) 711-00-01', '8 916 711 00 02', 'info@amocompany.test', 'amocompany.test', 'Москва, ул. Амо, 1', 'важный'],
    ]);
    const { upload: body, done } = await importFile(world(), 'amocrm_companies.csv', csv, 'companies');
    expect(body.options.preset).toBe('amocrm-companies');
    expect(done.result).toMatchObject({ created: 1, failed: 0 });
    const [company] = (await world().as('admin', { method: 'GET', url: '/api/v1/companies?filter[name][eq]=ООО АмоКомпания' })).body.data;
    expect(company).toMatchObject({ phones: ['+74957110001', '+79167110002'], emails: ['info@amocompany.test'], website: 'amocompany.test', address: 'Москва, ул. Амо, 1', tags: ['опт'], ownerId: world().users.managerA2.id });
    expect(company.custom).toEqual({ external_id: '5001' });
  });

  it('amoCRM deals: stages by name and amoCRM\'s closing stages, budget with the rouble sign, the main contact and its company, responsible users', async () => {
    const csv = exportCsv([
      ['ID', 'Название сделки', 'Бюджет ₽', 'Ответственный', 'Дата создания', 'Дата закрытия', 'Этап сделки', 'Воронка', 'Теги сделки', 'Основной контакт', 'Компания', 'Рабочий телефон (контакт)', 'Мобильный телефон (контакт)', 'Рабочий email (контакт)', 'Рабочий телефон (компания)', 'Причина отказа', 'Примечание'],
      ['101', 'Кухня угловая', '350 000', 'Алексей Менеджер', '01.09.2024 10:15:00', '20.09.2024', 'Успешно реализовано', 'Продажи', 'сайт, рассрочка', 'Анна Смирнова', 'ООО Кухни', '+7 (927) 100-20-30', '', 'anna@amodeals.test', '+7 (495) 100-20-30', '', 'Хочет фасады МДФ'],
      ['102', 'Шкаф-купе', '90000', 'Мария Менеджер', '05.09.2024 12:00:00', '', 'Переговоры', 'Продажи', '', 'Анна Смирнова', 'ООО Кухни', '', '89271002030', '', '', '', ''],
      ['103', 'Стол', '15 000', 'Алексей Менеджер', '06.09.2024 09:00:00', '', 'Закрыто и не реализовано', 'Продажи', '', 'Борис Отказов', '', '', '', 'boris@amodeals.test', '', 'Дорого', ''],
      ['104', 'Стул', '500', 'Нет Такого Сотрудника', '06.09.2024 09:00:00', '', 'Переговоры', 'Продажи', '', 'Глеб Стулов', '', '', '', '', '', '', ''],
    ]);
    const { upload: body, done } = await importFile(world(), 'amocrm_export_leads.csv', csv, 'deals');
    expect(body.options.preset).toBe('amocrm-deals');
    expect(body.mapping).toMatchObject({ 2: 'deal.amount', 9: 'contact.name', 10: 'company.name', 11: 'contact.phones', 14: 'company.phones', 15: 'deal.lostReason', 16: null });
    expect(done.result).toMatchObject({ created: 3, failed: 1 });
    const deals = await rows<{ title: string; amount: string; stage: string; kind: string; ownerId: string; lostReason: string | null; contact: string; company: string | null; tags: string[] }>(
      world().db,
      sql`select d.title, d.amount::text as amount, s.name as stage, s.kind, d.owner_id as "ownerId", d.lost_reason as "lostReason", c.full_name as contact, co.name as company, d.tags
          from deals d join stages s on s.id = d.stage_id join contacts c on c.id = d.contact_id left join companies co on co.id = d.company_id
          where d.workspace_id = ${world().workspaceId} and d.title in ('Кухня угловая', 'Шкаф-купе', 'Стол') order by d.title`,
    );
    expect(deals).toEqual([
      { title: 'Кухня угловая', amount: '350000.00', stage: 'Успешно', kind: 'won', ownerId: world().users.managerA1.id, lostReason: null, contact: 'Смирнова Анна', company: 'ООО Кухни', tags: ['сайт', 'рассрочка'] },
      { title: 'Стол', amount: '15000.00', stage: 'Проиграна', kind: 'lost', ownerId: world().users.managerA1.id, lostReason: 'Дорого', contact: 'Отказов Борис', company: null, tags: [] },
      { title: 'Шкаф-купе', amount: '90000.00', stage: 'Переговоры', kind: 'open', ownerId: world().users.managerA2.id, lostReason: null, contact: 'Смирнова Анна', company: 'ООО Кухни', tags: [] },
    ]);
    // Both rows of Анна Смирнова are one contact, with both phones; the company got its own phone.
    const [anna] = await rows<{ n: number; phones: string[] }>(world().db, sql`select count(*) over ()::int as n, phones from contacts where workspace_id = ${world().workspaceId} and full_name = 'Смирнова Анна'`);
    expect(anna.n).toBe(1);
    expect(anna.phones).toEqual(['+79271002030']);
    const [kitchens] = await rows<{ phones: string[] }>(world().db, sql`select phones from companies where workspace_id = ${world().workspaceId} and name = 'ООО Кухни'`);
    expect(kitchens.phones).toEqual(['+74951002030']);
    const [failed] = await rows<{ errors: { field: string; problem: string }[] }>(world().db, sql`select errors from import_failed_rows where import_id = ${body.id}`);
    expect(failed.errors).toEqual([{ field: 'deal.owner', column: 'Ответственный', problem: 'no active user named or with the email "Нет Такого Сотрудника"' }]);
  });

  it('Bitrix24 contacts in Windows-1251: name parts, phones and e-mails of every kind, source and responsible user', async () => {
    const csv = exportCsv(
      [
        ['ID', 'Обращение', 'Имя', 'Отчество', 'Фамилия', 'Дата рождения', 'Должность', 'Компания', 'Рабочий телефон', 'Мобильный телефон', 'Рабочий e-mail', 'Частный e-mail', 'Тип контакта', 'Источник', 'Ответственный', 'Комментарий', 'Дата создания', 'Дата изменения'],
        ['77', 'г-н', 'Павел', 'Сергеевич', 'Битриксов', '03.04.1980', 'Инженер', 'ООО Битрикс Клиент', '+7 (812) 300-00-01', '+7 921 300-00-02', 'pavel@b24.test', 'pavel.home@b24.test', 'Клиенты', 'Звонок', 'Ирина Руководитель', 'Перезвонить', '01.02.2024 10:00:00', '01.02.2024 10:00:00'],
      ],
      'win1251',
    );
    const { upload: body, done } = await importFile(world(), 'CONTACT_20240201.csv', csv, 'contacts');
    expect(body.options.preset).toBe('bitrix24-contacts');
    expect(done.result).toMatchObject({ created: 1, failed: 0 });
    const [contact] = (await world().as('admin', { method: 'GET', url: '/api/v1/contacts?filter[emails][eq]=pavel@b24.test' })).body.data;
    expect(contact).toMatchObject({ firstName: 'Павел', middleName: 'Сергеевич', lastName: 'Битриксов', birthday: '1980-04-03', position: 'Инженер', source: 'Звонок', phones: ['+78123000001', '+79213000002'], emails: ['pavel@b24.test', 'pavel.home@b24.test'], ownerId: world().users.head.id });
    expect(contact.custom).toEqual({ external_id: '77' });
  });

  it('Bitrix24 companies: requisites, industry, size and site', async () => {
    const csv = exportCsv([
      ['ID', 'Название компании', 'Тип компании', 'Сфера деятельности', 'Кол-во сотрудников', 'Годовой оборот', 'Рабочий телефон', 'Рабочий e-mail', 'Корпоративный сайт', 'Адрес', 'ИНН', 'КПП', 'Ответственный', 'Дата создания'],
      ['12', 'ООО Битрикс Компания', 'Клиент', 'Производство', '50-250', '100000000', '+7 (843) 200-00-01', 'office@b24company.test', 'b24company.test', 'Казань, ул. Битрикс, 24', '7707083893', '770701001', 'Bob Manager', '01.02.2024 10:00:00'],
    ]);
    const { upload: body, done } = await importFile(world(), 'COMPANY.csv', csv, 'companies');
    expect(body.options.preset).toBe('bitrix24-companies');
    expect(done.result).toMatchObject({ created: 1, failed: 0 });
    const [company] = (await world().as('admin', { method: 'GET', url: '/api/v1/companies?filter[emails][eq]=office@b24company.test' })).body.data;
    expect(company).toMatchObject({ name: 'ООО Битрикс Компания', industry: 'Производство', size: '50-250', website: 'b24company.test', inn: '7707083893', kpp: '770701001', ownerId: world().users.managerB1.id });
  });

  it('Bitrix24 deals: "Название сделки", stages including "Сделка успешна", linked contact and company fields as "Контакт: …" and "Компания: …"', async () => {
    const csv = exportCsv([
      ['ID', 'Название сделки', 'Стадия сделки', 'Воронка', 'Сумма', 'Валюта', 'Тип', 'Дата начала', 'Предполагаемая дата закрытия', 'Ответственный', 'Контакт', 'Контакт: Имя', 'Контакт: Фамилия', 'Контакт: Мобильный телефон', 'Контакт: Рабочий e-mail', 'Компания', 'Компания: Рабочий телефон', 'Источник', 'Комментарий'],
      ['2001', 'Поставка труб', 'Сделка успешна', 'Продажи', '1 250 000,00', 'RUB', 'Продажа', '01.03.2024', '31.03.2024', 'Мария Менеджер', 'Ольга Трубина', 'Ольга', 'Трубина', '+7 917 400-00-01', 'olga@b24deals.test', 'ООО Трубы', '+7 (843) 400-00-00', 'Веб-сайт', ''],
      ['2002', 'Монтаж', 'Предложение', 'Продажи', '300000', 'RUB', 'Услуги', '02.03.2024', '15.04.2024', 'Алексей Менеджер', 'Ольга Трубина', 'Ольга', 'Трубина', '+7 917 400-00-01', 'olga@b24deals.test', 'ООО Трубы', '', 'Звонок', ''],
      ['2003', 'Ремонт', 'Сделка провалена', 'Продажи', '1000', 'RUB', 'Услуги', '03.03.2024', '', 'Алексей Менеджер', '', '', '', '', '', '', '', '', ''],
    ]);
    const { upload: body, done } = await importFile(world(), 'DEAL_20240301.csv', csv, 'deals');
    expect(body.options.preset).toBe('bitrix24-deals');
    expect(done.result).toMatchObject({ created: 3, failed: 0 });
    const deals = await rows<{ title: string; amount: string; kind: string; stage: string; closeDate: string | null; ownerId: string; source: string | null; contact: string | null; company: string | null }>(
      world().db,
      sql`select d.title, d.amount::text as amount, s.kind, s.name as stage, d.expected_close_date::text as "closeDate", d.owner_id as "ownerId", d.source, c.full_name as contact, co.name as company
          from deals d join stages s on s.id = d.stage_id left join contacts c on c.id = d.contact_id left join companies co on co.id = d.company_id
          where d.workspace_id = ${world().workspaceId} and d.title in ('Поставка труб', 'Монтаж', 'Ремонт') order by d.title`,
    );
    expect(deals).toEqual([
      { title: 'Монтаж', amount: '300000.00', kind: 'open', stage: 'Предложение', closeDate: '2024-04-15', ownerId: world().users.managerA1.id, source: 'Звонок', contact: 'Трубина Ольга', company: 'ООО Трубы' },
      { title: 'Поставка труб', amount: '1250000.00', kind: 'won', stage: 'Успешно', closeDate: '2024-03-31', ownerId: world().users.managerA2.id, source: 'Веб-сайт', contact: 'Трубина Ольга', company: 'ООО Трубы' },
      { title: 'Ремонт', amount: '1000.00', kind: 'lost', stage: 'Проиграна', closeDate: null, ownerId: world().users.managerA1.id, source: null, contact: null, company: null },
    ]);
    const contacts = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from contacts where workspace_id = ${world().workspaceId} and emails && '{olga@b24deals.test}'`);
    expect(contacts[0].n).toBe(1);
  });
});
