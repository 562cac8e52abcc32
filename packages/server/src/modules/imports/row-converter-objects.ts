// The object-specific part of turning a row into values, for the objects imported on their own:
// the choices their text cells are read against, defaults a file usually leaves out (a lead's title,
// an activity's type, an order line's quantity) and the lookup keys (customer, product, the record
// an activity belongs to), normalised so they compare with what is stored.
import { isValidInn, normaliseEmail } from '@svyaz/shared';
import type { Values } from '../../core/records/definition.js';
import type { ImportObject } from './parsing/import-fields.js';
import { normalisePhoneFast } from './parsing/values.js';
import type { ConvertedRow, RowProblem } from './row-converter.js';

export const leadStatuses = {
  new: ['новый', 'новая', 'new', 'не обработан', 'необработанный', 'не разобран'],
  in_progress: ['в работе', 'в обработке', 'обрабатывается', 'in progress', 'in_progress', 'working'],
  qualified: ['квалифицирован', 'квалифицированный', 'качественный', 'качественный лид', 'qualified'],
  disqualified: ['дисквалифицирован', 'некачественный', 'некачественный лид', 'спам', 'отказ', 'disqualified', 'junk', 'spam'],
  converted: ['сконвертирован', 'конвертирован', 'converted'],
};
export const orderStatuses = {
  new: ['новый', 'new', 'принят', 'создан'],
  in_progress: ['в работе', 'в обработке', 'выполняется', 'собирается', 'in progress', 'in_progress', 'processing'],
  done: ['выполнен', 'завершен', 'доставлен', 'закрыт', 'done', 'completed', 'delivered'],
  problem: ['проблема', 'проблемный', 'problem'],
  cancelled: ['отменен', 'отмена', 'отказ', 'cancelled', 'canceled'],
};
export const activityKinds = {
  call: ['звонок', 'call', 'телефонный звонок', 'phone call'],
  meeting: ['встреча', 'meeting'],
  note: ['заметка', 'примечание', 'комментарий', 'note', 'comment'],
  email: ['письмо', 'email', 'e-mail', 'почта'],
};
export const directions = {
  inbound: ['входящий', 'входящая', 'вх', 'вх.', 'inbound', 'incoming', 'in'],
  outbound: ['исходящий', 'исходящая', 'исх', 'исх.', 'outbound', 'outgoing', 'out'],
};

/** Normalises the lookup keys of a bag in place; a key that cannot be what it claims is a problem. */
function normaliseKeys(bag: Values, bagName: string, problems: RowProblem[], columnOf: Partial<Record<string, string>>, keys: { email?: string; phone?: string; inn?: string }): void {
  const report = (field: string, problem: string) => problems.push({ field: `${bagName}.${field}`, column: columnOf[`${bagName}.${field}`], problem });
  if (keys.email && typeof bag[keys.email] === 'string') {
    const email = normaliseEmail(bag[keys.email] as string);
    if (email) bag[keys.email] = email;
    else report(keys.email, `"${String(bag[keys.email])}" is not an email address`);
  }
  if (keys.phone && typeof bag[keys.phone] === 'string') {
    const phone = normalisePhoneFast(bag[keys.phone] as string);
    if (phone) bag[keys.phone] = phone;
    else report(keys.phone, `"${String(bag[keys.phone])}" is not a phone number`);
  }
  if (keys.inn && typeof bag[keys.inn] === 'string') {
    const inn = (bag[keys.inn] as string).replace(/\s/g, '');
    if (isValidInn(inn)) bag[keys.inn] = inn;
    else report(keys.inn, `"${String(bag[keys.inn])}" is not a valid INN`);
  }
}

/** Completes one object's values before they are checked against its schema. */
export function finishObject(object: ImportObject, bag: Values, result: ConvertedRow, columnOf: Partial<Record<string, string>>, problems: RowProblem[]): void {
  if (object === 'lead') {
    // Leads keep no middle name: it stays with the first name rather than being lost.
    if (bag.middleName) bag.firstName = [bag.firstName, bag.middleName].filter(Boolean).join(' ');
    delete bag.middleName;
    const person = [bag.lastName, bag.firstName].filter(Boolean).join(' ');
    bag.title ??= bag.companyName ?? (person || undefined);
    if (bag.status === 'converted') problems.push({ field: 'lead.status', column: columnOf['lead.status'], problem: 'a lead becomes converted only by converting it in the CRM; import it as qualified' });
    return;
  }
  if (object === 'order') {
    const link: Values = {};
    for (const [from, to] of [['companyName', 'companyName'], ['companyInn', 'inn'], ['contactEmail', 'email'], ['contactPhone', 'phone']] as const) {
      if (bag[from] !== undefined) link[to] = bag[from];
      delete bag[from];
    }
    normaliseKeys(link, 'order', problems, { 'order.email': columnOf['order.contactEmail'], 'order.phone': columnOf['order.contactPhone'], 'order.inn': columnOf['order.companyInn'] }, { email: 'email', phone: 'phone', inn: 'inn' });
    if (Object.keys(link).length) result.link = link;
    finishLine(result, columnOf, problems);
    return;
  }
  if (object === 'activity') {
    if (!bag.kind) {
      const dateColumn = (columnOf['activity.occurredAt'] ?? '').toLowerCase();
      bag.kind = bag.durationSec !== undefined || bag.direction !== undefined || /звон|call/.test(dateColumn) ? 'call' : /встреч|meeting/.test(dateColumn) ? 'meeting' : 'note';
    }
    if (result.link) {
      normaliseKeys(result.link, 'link', problems, columnOf, { email: 'email', phone: 'phone', inn: 'inn' });
      if (bag.kind === 'call' && bag.phone === undefined && typeof result.link.phone === 'string' && result.link.phone.startsWith('+')) bag.phone = result.link.phone;
    }
  }
}

/** An order line: a product (SKU or name) and a quantity (1 when the file gives none). */
function finishLine(result: ConvertedRow, columnOf: Partial<Record<string, string>>, problems: RowProblem[]): void {
  const line = result.line;
  if (!line || Object.keys(line).length === 0) {
    delete result.line;
    return;
  }
  if (line.sku === undefined && line.productName === undefined) {
    problems.push({ field: 'line.sku', problem: 'is missing: the row has a quantity or price but no product (Артикул or Товар)' });
    return;
  }
  line.quantity ??= '1';
  if (Number(line.quantity) <= 0) problems.push({ field: 'line.quantity', column: columnOf['line.quantity'], problem: 'must be greater than zero' });
  if (line.price !== undefined && Number(line.price) < 0) problems.push({ field: 'line.price', column: columnOf['line.price'], problem: 'must not be negative' });
  if (line.discountPercent !== undefined && (Number(line.discountPercent) < 0 || Number(line.discountPercent) > 100)) {
    problems.push({ field: 'line.discountPercent', column: columnOf['line.discountPercent'], problem: 'must be between 0 and 100' });
  }
}
