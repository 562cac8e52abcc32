// Deals across both pipelines with their stage history, activities on deals, companies and
// contacts, and tasks: some overdue, some due today, some done.
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { pastMoment, type SeedContext } from './seed.service.js';

interface Owned {
  id: string;
  ownerId: string;
  teamId: string | null;
}
interface CompanyRef extends Owned {
  industry: string;
}
interface ContactRef extends Owned {
  companyId: string | null;
}

export function firstContactByCompany<T extends { companyId: string | null }>(contacts: T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const contact of contacts) if (contact.companyId && !map.has(contact.companyId)) map.set(contact.companyId, contact);
  return map;
}

const dealTitles = ['Поставка оборудования', 'Годовой контракт на обслуживание', 'Партия упаковки', 'Расширение лицензий', 'Сезонная закупка', 'Пилотный проект', 'Модернизация линии', 'Комплексное снабжение', 'Рамочный договор', 'Тендер на поставку'];
/** Free text of deals lost before reasons were a list (issue 16): some demo deals keep it, as old data would. */
const legacyLostReasons = ['Проект отложен', 'Не вышли на ЛПР'];
const otherComments = ['Клиент закрыл направление', 'Ушли на собственное производство', 'Сменился ЛПР'];
const recordRefs: { type: string; id: string; ownerId: string; teamId: string | null }[] = [];

export async function seedDeals(context: SeedContext, count: number, companies: CompanyRef[], contacts: ContactRef[]): Promise<void> {
  const { db, workspaceId, random, writer } = context;
  const stages = await rows<{ id: string; pipelineId: string; position: number; kind: string; isDefault: boolean }>(
    db,
    sql`select s.id, s.pipeline_id as "pipelineId", s.position, s.kind, p.is_default as "isDefault" from stages s join pipelines p on p.id = s.pipeline_id
        where s.workspace_id = ${workspaceId} and s.deleted_at is null order by s.pipeline_id, s.position`,
  );
  const reasons = await rows<{ id: string; pipelineId: string; isOther: boolean }>(
    db,
    sql`select id, pipeline_id as "pipelineId", is_other as "isOther" from lost_reasons where workspace_id = ${workspaceId} and archived_at is null order by position`,
  );
  const pipelines = [...new Set(stages.map((stage) => stage.pipelineId))].sort((a, b) => Number(stages.find((s) => s.pipelineId === b)!.isDefault) - Number(stages.find((s) => s.pipelineId === a)!.isDefault));
  recordRefs.length = 0;
  for (const company of companies.slice(0, 20000)) recordRefs.push({ type: 'company', ...company });
  for (const contact of contacts.slice(0, 20000)) recordRefs.push({ type: 'contact', ...contact });
  const contactOf = firstContactByCompany(contacts);
  for (let index = 0; index < count; index++) {
    const pipelineId = random.chance(0.75) ? pipelines[0] : pipelines[pipelines.length - 1];
    const pipelineStages = stages.filter((stage) => stage.pipelineId === pipelineId);
    const open = pipelineStages.filter((stage) => stage.kind === 'open');
    const stage = random.weighted(pipelineStages, pipelineStages.map((candidate) => (candidate.kind === 'open' ? 3 : candidate.kind === 'won' ? 2.5 : 1.5)));
    const company = companies.length ? random.pick(companies) : null;
    const contact = company ? (contactOf.get(company.id) ?? null) : null;
    const owner = company ?? random.pick(context.sellers.map((seller) => ({ id: seller.id, ownerId: seller.id, teamId: seller.teamId })));
    const id = random.uuid();
    const createdAt = pastMoment(context, 400);
    const path = stage.kind === 'open' ? open.filter((candidate) => candidate.position <= stage.position) : [...open.slice(0, random.int(1, open.length)), stage];
    let moment = Date.parse(createdAt);
    const step = Math.max(1, (context.now - moment) / (path.length + 1));
    let previous: string | null = null;
    for (const entered of path) {
      await writer.add('deal_stage_history', { workspaceId, dealId: id, fromStageId: previous, toStageId: entered.id, enteredAt: new Date(moment).toISOString(), actorId: owner.ownerId });
      previous = entered.id;
      moment += random.next() * step;
    }
    const enteredAt = new Date(moment - random.next() * step).toISOString();
    let lostReasonId: string | null = null;
    let lostReason: string | null = null;
    if (stage.kind === 'lost') {
      const choices = reasons.filter((reason) => reason.pipelineId === pipelineId);
      if (choices.length === 0 || random.chance(0.1)) lostReason = random.pick(legacyLostReasons);
      else {
        const reason = random.pick(choices);
        lostReasonId = reason.id;
        lostReason = reason.isOther ? random.pick(otherComments) : null;
      }
    }
    await writer.add('deals', {
      id, workspaceId, title: `${random.pick(dealTitles)} №${index + 1}`, amount: String(random.int(2, 500) * 10000), currency: 'RUB',
      expectedCloseDate: new Date(context.now + random.int(-30, 120) * 86400_000).toISOString().slice(0, 10), pipelineId, stageId: stage.id,
      stageEnteredAt: enteredAt, companyId: company?.id ?? null, contactId: contact?.id ?? null, leadId: null,
      lostReason, lostReasonId, closedAt: stage.kind === 'open' ? null : enteredAt, source: null,
      ownerId: owner.ownerId, teamId: owner.teamId, collaboratorIds: [], tags: [], custom: {}, createdBy: owner.ownerId, createdAt, updatedAt: enteredAt,
    });
    if (contact) await writer.add('deal_contacts', { workspaceId, dealId: id, contactId: contact.id, role: 'ЛПР' });
    if (recordRefs.length < 60000) recordRefs.push({ type: 'deal', id, ownerId: owner.ownerId, teamId: owner.teamId });
  }
  await writer.flush();
}

const callOutcomes = ['Дозвонились', 'Не дозвонились', 'Перезвонить', 'Договорились о встрече', 'Отправить КП'];
const meetingSubjects = ['Встреча в офисе клиента', 'Презентация продукта', 'Переговоры по условиям', 'Демонстрация', 'Обсуждение договора'];
const noteBodies = ['Клиент просит скидку 5% при предоплате.', 'ЛПР — коммерческий директор, решение до конца месяца.', 'Интересуются поставкой в регионы.', 'Нужен образец продукции.', 'Сравнивают с конкурентом, важна цена доставки.'];

export async function seedActivities(context: SeedContext, count: number): Promise<void> {
  const { workspaceId, random, writer } = context;
  if (recordRefs.length === 0) return;
  for (let index = 0; index < count; index++) {
    const record = random.pick(recordRefs);
    const kind = random.weighted(['call', 'meeting', 'note', 'email'], [5, 2, 2, 1]);
    const occurredAt = pastMoment(context, 180);
    await writer.add('activities', {
      id: random.uuid(), workspaceId, kind,
      subject: kind === 'call' ? 'Звонок клиенту' : kind === 'meeting' ? random.pick(meetingSubjects) : kind === 'email' ? 'Коммерческое предложение' : null,
      body: kind === 'note' ? random.pick(noteBodies) : null, occurredAt, endsAt: kind === 'meeting' ? new Date(Date.parse(occurredAt) + 3600_000).toISOString() : null,
      direction: kind === 'call' ? random.pick(['inbound', 'outbound']) : null, durationSec: kind === 'call' ? random.int(15, 1200) : null,
      outcome: kind === 'call' ? random.pick(callOutcomes) : null, phone: null, recordType: record.type, recordId: record.id,
      ownerId: record.ownerId, teamId: record.teamId, collaboratorIds: [], tags: [], custom: {}, createdBy: record.ownerId, createdAt: occurredAt, updatedAt: occurredAt,
    });
  }
  await writer.flush();
}

const taskTitles = ['Позвонить клиенту', 'Отправить коммерческое предложение', 'Подготовить договор', 'Согласовать скидку', 'Выставить счёт', 'Назначить встречу', 'Уточнить реквизиты', 'Проверить оплату'];

const MOSCOW_OFFSET_MS = 3 * 3600_000; // Moscow keeps UTC+3 all year

/**
 * The same Moscow day at a working time: 09:00-18:30 on the hour or half hour, picked from the instant's own
 * hour and minute, so that no extra random draw changes the rest of the demo. A task due at 03:07 looks made up.
 */
export function atWorkingTime(instant: Date): Date {
  const local = new Date(instant.getTime() + MOSCOW_OFFSET_MS);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const minutes = (9 + (local.getUTCHours() % 10)) * 60 + (local.getUTCMinutes() < 30 ? 0 : 30);
  return new Date(day + minutes * 60_000 - MOSCOW_OFFSET_MS);
}

const moscowDay = (instant: number) => Math.floor((instant + MOSCOW_OFFSET_MS) / 86_400_000);

export async function seedTasks(context: SeedContext, count: number): Promise<void> {
  const { workspaceId, random, writer } = context;
  if (recordRefs.length === 0) return;
  for (let index = 0; index < count; index++) {
    const record = random.pick(recordRefs);
    const bucket = random.weighted(['overdue', 'today', 'upcoming', 'done'], [2, 2, 4, 4]);
    const hours = bucket === 'overdue' ? -random.int(2, 240) : bucket === 'today' ? random.int(1, 8) : bucket === 'upcoming' ? random.int(24, 24 * 21) : -random.int(24, 24 * 90);
    const drawn = new Date(context.now + hours * 3600_000);
    // Tasks of other days fall in working hours; today's keep their time, and an overdue task of today stays in the past.
    const dueAt = (bucket === 'upcoming' || bucket === 'done' || (bucket === 'overdue' && moscowDay(drawn.getTime()) < moscowDay(context.now)) ? atWorkingTime(drawn) : drawn).toISOString();
    const createdAt = new Date(Math.min(context.now, Date.parse(dueAt)) - random.int(1, 14) * 86400_000).toISOString();
    await writer.add('tasks', {
      id: random.uuid(), workspaceId, title: random.pick(taskTitles), description: null, dueAt,
      remindAt: bucket === 'upcoming' || bucket === 'today' ? new Date(Date.parse(dueAt) - 3600_000).toISOString() : null,
      priority: random.weighted(['low', 'normal', 'high'], [1, 4, 2]), status: bucket === 'done' ? 'done' : 'open',
      completedAt: bucket === 'done' ? dueAt : null, recordType: record.type, recordId: record.id,
      ownerId: record.ownerId, teamId: record.teamId, collaboratorIds: [], tags: [], custom: {}, createdBy: record.ownerId, createdAt, updatedAt: createdAt,
    });
  }
  await writer.flush();
}
