// Built-in mappings for the export files of amoCRM and Bitrix24 (contacts, companies, deals), so their
// users move over in one step. Headers are the column titles those exports write (Russian interface).
import type { ImportObject } from './import-fields.js';

export interface BuiltInPreset {
  id: string;
  name: string;
  object: ImportObject;
  /** Header → target (null: known column we deliberately skip, such as "Дата создания"). */
  columns: Record<string, string | null>;
  options?: { matchBy?: string[] };
}

// Checked against how these exports are read by public code that consumes them (2026): amoCRM names a
// deal's linked person "Основной контакт" / "Полное имя (контакт)" and qualifies contact and company
// fields as "(контакт)" / "(компания)"; its closing stages are "Успешно реализовано" and "Закрыто и не
// реализовано". Bitrix24 writes linked records' fields as "Контакт: Имя", "Компания: Название компании",
// the title as "Название сделки" and its closing stages as "Сделка успешна" / "Сделка провалена" (both
// CRMs' closing stages are matched to the pipeline's won and lost stages, see row-converter.ts). Older
// and newer exports differ in a few titles, so both spellings are listed where they are known.
const skipped = (...headers: string[]) => Object.fromEntries(headers.map((header) => [header, null]));

const amoCommon = skipped('Дата создания', 'Кем создан', 'Кем создана', 'Последнее изменение', 'Дата изменения', 'Кем изменен', 'Кем изменена', 'Примечание', 'Ближайшая задача');
const amoContactFields = {
  'Должность (контакт)': 'contact.position',
  'Рабочий телефон (контакт)': 'contact.phones',
  'Рабочий прямой телефон (контакт)': 'contact.phones',
  'Мобильный телефон (контакт)': 'contact.phones',
  'Домашний телефон (контакт)': 'contact.phones',
  'Другой телефон (контакт)': 'contact.phones',
  'Рабочий email (контакт)': 'contact.emails',
  'Личный email (контакт)': 'contact.emails',
  'Другой email (контакт)': 'contact.emails',
  'Дата рождения (контакт)': 'contact.birthday',
  ...skipped('Факс (контакт)', 'Skype (контакт)', 'ICQ (контакт)', 'Jabber (контакт)', 'Google Talk (контакт)', 'MSN (контакт)', 'Другой IM (контакт)'),
};
const amoCompanyFields = {
  'Рабочий телефон (компания)': 'company.phones',
  'Мобильный телефон (компания)': 'company.phones',
  'Другой телефон (компания)': 'company.phones',
  'Рабочий email (компания)': 'company.emails',
  'Личный email (компания)': 'company.emails',
  'Другой email (компания)': 'company.emails',
  'Web (компания)': 'company.website',
  'Сайт компании': 'company.website',
  'Адрес (компания)': 'company.address',
  ...skipped('Факс (компания)'),
};

const bitrixCommon = skipped('Дата создания', 'Дата изменения', 'Кем создан', 'Кем создана', 'Кем изменен', 'Кем изменена', 'Создан', 'Изменен', 'Создана', 'Изменена', 'Комментарий', 'Доступен для всех');

export const builtInPresets: BuiltInPreset[] = [
  {
    id: 'amocrm-contacts',
    name: 'amoCRM: контакты',
    object: 'contact',
    columns: {
      ...amoCommon,
      ...skipped('Дата создания (контакт)', 'Кем создан контакт', 'Примечание к контакту'),
      ID: 'contact.externalId',
      'Полное имя': 'contact.name',
      'Полное имя (контакт)': 'contact.name',
      Имя: 'contact.firstName',
      Фамилия: 'contact.lastName',
      Компания: 'company.name',
      'Название (компания)': 'company.name',
      Ответственный: 'contact.owner',
      'Ответственный за контакт': 'contact.owner',
      Теги: 'contact.tags',
      'Тег контакта': 'contact.tags',
      ...amoContactFields,
      'Адрес (компания)': 'company.address',
    },
    options: { matchBy: ['email', 'phone'] },
  },
  {
    id: 'amocrm-companies',
    name: 'amoCRM: компании',
    object: 'company',
    columns: {
      ...amoCommon,
      ...skipped('Дата создания (компания)', 'Кем создана компания', 'Примечание к компании'),
      ID: 'company.externalId',
      'Название компании': 'company.name',
      'Название (компания)': 'company.name',
      Ответственный: 'company.owner',
      'Ответственный за компанию': 'company.owner',
      Теги: 'company.tags',
      'Тег компании': 'company.tags',
      ...amoCompanyFields,
    },
    options: { matchBy: ['inn', 'email', 'phone'] },
  },
  {
    id: 'amocrm-deals',
    name: 'amoCRM: сделки',
    object: 'deal',
    columns: {
      ...amoCommon,
      ...skipped('ID', 'Дата создания (сделка)', 'Примечание к сделке', 'Ответственный за контакт'),
      'Название сделки': 'deal.title',
      Бюджет: 'deal.amount',
      'Бюджет ₽': 'deal.amount',
      'Бюджет руб.': 'deal.amount',
      'Бюджет сделки': 'deal.amount',
      Ответственный: 'deal.owner',
      'Ответственный за сделку': 'deal.owner',
      'Этап сделки': 'deal.stage',
      'Статус сделки': 'deal.stage',
      Воронка: 'deal.pipeline',
      Теги: 'deal.tags',
      'Теги сделки': 'deal.tags',
      'Тег сделки': 'deal.tags',
      'Дата закрытия': 'deal.expectedCloseDate',
      'Источник сделки': 'deal.source',
      'Причина отказа': 'deal.lostReason',
      'Основной контакт': 'contact.name',
      'Полное имя контакта': 'contact.name',
      'Полное имя (контакт)': 'contact.name',
      Компания: 'company.name',
      'Компания контакта': 'company.name',
      'Название (компания)': 'company.name',
      ...amoContactFields,
      ...amoCompanyFields,
    },
    options: { matchBy: ['email', 'phone'] },
  },
  {
    id: 'bitrix24-contacts',
    name: 'Битрикс24: контакты',
    object: 'contact',
    columns: {
      ...bitrixCommon,
      ...skipped('Обращение', 'Тип контакта', 'Дополнительно об источнике', 'Адрес', 'Номер факса', 'Участвует в экспорте контактов'),
      ID: 'contact.externalId',
      Имя: 'contact.firstName',
      Отчество: 'contact.middleName',
      Фамилия: 'contact.lastName',
      'Дата рождения': 'contact.birthday',
      Должность: 'contact.position',
      Компания: 'company.name',
      'Рабочий телефон': 'contact.phones',
      'Мобильный телефон': 'contact.phones',
      'Домашний телефон': 'contact.phones',
      'Другой телефон': 'contact.phones',
      'Телефон для рассылок': 'contact.phones',
      'Рабочий e-mail': 'contact.emails',
      'Частный e-mail': 'contact.emails',
      'Другой e-mail': 'contact.emails',
      'E-mail для рассылок': 'contact.emails',
      Источник: 'contact.source',
      Ответственный: 'contact.owner',
      Город: 'contact.city',
    },
    options: { matchBy: ['email', 'phone'] },
  },
  {
    id: 'bitrix24-companies',
    name: 'Битрикс24: компании',
    object: 'company',
    columns: {
      ...bitrixCommon,
      ...skipped('Тип компании', 'Годовой оборот', 'Юридический адрес', 'Номер факса', 'Дополнительно об источнике'),
      ID: 'company.externalId',
      'Название компании': 'company.name',
      'Сфера деятельности': 'company.industry',
      'Кол-во сотрудников': 'company.size',
      'Рабочий телефон': 'company.phones',
      'Мобильный телефон': 'company.phones',
      'Другой телефон': 'company.phones',
      'Рабочий e-mail': 'company.emails',
      'Другой e-mail': 'company.emails',
      'Корпоративный сайт': 'company.website',
      Адрес: 'company.address',
      'Фактический адрес': 'company.address',
      Город: 'company.city',
      Регион: 'company.region',
      ИНН: 'company.inn',
      КПП: 'company.kpp',
      ОГРН: 'company.ogrn',
      Источник: 'company.source',
      Ответственный: 'company.owner',
    },
    options: { matchBy: ['inn', 'email', 'phone'] },
  },
  {
    id: 'bitrix24-deals',
    name: 'Битрикс24: сделки',
    object: 'deal',
    columns: {
      ...bitrixCommon,
      ...skipped('ID', 'Тип', 'Дата начала', 'Вероятность', 'Сделка закрыта', 'Группа', 'Товар', 'Цена', 'Количество', 'Дополнительно об источнике'),
      'Название сделки': 'deal.title',
      Название: 'deal.title',
      'Стадия сделки': 'deal.stage',
      Воронка: 'deal.pipeline',
      Направление: 'deal.pipeline',
      Сумма: 'deal.amount',
      Валюта: 'deal.currency',
      'Предполагаемая дата закрытия': 'deal.expectedCloseDate',
      Ответственный: 'deal.owner',
      Источник: 'deal.source',
      // The linked contact's display name; its order depends on the portal's name format, so the
      // name parts below (when exported) decide, and this column is read in ФИО order otherwise.
      Контакт: 'contact.fullName',
      'Контакт: ID': 'contact.externalId',
      'Контакт: Имя': 'contact.firstName',
      'Контакт: Фамилия': 'contact.lastName',
      'Контакт: Отчество': 'contact.middleName',
      'Контакт: Должность': 'contact.position',
      'Контакт: Рабочий телефон': 'contact.phones',
      'Контакт: Мобильный телефон': 'contact.phones',
      'Контакт: Рабочий e-mail': 'contact.emails',
      'Контакт: Частный e-mail': 'contact.emails',
      Компания: 'company.name',
      'Компания: Название компании': 'company.name',
      'Компания: ID': 'company.externalId',
      'Компания: Рабочий телефон': 'company.phones',
      'Компания: Рабочий e-mail': 'company.emails',
    },
    options: { matchBy: ['email', 'phone'] },
  },
];

/** Finds the built-in preset whose columns cover the most of these headers (at least 60 % and 3 columns). */
export function detectPreset(headers: string[], object?: ImportObject): BuiltInPreset | null {
  let best: BuiltInPreset | null = null;
  let bestScore = 0;
  for (const preset of builtInPresets) {
    if (object && preset.object !== object) continue;
    const known = headers.filter((header) => header in preset.columns).length;
    const score = known / Math.max(headers.length, 1);
    if (known >= 3 && score >= 0.6 && score > bestScore) {
      best = preset;
      bestScore = score;
    }
  }
  return best;
}
