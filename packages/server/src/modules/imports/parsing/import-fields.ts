// The fields a column can be mapped to. A target is "<object>.<field>" (e.g. contact.phones,
// company.inn, deal.stage) or "<object>.custom.<key>" for a custom field.
export type ImportObject = 'contact' | 'company' | 'deal';
export type FieldKind = 'text' | 'fullName' | 'givenFirstName' | 'phones' | 'emails' | 'date' | 'number' | 'boolean' | 'tags' | 'owner' | 'stage' | 'pipeline' | 'currency' | 'externalId' | 'custom';

export interface ImportField {
  target: string;
  object: ImportObject;
  /** The engine's field name (or the custom key). */
  field: string;
  kind: FieldKind;
  label: { ru: string; en: string };
  /** Header spellings that map here (compared after normaliseHeader). */
  aliases: string[];
}

const f = (object: ImportObject, field: string, kind: FieldKind, ru: string, en: string, aliases: string[]): ImportField => ({
  target: `${object}.${field}`,
  object,
  field,
  kind,
  label: { ru, en },
  aliases: [ru, en, ...aliases],
});

export const contactFields: ImportField[] = [
  f('contact', 'fullName', 'fullName', 'ФИО', 'Full name (last first middle)', ['фио', 'ф.и.о.', 'фамилия имя отчество', 'фио контакта', 'контакт', 'контактное лицо', 'фио клиента', 'клиент']),
  f('contact', 'name', 'givenFirstName', 'Имя и фамилия', 'Name', ['полное имя', 'полное имя контакта', 'наименование', 'name', 'contact name', 'contact', 'full name', 'имя контакта']),
  f('contact', 'lastName', 'text', 'Фамилия', 'Last name', ['last name', 'lastname', 'surname', 'family name']),
  f('contact', 'firstName', 'text', 'Имя', 'First name', ['first name', 'firstname', 'given name']),
  f('contact', 'middleName', 'text', 'Отчество', 'Middle name', ['middle name', 'patronymic']),
  f('contact', 'position', 'text', 'Должность', 'Position', ['job title', 'title', 'position', 'должность контакта']),
  f('contact', 'phones', 'phones', 'Телефон', 'Phone', ['телефоны', 'тел', 'тел.', 'моб. телефон', 'моб телефон', 'мобильный', 'мобильный телефон', 'рабочий телефон', 'сотовый', 'домашний телефон', 'другой телефон', 'phone number', 'mobile', 'mobile phone', 'work phone', 'phones', 'контактный телефон', 'номер телефона']),
  f('contact', 'emails', 'emails', 'E-mail', 'Email', ['email', 'e-mail', 'эл. почта', 'эл почта', 'электронная почта', 'почта', 'рабочий email', 'рабочий e-mail', 'личный email', 'частный e-mail', 'другой e-mail', 'email address', 'emails', 'mail']),
  f('contact', 'birthday', 'date', 'Дата рождения', 'Birthday', ['день рождения', 'birth date', 'date of birth', 'др']),
  f('contact', 'city', 'text', 'Город', 'City', ['город контакта', 'town']),
  f('contact', 'source', 'text', 'Источник', 'Source', ['источник контакта', 'lead source', 'канал']),
  f('contact', 'tags', 'tags', 'Теги', 'Tags', ['тэги', 'метки', 'tag', 'labels']),
  f('contact', 'owner', 'owner', 'Ответственный', 'Owner', ['ответственный менеджер', 'менеджер', 'responsible', 'assigned to', 'owner email', 'контакт ответственный']),
  f('contact', 'externalId', 'externalId', 'Внешний ID', 'External ID', ['id', 'ид', 'external id', 'код', 'id контакта', 'contact id']),
];

export const companyFields: ImportField[] = [
  f('company', 'name', 'text', 'Компания', 'Company', ['название компании', 'наименование компании', 'организация', 'название организации', 'компания контакта', 'company name', 'organisation', 'organization', 'account', 'контрагент', 'клиент (компания)']),
  f('company', 'inn', 'text', 'ИНН', 'INN', ['инн компании', 'tax id', 'inn', 'реквизиты инн']),
  f('company', 'kpp', 'text', 'КПП', 'KPP', ['kpp']),
  f('company', 'ogrn', 'text', 'ОГРН', 'OGRN', ['огрнип', 'ogrn']),
  f('company', 'legalForm', 'text', 'Организационно-правовая форма', 'Legal form', ['опф', 'форма собственности']),
  f('company', 'industry', 'text', 'Отрасль', 'Industry', ['сфера деятельности', 'вид деятельности', 'industry']),
  f('company', 'size', 'text', 'Размер', 'Size', ['кол-во сотрудников', 'количество сотрудников', 'employees']),
  f('company', 'region', 'text', 'Регион', 'Region', ['область', 'state', 'region']),
  f('company', 'city', 'text', 'Город компании', 'Company city', []),
  f('company', 'address', 'text', 'Адрес', 'Address', ['юридический адрес', 'фактический адрес', 'адрес компании', 'street address']),
  f('company', 'website', 'text', 'Сайт', 'Website', ['веб-сайт', 'web', 'url', 'корпоративный сайт', 'сайт компании', 'www']),
  f('company', 'phones', 'phones', 'Телефон компании', 'Company phone', []),
  f('company', 'emails', 'emails', 'E-mail компании', 'Company email', ['email компании']),
  f('company', 'source', 'text', 'Источник компании', 'Company source', []),
  f('company', 'tags', 'tags', 'Теги компании', 'Company tags', []),
  f('company', 'owner', 'owner', 'Ответственный за компанию', 'Company owner', []),
  f('company', 'externalId', 'externalId', 'Внешний ID компании', 'Company external ID', ['id компании', 'company id']),
];

export const dealFields: ImportField[] = [
  f('deal', 'title', 'text', 'Название сделки', 'Deal title', ['сделка', 'название', 'deal', 'deal name', 'opportunity']),
  f('deal', 'amount', 'number', 'Сумма', 'Amount', ['бюджет', 'сумма сделки', 'стоимость', 'amount', 'value', 'budget']),
  f('deal', 'currency', 'currency', 'Валюта', 'Currency', []),
  f('deal', 'stage', 'stage', 'Этап', 'Stage', ['этап сделки', 'стадия', 'стадия сделки', 'статус', 'статус сделки', 'deal stage', 'status']),
  f('deal', 'pipeline', 'pipeline', 'Воронка', 'Pipeline', ['направление', 'pipeline']),
  f('deal', 'expectedCloseDate', 'date', 'Дата закрытия', 'Close date', ['предполагаемая дата закрытия', 'плановая дата закрытия', 'expected close date', 'close date']),
  f('deal', 'source', 'text', 'Источник сделки', 'Deal source', []),
  f('deal', 'tags', 'tags', 'Теги сделки', 'Deal tags', []),
  f('deal', 'owner', 'owner', 'Ответственный за сделку', 'Deal owner', []),
];

/** Lowercase, ё→е, no punctuation or extra spaces, no "(контакт)"-style qualifiers. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\((контакт|компания|сделка|contact|company|deal)\)/g, ' ')
    .replace(/[«»"'`*:№#_]/g, ' ')
    .replace(/[.\-–—/\\]+/g, (match) => (match.includes('.') ? '.' : ' '))
    .replace(/\s+/g, ' ')
    .replace(/\.$/, '')
    .trim();
}
