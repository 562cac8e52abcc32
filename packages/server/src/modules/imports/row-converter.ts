// Turns one row of text cells into the values of the objects it describes (contact, company, deal;
// or a lead, a product, an order with one line, an activity with the keys of its record), validated
// with the same zod schemas as the API, and lists every problem by field and column.
import type { ZodType } from 'zod';
import { activityCreateSchema, companyCreateSchema, contactCreateSchema, dealCreateSchema, leadCreateSchema, orderCreateSchema, productCreateSchema } from '@svyaz/shared';
import type { Actor } from '../../core/context.js';
import { permissionLevel, type OwnedObject } from '../../core/access.js';
import { validateCustomValues, type CustomFieldDefinition } from '../../core/custom-fields.js';
import { AppError } from '../../core/errors.js';
import { zodIssuesToProblems } from '../../core/validation.js';
import type { Values } from '../../core/records/definition.js';
import { importTargets, type ColumnMapping } from './parsing/header-mapping.js';
import type { ImportBag, ImportField, ImportObject } from './parsing/import-fields.js';
import { parseBooleanValue, parseChoice, parseDateTimeValue, parseDateValue, parseDurationValue, parseEmailList, parseNumberValue, parsePhoneList, splitList, splitPersonName, type Converted } from './parsing/values.js';
import { activityKinds, directions, finishObject, leadStatuses, orderStatuses } from './row-converter-objects.js';

export const EXTERNAL_ID_KEY = 'external_id';

export interface RowProblem {
  field: string;
  column?: string;
  problem: string;
}

export interface LookupUser {
  id: string;
  name: string;
  email: string;
  teamId: string | null;
}

export interface StageInfo {
  id: string;
  name: string;
  kind: string;
  pipelineId: string;
}

/** Everything a row needs from the database, loaded once per import. */
export interface ConversionContext {
  actor: Actor;
  headers: string[];
  mapping: ColumnMapping;
  primary: ImportObject;
  users: LookupUser[];
  pipelines: { id: string; name: string; isDefault: boolean }[];
  stages: StageInfo[];
  custom: Record<ImportObject, CustomFieldDefinition[]>;
  customLabels: { object: ImportObject; key: string; type: string; label: { ru?: string; en?: string } }[];
}

export interface ConvertedRow {
  contact?: Values;
  company?: Values;
  deal?: Values;
  lead?: Values;
  product?: Values;
  /** An order's own fields (the same on every row of the order) and, in lookup keys, its customer. */
  order?: Values;
  /** The order line of this row: sku or productName, quantity, price, discountPercent. */
  line?: Values;
  activity?: Values;
  /** Keys that find the record an activity belongs to: email, phone, contactName, companyName, inn, dealTitle. */
  link?: Values;
  /** Matching keys found in the row (external ids are not record fields). */
  externalIds: Partial<Record<ImportObject, string>>;
  problems: RowProblem[];
}

// Phones and emails are already normalised (with the same functions) by the converters: the schemas
// check everything else, and the lists are checked here, which halves the cost of a row.
const schemas: Record<ImportObject, ZodType> = {
  contact: contactCreateSchema.omit({ phones: true, emails: true }),
  company: companyCreateSchema.omit({ phones: true, emails: true }),
  deal: dealCreateSchema,
  lead: leadCreateSchema.omit({ phones: true, emails: true }),
  product: productCreateSchema,
  order: orderCreateSchema.omit({ lines: true }),
  activity: activityCreateSchema,
};
const OBJECTS: ImportObject[] = ['company', 'contact', 'deal', 'lead', 'product', 'order', 'activity'];
const BAGS: ImportBag[] = [...OBJECTS, 'line', 'link'];
const bagsOf = <T>(make: () => T) => Object.fromEntries(BAGS.map((bag) => [bag, make()])) as Record<ImportBag, T>;
const targetCache = new WeakMap<ConversionContext, Map<string, ImportField>>();
const MAX_LIST = 20;
export const objectNames: Record<ImportObject, OwnedObject> = { contact: 'contacts', company: 'companies', deal: 'deals', lead: 'leads', product: 'products', order: 'orders', activity: 'activities' };

export function findUser(users: LookupUser[], text: string): LookupUser | undefined {
  const value = text.trim().toLowerCase().replace(/ё/g, 'е');
  return users.find((user) => user.email.toLowerCase() === value) ?? users.find((user) => user.name.toLowerCase().replace(/ё/g, 'е') === value);
}

const CURRENCIES: Record<string, string> = { руб: 'RUB', 'руб.': 'RUB', рубль: 'RUB', рублей: 'RUB', '₽': 'RUB', rur: 'RUB', р: 'RUB', $: 'USD', долл: 'USD', '€': 'EUR', евро: 'EUR' };

export function convertRow(context: ConversionContext, cells: string[]): ConvertedRow {
  let targets = targetCache.get(context);
  if (!targets) {
    targets = new Map(importTargets(context.primary, context.customLabels).map((field) => [field.target, field]));
    targetCache.set(context, targets);
  }
  const problems: RowProblem[] = [];
  const values = bagsOf<Values>(() => ({}));
  const present = bagsOf(() => false);
  const custom = bagsOf<Values>(() => ({}));
  const externalIds: ConvertedRow['externalIds'] = {};
  const names: { object: ImportBag; text: string; givenFirst: boolean }[] = [];
  const columnOf: Partial<Record<string, string>> = {};
  let stageName: { text: string; column: string } | undefined;

  for (const [column, target] of Object.entries(context.mapping)) {
    if (!target) continue;
    const field = targets.get(target);
    const text = (cells[Number(column)] ?? '').trim();
    if (!field || text === '') continue;
    const header = context.headers[Number(column)] ?? `#${column}`;
    const report = (problem: string) => problems.push({ field: target, column: header, problem });
    const bag = values[field.object];
    present[field.object] = true;
    const take = <T>(converted: Converted<T>, apply: (value: T) => void) => (converted.problem !== undefined ? report(converted.problem) : apply(converted.value as T));
    columnOf[target] = header;
    switch (field.kind) {
      case 'text':
        bag[field.field] = text;
        break;
      case 'fullName':
      case 'givenFirstName':
        names.push({ object: field.object, text, givenFirst: field.kind === 'givenFirstName' });
        break;
      case 'phones':
      case 'emails':
        take(field.kind === 'phones' ? parsePhoneList(text) : parseEmailList(text), (list) => (bag[field.field] = Array.from(new Set([...((bag[field.field] as string[]) ?? []), ...list]))));
        break;
      case 'tags':
        bag.tags = Array.from(new Set([...((bag.tags as string[]) ?? []), ...splitList(text, /[,;\n]+/)]));
        break;
      case 'date':
        take(parseDateValue(text), (value) => (bag[field.field] = value));
        break;
      case 'number':
        take(parseNumberValue(text), (value) => (bag[field.field] = value));
        break;
      case 'dateTime':
        take(parseDateTimeValue(text), (value) => (bag[field.field] = value));
        break;
      case 'boolean':
        take(parseBooleanValue(text), (value) => (bag[field.field] = value));
        break;
      case 'duration':
        take(parseDurationValue(text), (value) => (bag[field.field] = value));
        break;
      case 'phone':
        take(parsePhoneList(text), (list) => (bag[field.field] = list[0]));
        break;
      case 'status':
        if (field.object === 'lead') take(parseChoice(text, leadStatuses, 'a lead status'), (value) => (bag.status = value));
        else take(parseChoice(text, orderStatuses, 'an order status'), (value) => (bag.status = value));
        break;
      case 'activityKind': {
        // "Входящий звонок" says both the kind and the direction.
        const lowered = text.toLowerCase();
        if (/входящ|inbound|incoming/.test(lowered)) bag.direction ??= 'inbound';
        else if (/исходящ|outbound|outgoing/.test(lowered)) bag.direction ??= 'outbound';
        take(parseChoice(text.replace(/^(входящий|исходящий|пропущенный|incoming|outgoing|missed)\s+/i, ''), activityKinds, 'an activity type'), (value) => (bag.kind = value));
        break;
      }
      case 'direction':
        take(parseChoice(text, directions, 'a call direction'), (value) => (bag.direction = value));
        break;
      case 'lookup':
        bag[field.field] = text;
        break;
      case 'currency':
        bag.currency = CURRENCIES[text.toLowerCase()] ?? text.toUpperCase();
        break;
      case 'owner': {
        const user = findUser(context.users, text);
        if (!user) report(`no active user named or with the email "${text}"`);
        else bag.ownerId = user.id;
        break;
      }
      case 'pipeline': {
        const pipeline = context.pipelines.find((candidate) => candidate.name.toLowerCase() === text.toLowerCase());
        if (!pipeline) report(`no pipeline named "${text}" (pipelines: ${context.pipelines.map((candidate) => candidate.name).join(', ')})`);
        else bag.pipelineId = pipeline.id;
        break;
      }
      case 'stage':
        stageName = { text, column: header };
        break;
      case 'externalId':
        externalIds[field.object as ImportObject] = text;
        custom[field.object][EXTERNAL_ID_KEY] = text;
        break;
      case 'custom':
        convertCustom(context, field, text, custom[field.object], report);
        break;
    }
  }

  for (const name of names) {
    const split = splitPersonName(name.text, name.givenFirst);
    const bag = values[name.object];
    bag.lastName ??= split.lastName;
    if (split.firstName) bag.firstName ??= split.firstName;
    if (split.middleName) bag.middleName ??= split.middleName;
  }
  if (stageName) resolveStage(context, values.deal, stageName, problems);

  const result: ConvertedRow = { externalIds, problems };
  if (present.line || context.primary === 'order') result.line = values.line;
  if (present.link) result.link = values.link;
  for (const object of OBJECTS) {
    if (!present[object] && object !== context.primary) continue;
    const bag = values[object];
    if (Object.keys(custom[object]).length) bag.custom = custom[object];
    checkOwnership(context, object, bag, problems);
    finishObject(object, bag, result, columnOf, problems);
    const lists: Values = {};
    if (object !== 'deal' && object !== 'product' && object !== 'order' && object !== 'activity') {
      for (const key of ['phones', 'emails']) {
        if (bag[key] === undefined) continue;
        if ((bag[key] as string[]).length > MAX_LIST) problems.push({ field: `${object}.${key}`, problem: `has more than ${MAX_LIST} values` });
        lists[key] = bag[key];
        delete bag[key];
      }
    }
    const parsed = schemas[object].safeParse(bag);
    if (!parsed.success) {
      for (const problem of zodIssuesToProblems(parsed.error.issues as never)) problems.push({ field: `${object}.${problem.field}`, problem: describeMissing(object, problem.field, problem.problem) });
      continue;
    }
    const data = { ...(parsed.data as Values), ...lists };
    try {
      data.custom = validateCustomValues(context.custom[object], (data.custom as Values) ?? {}, {}, { isCreate: true });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      for (const detail of error.details as { field: string; problem: string }[]) problems.push({ field: `${object}.${detail.field}`, problem: detail.problem });
    }
    result[object] = data;
  }
  return result;
}

function describeMissing(object: ImportObject, field: string, problem: string): string {
  if (problem !== 'must be string, not undefined') return problem;
  const what: Record<string, string> = {
    'contact.lastName': 'no name (ФИО or Фамилия)',
    'company.name': 'no company name',
    'deal.title': 'no deal title',
    'lead.title': 'no lead title, company or person name',
    'product.sku': 'no SKU (Артикул)',
    'product.name': 'no product name (Наименование)',
    'activity.kind': 'no activity type',
  };
  return `is missing: the row has ${what[`${object}.${field}`] ?? `no ${field}`}`;
}

function convertCustom(context: ConversionContext, field: ImportField, text: string, bag: Values, report: (problem: string) => void): void {
  const definition = context.custom[field.object as ImportObject].find((candidate) => candidate.key === field.field);
  if (!definition) return report('is not a custom field of this object');
  switch (definition.type) {
    case 'number':
    case 'money': {
      const converted = parseNumberValue(text);
      return converted.problem ? report(converted.problem) : void (bag[field.field] = Number(converted.value));
    }
    case 'date': {
      const converted = parseDateValue(text);
      return converted.problem ? report(converted.problem) : void (bag[field.field] = converted.value);
    }
    case 'boolean': {
      const converted = parseBooleanValue(text);
      return converted.problem ? report(converted.problem) : void (bag[field.field] = converted.value);
    }
    case 'select': {
      const option = definition.options.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
      return option ? void (bag[field.field] = option) : report(`"${text}" is not one of: ${definition.options.join(', ')}`);
    }
    case 'multi_select': {
      const items = splitList(text, /[,;\n]+/).map((item) => definition.options.find((candidate) => candidate.toLowerCase() === item.toLowerCase()) ?? item);
      bag[field.field] = items;
      return;
    }
    case 'user': {
      const user = findUser(context.users, text);
      return user ? void (bag[field.field] = user.id) : report(`no active user named or with the email "${text}"`);
    }
    default:
      bag[field.field] = text;
  }
}

function resolveStage(context: ConversionContext, deal: Values, stage: { text: string; column: string }, problems: RowProblem[]): void {
  const pipelineId = (deal.pipelineId as string | undefined) ?? context.pipelines.find((pipeline) => pipeline.isDefault)?.id;
  const wanted = stage.text.toLowerCase();
  const inPipeline = context.stages.filter((candidate) => candidate.pipelineId === pipelineId);
  const match =
    inPipeline.find((candidate) => candidate.name.toLowerCase() === wanted) ??
    (deal.pipelineId ? undefined : context.stages.find((candidate) => candidate.name.toLowerCase() === wanted)) ??
    closedStage(inPipeline, wanted);
  if (!match) {
    problems.push({ field: 'deal.stage', column: stage.column, problem: `no stage named "${stage.text}" (stages: ${inPipeline.map((candidate) => candidate.name).join(', ')})` });
    return;
  }
  deal.pipelineId = match.pipelineId;
  deal.stageId = match.id;
  if (match.kind === 'lost') deal.lostReason ??= 'Импортировано без причины проигрыша';
}

/** The names other CRMs give their closing stages (amoCRM "Успешно реализовано", Bitrix24 "Сделка успешна"…). */
const WON = /^(успешно реализовано|сделка успешна|успешно|успешная сделка|выиграна|выиграно|won|closed won)$/;
const LOST = /^(закрыто и не реализовано|сделка провалена|провал|проиграна|проиграно|отказ|lost|closed lost)$/;

function closedStage(stages: StageInfo[], wanted: string): StageInfo | undefined {
  if (WON.test(wanted)) return stages.find((stage) => stage.kind === 'won');
  if (LOST.test(wanted)) return stages.find((stage) => stage.kind === 'lost');
  return undefined;
}

/** Applies the engine's ownership rule: default owner is the importer; 'own' may assign only themselves. */
function checkOwnership(context: ConversionContext, object: ImportObject, bag: Values, problems: RowProblem[]): void {
  const { actor } = context;
  const level = permissionLevel(actor, objectNames[object], 'create');
  if (level === 'none') {
    problems.push({ field: `${object}`, problem: `you may not create ${objectNames[object]}` });
    return;
  }
  if (bag.ownerId === undefined) return;
  const owner = context.users.find((user) => user.id === bag.ownerId);
  if (level === 'own' && bag.ownerId !== actor.userId) problems.push({ field: `${object}.owner`, problem: 'you may only assign records to yourself' });
  if (level === 'team' && owner?.teamId && !actor.teamScope.includes(owner.teamId) && bag.ownerId !== actor.userId) problems.push({ field: `${object}.owner`, problem: 'you may only assign records within your team' });
}

/** The owner's team, filled in after validation (the engine does the same). */
export function teamOf(users: LookupUser[], ownerId: string | undefined | null): string | null {
  return users.find((user) => user.id === ownerId)?.teamId ?? null;
}
