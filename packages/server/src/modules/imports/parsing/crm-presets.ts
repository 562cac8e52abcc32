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

const amoCommon = { 'Дата создания': null, 'Кем создан': null, 'Последнее изменение': null, 'Кем изменен': null, 'Примечание': null, 'Ближайшая задача': null };

export const builtInPresets: BuiltInPreset[] = [
  {
    id: 'amocrm-contacts',
    name: 'amoCRM: контакты',
    object: 'contact',
    columns: {
      ...amoCommon,
      ID: 'contact.externalId',
      'Полное имя': 'contact.name',
      Имя: 'contact.firstName',
      Фамилия: 'contact.lastName',
      Компания: 'company.name',
      Ответственный: 'contact.owner',
      Теги: 'contact.tags',
      'Должность (контакт)': 'contact.position',
      'Рабочий телефон (контакт)': 'contact.phones',
      'Мобильный телефон (контакт)': 'contact.phones',
      'Другой телефон (контакт)': 'contact.phones',
      'Рабочий email (контакт)': 'contact.emails',
      'Личный email (контакт)': 'contact.emails',
      'Другой email (контакт)': 'contact.emails',
    },
    options: { matchBy: ['email', 'phone'] },
  },
  {
    id: 'amocrm-companies',
    name: 'amoCRM: компании',
    object: 'company',
    columns: {
      ...amoCommon,
      ID: 'company.externalId',
      'Название компании': 'company.name',
      Ответственный: 'company.owner',
      Теги: 'company.tags',
      'Рабочий телефон (компания)': 'company.phones',
      'Другой телефон (компания)': 'company.phones',
      'Рабочий email (компания)': 'company.emails',
      'Web (компания)': 'company.website',
      'Адрес (компания)': 'company.address',
    },
    options: { matchBy: ['inn', 'email', 'phone'] },
  },
  {
    id: 'amocrm-deals',
    name: 'amoCRM: сделки',
    object: 'deal',
    columns: {
      ...amoCommon,
      ID: null,
      'Название сделки': 'deal.title',
      Бюджет: 'deal.amount',
      Ответственный: 'deal.owner',
      'Этап сделки': 'deal.stage',
      Воронка: 'deal.pipeline',
      Теги: 'deal.tags',
      'Дата закрытия': 'deal.expectedCloseDate',
      'Полное имя контакта': 'contact.name',
      'Компания контакта': 'company.name',
      'Рабочий телефон (контакт)': 'contact.phones',
      'Мобильный телефон (контакт)': 'contact.phones',
      'Рабочий email (контакт)': 'contact.emails',
      'Должность (контакт)': 'contact.position',
    },
    options: { matchBy: ['email', 'phone'] },
  },
  {
    id: 'bitrix24-contacts',
    name: 'Битрикс24: контакты',
    object: 'contact',
    columns: {
      ID: 'contact.externalId',
      Обращение: null,
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
      'Рабочий e-mail': 'contact.emails',
      'Частный e-mail': 'contact.emails',
      'Другой e-mail': 'contact.emails',
      'Тип контакта': null,
      Источник: 'contact.source',
      'Дополнительно об источнике': null,
      Ответственный: 'contact.owner',
      Комментарий: null,
      Город: 'contact.city',
      Создан: null,
      Изменен: null,
    },
    options: { matchBy: ['email', 'phone'] },
  },
  {
    id: 'bitrix24-companies',
    name: 'Битрикс24: компании',
    object: 'company',
    columns: {
      ID: 'company.externalId',
      'Название компании': 'company.name',
      'Тип компании': null,
      'Сфера деятельности': 'company.industry',
      'Кол-во сотрудников': 'company.size',
      'Годовой оборот': null,
      'Рабочий телефон': 'company.phones',
      'Мобильный телефон': 'company.phones',
      'Рабочий e-mail': 'company.emails',
      'Корпоративный сайт': 'company.website',
      Адрес: 'company.address',
      Город: 'company.city',
      Регион: 'company.region',
      ИНН: 'company.inn',
      КПП: 'company.kpp',
      ОГРН: 'company.ogrn',
      Ответственный: 'company.owner',
      Комментарий: null,
      Создана: null,
      Изменена: null,
    },
    options: { matchBy: ['inn', 'email', 'phone'] },
  },
  {
    id: 'bitrix24-deals',
    name: 'Битрикс24: сделки',
    object: 'deal',
    columns: {
      ID: null,
      Название: 'deal.title',
      'Стадия сделки': 'deal.stage',
      Воронка: 'deal.pipeline',
      Сумма: 'deal.amount',
      Валюта: 'deal.currency',
      Тип: null,
      'Предполагаемая дата закрытия': 'deal.expectedCloseDate',
      Ответственный: 'deal.owner',
      Контакт: 'contact.fullName',
      Компания: 'company.name',
      Источник: 'deal.source',
      Комментарий: null,
      'Дата создания': null,
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
