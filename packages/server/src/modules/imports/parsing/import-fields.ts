// The fields a column can be mapped to. A target is "<object>.<field>" (e.g. contact.phones,
// company.inn, deal.stage) or "<object>.custom.<key>" for a custom field. Orders also take "line.*"
// (one order line per row) and activities "link.*" (how to find the record the activity belongs to).
import { normaliseHeader } from '@svyaz/shared';

export { normaliseHeader };
export type ImportObject = 'contact' | 'company' | 'deal' | 'lead' | 'product' | 'order' | 'activity';
/** Where a column's value goes: an object's values, an order line, or the keys that find an activity's record. */
export type ImportBag = ImportObject | 'line' | 'link';
export type FieldKind =
  | 'text'
  | 'fullName'
  | 'givenFirstName'
  | 'phones'
  | 'emails'
  | 'date'
  | 'dateTime'
  | 'number'
  | 'boolean'
  | 'tags'
  | 'owner'
  | 'stage'
  | 'pipeline'
  | 'currency'
  | 'externalId'
  | 'custom'
  | 'status'
  | 'activityKind'
  | 'direction'
  | 'duration'
  | 'phone'
  | 'lookup';

export interface ImportField {
  target: string;
  object: ImportBag;
  /** The engine's field name (or the custom key). */
  field: string;
  kind: FieldKind;
  label: { ru: string; en: string };
  /** Header spellings that map here (compared after normaliseHeader). */
  aliases: string[];
}

const f = (object: ImportBag, field: string, kind: FieldKind, ru: string, en: string, aliases: string[]): ImportField => ({
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
  f('deal', 'lostReason', 'text', 'Причина отказа', 'Lost reason', ['причина проигрыша', 'причина провала', 'lost reason']),
  f('deal', 'tags', 'tags', 'Теги сделки', 'Deal tags', []),
  f('deal', 'owner', 'owner', 'Ответственный за сделку', 'Deal owner', []),
];


export const leadFields: ImportField[] = [
  f('lead', 'title', 'text', 'Название лида', 'Lead title', ['лид', 'название', 'наименование лида', 'lead', 'lead name', 'title']),
  f('lead', 'status', 'status', 'Статус лида', 'Lead status', ['статус', 'стадия', 'стадия лида', 'status', 'lead status']),
  f('lead', 'source', 'text', 'Источник', 'Source', ['источник лида', 'lead source', 'канал', 'source']),
  f('lead', 'fullName', 'fullName', 'ФИО', 'Full name (last first middle)', ['фио', 'ф.и.о.', 'фамилия имя отчество', 'контакт', 'контактное лицо', 'клиент']),
  f('lead', 'name', 'givenFirstName', 'Имя и фамилия', 'Name', ['полное имя', 'name', 'contact name', 'full name']),
  f('lead', 'lastName', 'text', 'Фамилия', 'Last name', ['last name', 'surname']),
  f('lead', 'firstName', 'text', 'Имя', 'First name', ['first name', 'given name']),
  f('lead', 'middleName', 'text', 'Отчество', 'Middle name', ['middle name', 'patronymic']),
  f('lead', 'companyName', 'text', 'Компания', 'Company', ['название компании', 'организация', 'company name', 'organization', 'organisation']),
  f('lead', 'position', 'text', 'Должность', 'Position', ['job title', 'position']),
  f('lead', 'phones', 'phones', 'Телефон', 'Phone', ['телефоны', 'моб. телефон', 'мобильный телефон', 'рабочий телефон', 'phone number', 'mobile']),
  f('lead', 'emails', 'emails', 'E-mail', 'Email', ['email', 'e-mail', 'эл. почта', 'электронная почта', 'почта', 'рабочий e-mail']),
  f('lead', 'inn', 'text', 'ИНН', 'INN', ['inn', 'tax id']),
  f('lead', 'city', 'text', 'Город', 'City', ['city', 'town']),
  f('lead', 'amount', 'number', 'Сумма', 'Amount', ['бюджет', 'стоимость', 'amount', 'budget', 'value']),
  f('lead', 'currency', 'currency', 'Валюта', 'Currency', []),
  f('lead', 'notes', 'text', 'Комментарий', 'Notes', ['примечание', 'заметки', 'описание', 'comment', 'notes', 'description']),
  f('lead', 'tags', 'tags', 'Теги', 'Tags', ['метки', 'tags']),
  f('lead', 'owner', 'owner', 'Ответственный', 'Owner', ['менеджер', 'ответственный менеджер', 'responsible', 'owner', 'assigned to']),
  f('lead', 'externalId', 'externalId', 'Внешний ID', 'External ID', ['id', 'ид', 'external id', 'id лида']),
];

export const productFields: ImportField[] = [
  f('product', 'sku', 'text', 'Артикул', 'SKU', ['sku', 'код товара', 'код', 'артикул товара', 'item code', 'product code', 'code']),
  f('product', 'name', 'text', 'Наименование', 'Product name', ['название', 'товар', 'наименование товара', 'название товара', 'номенклатура', 'product', 'name', 'item']),
  f('product', 'description', 'text', 'Описание', 'Description', ['description', 'подробное описание']),
  f('product', 'category', 'text', 'Категория', 'Category', ['группа', 'раздел', 'группа товаров', 'category', 'group']),
  f('product', 'unit', 'text', 'Ед. изм.', 'Unit', ['единица измерения', 'ед. измерения', 'ед изм', 'единица', 'unit', 'uom']),
  f('product', 'price', 'number', 'Цена', 'Price', ['цена продажи', 'розничная цена', 'стоимость', 'price', 'unit price']),
  f('product', 'currency', 'currency', 'Валюта', 'Currency', []),
  f('product', 'stockQuantity', 'number', 'Остаток', 'Stock', ['остаток на складе', 'количество на складе', 'в наличии', 'запас', 'stock', 'in stock', 'quantity in stock']),
  f('product', 'isActive', 'boolean', 'Активен', 'Active', ['активный', 'в продаже', 'active']),
  f('product', 'isRepeatPurchase', 'boolean', 'Повторная покупка', 'Repeat purchase', ['расходник', 'repeat purchase']),
  f('product', 'tags', 'tags', 'Теги', 'Tags', ['метки', 'tags']),
  f('product', 'owner', 'owner', 'Ответственный', 'Owner', ['менеджер', 'owner']),
  f('product', 'externalId', 'externalId', 'Внешний ID', 'External ID', ['id', 'ид', 'external id']),
];

export const orderFields: ImportField[] = [
  f('order', 'number', 'text', 'Номер заказа', 'Order number', ['номер', '№ заказа', 'заказ', 'order', 'order no', 'order number', 'number', '№']),
  f('order', 'status', 'status', 'Статус заказа', 'Order status', ['статус', 'status', 'order status', 'состояние']),
  f('order', 'orderedAt', 'dateTime', 'Дата заказа', 'Order date', ['дата', 'дата оформления', 'order date', 'date', 'дата создания']),
  f('order', 'dueAt', 'dateTime', 'Срок', 'Due date', ['срок исполнения', 'дата доставки', 'дата отгрузки', 'срок поставки', 'due date', 'delivery date']),
  f('order', 'currency', 'currency', 'Валюта', 'Currency', []),
  f('order', 'notes', 'text', 'Комментарий', 'Notes', ['примечание', 'комментарий к заказу', 'comment', 'notes']),
  f('order', 'tags', 'tags', 'Теги', 'Tags', ['метки', 'tags']),
  f('order', 'owner', 'owner', 'Ответственный', 'Owner', ['менеджер', 'ответственный менеджер', 'owner', 'responsible']),
  f('order', 'companyName', 'lookup', 'Клиент (компания)', 'Customer company', ['клиент', 'покупатель', 'компания', 'контрагент', 'заказчик', 'организация', 'customer', 'company', 'client']),
  f('order', 'companyInn', 'lookup', 'ИНН клиента', 'Customer INN', ['инн', 'инн покупателя', 'инн контрагента', 'inn']),
  f('order', 'contactEmail', 'lookup', 'E-mail контакта', 'Contact email', ['email', 'e-mail', 'почта']),
  f('order', 'contactPhone', 'lookup', 'Телефон контакта', 'Contact phone', ['телефон', 'phone']),
  f('line', 'sku', 'lookup', 'Артикул', 'SKU', ['sku', 'код товара', 'артикул товара', 'product code', 'item code']),
  f('line', 'productName', 'lookup', 'Товар', 'Product', ['наименование', 'наименование товара', 'название товара', 'номенклатура', 'product', 'item', 'product name']),
  f('line', 'quantity', 'number', 'Количество', 'Quantity', ['кол-во', 'кол во', 'количество товара', 'qty', 'quantity']),
  f('line', 'price', 'number', 'Цена', 'Price', ['цена за единицу', 'цена за ед', 'price', 'unit price']),
  f('line', 'discountPercent', 'number', 'Скидка, %', 'Discount, %', ['скидка', 'скидка %', 'discount', 'discount %']),
];

export const activityFields: ImportField[] = [
  f('activity', 'kind', 'activityKind', 'Тип', 'Type', ['тип активности', 'вид', 'тип события', 'type', 'kind', 'activity type']),
  f('activity', 'subject', 'text', 'Тема', 'Subject', ['заголовок', 'название', 'subject', 'title']),
  f('activity', 'body', 'text', 'Описание', 'Description', ['комментарий', 'текст', 'заметка', 'примечание', 'содержание', 'body', 'note', 'notes', 'comment', 'description']),
  f('activity', 'occurredAt', 'dateTime', 'Дата', 'Date', ['дата звонка', 'дата встречи', 'дата и время', 'время звонка', 'дата события', 'date', 'call date', 'meeting date', 'when']),
  f('activity', 'endsAt', 'dateTime', 'Окончание', 'Ends at', ['дата окончания', 'время окончания', 'end', 'ends at']),
  f('activity', 'direction', 'direction', 'Направление', 'Direction', ['тип звонка', 'входящий/исходящий', 'direction']),
  f('activity', 'durationSec', 'duration', 'Длительность', 'Duration', ['длительность звонка', 'продолжительность', 'время разговора', 'duration', 'call duration']),
  f('activity', 'outcome', 'text', 'Результат', 'Outcome', ['итог', 'результат звонка', 'outcome', 'result']),
  f('activity', 'phone', 'phone', 'Номер звонка', 'Call number', ['номер абонента', 'call number']),
  f('activity', 'tags', 'tags', 'Теги', 'Tags', ['метки', 'tags']),
  f('activity', 'owner', 'owner', 'Ответственный', 'Owner', ['сотрудник', 'менеджер', 'пользователь', 'owner', 'responsible', 'user', 'employee']),
  f('activity', 'externalId', 'externalId', 'Внешний ID', 'External ID', ['id', 'ид', 'external id']),
  f('link', 'email', 'lookup', 'E-mail контакта', 'Contact email', ['email', 'e-mail', 'почта', 'эл. почта']),
  f('link', 'phone', 'lookup', 'Телефон', 'Phone', ['телефон клиента', 'телефон контакта', 'номер телефона', 'phone', 'phone number']),
  f('link', 'contactName', 'lookup', 'Контакт', 'Contact', ['фио', 'клиент', 'контактное лицо', 'contact', 'contact name']),
  f('link', 'companyName', 'lookup', 'Компания', 'Company', ['организация', 'контрагент', 'название компании', 'company', 'account']),
  f('link', 'inn', 'lookup', 'ИНН', 'INN', ['инн компании', 'inn']),
  f('link', 'dealTitle', 'lookup', 'Сделка', 'Deal', ['название сделки', 'deal']),
];
