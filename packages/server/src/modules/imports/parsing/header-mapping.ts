// Matching a file's columns to fields by their headers, in Russian and English, custom fields included.
// Exact aliases first (after normalisation), then word rules ("...телефон..." is a phone), each
// target used once except phones, emails and tags, which several columns may feed.
import { activityFields, companyFields, contactFields, dealFields, leadFields, normaliseHeader, orderFields, productFields, type ImportField, type ImportObject } from './import-fields.js';

export interface CustomFieldLabel {
  object: ImportObject;
  key: string;
  type: string;
  label: { ru?: string; en?: string };
}

/** Column index (as text) → target, or null for a column that is not imported. */
export type ColumnMapping = Record<string, string | null>;

const byObject: Record<ImportObject, ImportField[]> = { contact: contactFields, company: companyFields, deal: dealFields, lead: leadFields, product: productFields, order: orderFields, activity: activityFields };
/** Objects whose columns an import of each object may fill: a contacts row may also carry a company and a deal. */
const objectsOf: Record<ImportObject, ImportObject[]> = {
  contact: ['contact', 'company', 'deal'],
  company: ['company', 'contact', 'deal'],
  deal: ['deal', 'contact', 'company'],
  lead: ['lead'],
  product: ['product'],
  order: ['order'],
  activity: ['activity'],
};
const MULTI = new Set(['phones', 'emails', 'tags']);

/** Words that mean a field of whichever object the import is about. */
const generic: Record<string, string[]> = {
  phones: ['телефон', 'phone', 'тел', 'телефоны', 'phones', 'моб. телефон', 'мобильный телефон', 'рабочий телефон', 'номер телефона', 'контактный телефон'],
  emails: ['e mail', 'email', 'эл. почта', 'электронная почта', 'почта', 'рабочий email', 'рабочий e mail'],
  city: ['город', 'city'],
  source: ['источник', 'source'],
  tags: ['теги', 'тэги', 'tags', 'метки'],
  owner: ['ответственный', 'owner', 'менеджер', 'responsible', 'ответственный менеджер'],
  externalId: ['id', 'ид', 'external id', 'внешний id'],
  name: ['наименование', 'название', 'name', 'полное название', 'название компании'],
  title: ['название', 'наименование', 'name', 'title', 'название сделки'],
};

function fieldsFor(primary: ImportObject, custom: CustomFieldLabel[]): ImportField[] {
  const order = objectsOf[primary];
  const customFields = (object: ImportObject) =>
    custom
      .filter((definition) => definition.object === object)
      .map<ImportField>((definition) => ({
        target: `${object}.custom.${definition.key}`,
        object,
        field: definition.key,
        kind: 'custom',
        label: { ru: definition.label.ru ?? definition.key, en: definition.label.en ?? definition.key },
        aliases: [definition.key, definition.label.ru ?? '', definition.label.en ?? ''].filter(Boolean),
      }));
  return order.flatMap((object) => [...byObject[object], ...customFields(object)]);
}

/** Every field a column may be mapped to, for the mapping screen. */
export function importTargets(primary: ImportObject, custom: CustomFieldLabel[] = []): ImportField[] {
  return fieldsFor(primary, custom);
}

function wordRule(header: string, primary: ImportObject): string | null {
  const has = (pattern: RegExp) => pattern.test(header);
  if (primary === 'lead' || primary === 'product' || primary === 'order' || primary === 'activity') return objectWordRule(header, primary, has);
  const ofCompany = has(/компан|организац|company|organi[sz]ation/);
  if (has(/телефон|phone|^тел\b|мобильн/)) return ofCompany ? 'company.phones' : primary === 'company' ? 'company.phones' : 'contact.phones';
  if (has(/mail|почт/)) return ofCompany ? 'company.emails' : primary === 'company' ? 'company.emails' : 'contact.emails';
  if (has(/(^|\s)инн(\s|$)|\binn\b/)) return 'company.inn';
  if (has(/(^|\s)кпп(\s|$)/)) return 'company.kpp';
  if (has(/огрн/)) return 'company.ogrn';
  if (has(/фио/)) return 'contact.fullName';
  if (has(/фамили/)) return 'contact.lastName';
  if (has(/отчеств/)) return 'contact.middleName';
  if (has(/должност|job title/)) return 'contact.position';
  if (has(/ответствен|responsible|owner/)) return `${primary}.owner`;
  if (has(/этап|стади|stage/)) return 'deal.stage';
  if (has(/воронк|pipeline/)) return 'deal.pipeline';
  if (has(/сумм|бюджет|amount/)) return 'deal.amount';
  if (has(/сайт|website/)) return 'company.website';
  if (has(/адрес|address/)) return 'company.address';
  if (has(/город|city/)) return primary === 'company' || ofCompany ? 'company.city' : 'contact.city';
  if (ofCompany) return 'company.name';
  if (has(/(^|\s)имя(\s|$)|first name/)) return 'contact.firstName';
  if (has(/рожден|birth/)) return 'contact.birthday';
  if (has(/тег|tag/)) return `${primary}.tags`;
  if (has(/источник|source/)) return `${primary}.source`;
  return null;
}

/** Word rules of the objects imported on their own (leads, products, orders with lines, activities). */
function objectWordRule(header: string, primary: ImportObject, has: (pattern: RegExp) => boolean): string | null {
  if (primary === 'lead') {
    if (has(/статус|стади|status/)) return 'lead.status';
    if (has(/телефон|phone|мобильн/)) return 'lead.phones';
    if (has(/mail|почт/)) return 'lead.emails';
    if (has(/(^|\s)инн(\s|$)|\binn\b/)) return 'lead.inn';
    if (has(/компан|организац|company/)) return 'lead.companyName';
    if (has(/фио/)) return 'lead.fullName';
    if (has(/фамили/)) return 'lead.lastName';
    if (has(/должност/)) return 'lead.position';
    if (has(/ответствен|responsible|owner/)) return 'lead.owner';
    if (has(/сумм|бюджет|amount/)) return 'lead.amount';
    if (has(/источник|source/)) return 'lead.source';
    if (has(/коммент|примечан|comment/)) return 'lead.notes';
    if (has(/город|city/)) return 'lead.city';
    return null;
  }
  if (primary === 'product') {
    if (has(/артикул|sku/)) return 'product.sku';
    if (has(/остат|наличи|склад|stock/)) return 'product.stockQuantity';
    if (has(/цена|стоимост|price/)) return 'product.price';
    if (has(/ед\.? ?изм|единиц|unit/)) return 'product.unit';
    if (has(/наименован|название|товар|product/)) return 'product.name';
    if (has(/категор|групп|category/)) return 'product.category';
    if (has(/описан|description/)) return 'product.description';
    return null;
  }
  if (primary === 'order') {
    if (has(/номер заказа|№ заказа|order n/)) return 'order.number';
    if (has(/артикул|sku/)) return 'line.sku';
    if (has(/кол-?во|количеств|qty|quantity/)) return 'line.quantity';
    if (has(/скидк|discount/)) return 'line.discountPercent';
    if (has(/цена|price/)) return 'line.price';
    if (has(/товар|наименован|product/)) return 'line.productName';
    if (has(/(^|\s)инн(\s|$)|\binn\b/)) return 'order.companyInn';
    if (has(/статус|status/)) return 'order.status';
    if (has(/дата заказа|order date/)) return 'order.orderedAt';
    if (has(/срок|доставк|отгрузк|due/)) return 'order.dueAt';
    if (has(/клиент|покупател|компан|контрагент|заказчик|customer|company/)) return 'order.companyName';
    if (has(/ответствен|менеджер|owner/)) return 'order.owner';
    return null;
  }
  if (has(/длительн|продолжительн|duration/)) return 'activity.durationSec';
  if (has(/дата|время|date/)) return 'activity.occurredAt';
  if (has(/результат|итог|outcome|result/)) return 'activity.outcome';
  if (has(/направлен|direction/)) return 'activity.direction';
  if (has(/тип|вид|type/)) return 'activity.kind';
  if (has(/тем[аы]|subject/)) return 'activity.subject';
  if (has(/телефон|phone/)) return 'link.phone';
  if (has(/mail|почт/)) return 'link.email';
  if (has(/(^|\s)инн(\s|$)|\binn\b/)) return 'link.inn';
  if (has(/сделк|deal/)) return 'link.dealTitle';
  if (has(/компан|организац|company/)) return 'link.companyName';
  if (has(/контакт|клиент|фио|contact/)) return 'link.contactName';
  if (has(/ответствен|сотрудник|менеджер|owner/)) return 'activity.owner';
  if (has(/коммент|описан|текст|заметк|comment|note/)) return 'activity.body';
  return null;
}

/** Maps each header to a target (or null). `preset` (normalised header → target) wins where it has the header. */
export function autoMapHeaders(headers: string[], primary: ImportObject, custom: CustomFieldLabel[] = [], preset: Record<string, string | null> = {}): ColumnMapping {
  const fields = fieldsFor(primary, custom);
  const exact = new Map<string, string>();
  // Generic words go to the primary object first.
  for (const [field, words] of Object.entries(generic)) {
    if (!byObject[primary].some((candidate) => candidate.field === field && candidate.object === primary) || (field === 'name' && primary !== 'company' && primary !== 'product')) continue;
    for (const word of words) if (!exact.has(normaliseHeader(word))) exact.set(normaliseHeader(word), `${primary}.${field}`);
  }
  for (const field of fields) for (const alias of field.aliases) if (!exact.has(normaliseHeader(alias))) exact.set(normaliseHeader(alias), field.target);
  const presetNormalised = new Map(Object.entries(preset).map(([header, target]) => [normaliseHeader(header), target]));
  // Exact titles first: "Рабочий телефон (контакт)" and "… (компания)" normalise alike but go to different objects.
  const presetExact = new Map(Object.entries(preset).map(([header, target]) => [header.trim().toLowerCase(), target]));
  const used = new Set<string>();
  const mapping: ColumnMapping = {};
  headers.forEach((header, index) => {
    const normalised = normaliseHeader(header);
    let target: string | null = null;
    const exactTitle = header.trim().toLowerCase();
    if (presetExact.has(exactTitle)) target = presetExact.get(exactTitle) ?? null;
    else if (presetNormalised.has(normalised)) target = presetNormalised.get(normalised) ?? null;
    else if (normalised) target = exact.get(normalised) ?? wordRule(normalised, primary);
    if (target && used.has(target) && !MULTI.has(target.split('.').pop()!)) target = null;
    if (target) used.add(target);
    mapping[String(index)] = target;
  });
  return mapping;
}

/** Checks a mapping against the known targets; returns problems naming the column. */
export function validateMapping(mapping: ColumnMapping, headers: string[], primary: ImportObject, custom: CustomFieldLabel[] = []): { field: string; problem: string }[] {
  const known = new Set(fieldsFor(primary, custom).map((field) => field.target));
  const problems: { field: string; problem: string }[] = [];
  const used = new Map<string, string>();
  for (const [column, target] of Object.entries(mapping)) {
    const index = Number(column);
    const field = `mapping.${column}`;
    if (!Number.isInteger(index) || index < 0 || index >= headers.length) {
      problems.push({ field, problem: `column ${column} does not exist (the file has ${headers.length} columns)` });
      continue;
    }
    if (target === null || target === '') continue;
    if (!known.has(target)) {
      problems.push({ field, problem: `"${target}" is not a field that can be imported (column "${headers[index]}")` });
      continue;
    }
    const previous = used.get(target);
    if (previous !== undefined && !MULTI.has(target.split('.').pop()!)) problems.push({ field, problem: `"${target}" is already mapped from column "${headers[Number(previous)]}"` });
    used.set(target, column);
  }
  return problems;
}
