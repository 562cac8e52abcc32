// Demo and benchmark data: a sales organisation with two teams, companies, contacts, deals in two
// pipelines with stage history, activities, tasks (some overdue), a product catalogue and two years
// of orders whose baskets follow each customer's industry, so analytics has real structure to find.
// Deterministic for a given seed; written in sets, never row by row.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { hashPassword } from '../auth/auth.service.js';
import { createPipeline } from '../workspaces/workspaces.service.js';
import { SeededRandom } from './seeded-random.js';
import { BatchWriter } from './seed-writer.js';
import { makeCompany, makePerson, mobilePhone, uniquePhone } from './seed-people.js';
import { seedCatalogue, seedOrders } from './seed-orders.js';
import { seedActivities, seedDeals, seedTasks } from './seed-sales.js';

export interface SeedSize {
  companies: number;
  contacts: number;
  deals: number;
  orders: number;
  activities: number;
  tasks: number;
  products: number;
}
export const demoSize: SeedSize = { companies: 2000, contacts: 5000, deals: 1000, orders: 10000, activities: 5000, tasks: 600, products: 300 };

export const DEMO_PASSWORD = 'svyaz-demo';

export interface Seller {
  id: string;
  teamId: string | null;
}

export interface SeedContext {
  db: Db;
  workspaceId: string;
  random: SeededRandom;
  writer: BatchWriter;
  sellers: Seller[];
  adminId: string;
  now: number;
}

/** A moment in the last `days` days, as ISO text. */
export function pastMoment(context: SeedContext, days: number): string {
  return new Date(context.now - context.random.next() * days * 86400_000).toISOString();
}

/** Two sales teams with heads, managers in each, and a read-only analyst. Returns the sellers. */
async function seedOrganisation(db: Db, workspaceId: string, domain: string): Promise<{ sellers: Seller[]; logins: { email: string; role: string }[] }> {
  const [teamMoscow] = await rows<{ id: string }>(db, sql`insert into teams (workspace_id, name) values (${workspaceId}, 'Отдел продаж — Москва') returning id`);
  const [teamRegions] = await rows<{ id: string }>(db, sql`insert into teams (workspace_id, name) values (${workspaceId}, 'Отдел продаж — Регионы') returning id`);
  const roles = await rows<{ id: string; key: string }>(db, sql`select id, key from roles where workspace_id = ${workspaceId}`);
  const roleId = (key: string) => roles.find((role) => role.key === key)!.id;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const people = [
    { email: `head.moscow@${domain}`, name: 'Ирина Соколова', role: 'head_of_sales', team: teamMoscow.id, head: true },
    { email: `head.regions@${domain}`, name: 'Павел Орлов', role: 'head_of_sales', team: teamRegions.id, head: true },
    ...['Алексей Смирнов', 'Мария Кузнецова', 'Дмитрий Попов', 'Анна Лебедева'].map((name, index) => ({ email: `manager${index + 1}@${domain}`, name, role: 'sales_manager', team: teamMoscow.id, head: false })),
    ...['Олег Васильев', 'Елена Новикова', 'John Walker'].map((name, index) => ({ email: `manager${index + 5}@${domain}`, name, role: 'sales_manager', team: teamRegions.id, head: false })),
    { email: `analyst@${domain}`, name: 'Светлана Аналитик', role: 'read_only', team: null, head: false },
  ];
  const sellers: Seller[] = [];
  for (const person of people) {
    const locale = person.name === 'John Walker' ? 'en' : 'ru';
    const [user] = await rows<{ id: string }>(
      db,
      sql`insert into users (workspace_id, email, name, password_hash, role_id, team_id, locale)
          values (${workspaceId}, ${person.email}, ${person.name}, ${passwordHash}, ${roleId(person.role)}, ${person.team}, ${locale}) returning id`,
    );
    if (person.head) await db.execute(sql`update teams set head_user_id = ${user.id} where id = ${person.team}`);
    if (person.role !== 'read_only') sellers.push({ id: user.id, teamId: person.team });
  }
  return { sellers, logins: people.map((person) => ({ email: person.email, role: person.role })) };
}

export interface SeedSummary {
  counts: Record<string, number>;
  logins: { email: string; role: string }[];
  seconds: number;
}

/** Seeds a workspace that already has its roles, default pipeline and admin. */
export async function seedWorkspace(db: Db, workspaceId: string, size: SeedSize, options: { seed?: number; domain?: string; log?: (message: string) => void } = {}): Promise<SeedSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const random = new SeededRandom(options.seed ?? 20261122);
  const [admin] = await rows<{ id: string }>(db, sql`select u.id from users u join roles r on r.id = u.role_id where u.workspace_id = ${workspaceId} and r.key = 'admin' order by u.created_at limit 1`);
  const { sellers, logins } = await seedOrganisation(db, workspaceId, options.domain ?? 'demo.svyaz.local');
  const writer = new BatchWriter(db);
  const context: SeedContext = { db, workspaceId, random, writer, sellers, adminId: admin.id, now: Date.now() };
  await createPipeline(db, workspaceId, { name: 'Тендеры', stages: [
    { name: 'Заявка подана', probability: 10, kind: 'open' },
    { name: 'Документы', probability: 30, kind: 'open' },
    { name: 'Торги', probability: 50, kind: 'open' },
    { name: 'Контракт', probability: 100, kind: 'won' },
    { name: 'Не выиграли', probability: 0, kind: 'lost' },
  ] }, 1, false);

  log(`companies: ${size.companies}`);
  const companies: { id: string; ownerId: string; teamId: string | null; industry: string; size: string; weight: number }[] = [];
  const companyPhones = new Set<string>();
  for (let index = 0; index < size.companies; index++) {
    const values = makeCompany(random, index);
    values.phones = values.phones.map((phone) => uniquePhone(phone, companyPhones));
    const seller = random.pick(sellers);
    const id = random.uuid();
    const createdAt = pastMoment(context, 730);
    companies.push({ id, ownerId: seller.id, teamId: seller.teamId, industry: values.industry, size: values.size, weight: 1 + random.next() * 9 });
    await writer.add('companies', {
      id, workspaceId, ...values, ownerId: seller.id, teamId: seller.teamId, collaboratorIds: [], tags: random.chance(0.2) ? [random.pick(['VIP', 'ключевой', 'новый', 'партнёр'])] : [],
      custom: {}, createdBy: admin.id, createdAt, updatedAt: createdAt,
    });
  }
  await writer.flush();

  log(`contacts: ${size.contacts}`);
  const contacts: { id: string; companyId: string | null; ownerId: string; teamId: string | null }[] = [];
  for (let index = 0; index < size.contacts; index++) {
    const company = companies.length && random.chance(0.85) ? companies[index % companies.length] : null;
    const person = makePerson(random, index, random.chance(0.1));
    const seller = company ? { id: company.ownerId, teamId: company.teamId } : random.pick(sellers);
    const id = random.uuid();
    const createdAt = pastMoment(context, 700);
    // Deals and orders pick their people from the first 100,000: memory stays bounded at any size.
    if (contacts.length < 100_000) contacts.push({ id, companyId: company?.id ?? null, ownerId: seller.id, teamId: seller.teamId });
    await writer.add('contacts', {
      id, workspaceId, firstName: person.firstName, lastName: person.lastName, middleName: person.middleName, position: person.position,
      phones: [mobilePhone(random)], emails: [person.email], birthday: random.chance(0.3) ? `19${random.int(60, 99)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}` : null,
      city: null, source: random.pick(['Сайт', 'Выставка', 'Рекомендация', 'Холодный звонок']), companyId: company?.id ?? null,
      ownerId: seller.id, teamId: seller.teamId, collaboratorIds: [], tags: [], custom: {}, createdBy: admin.id, createdAt, updatedAt: createdAt,
    });
    if (company) await writer.add('contact_companies', { workspaceId, contactId: id, companyId: company.id, role: person.position, createdAt });
  }
  await writer.flush();

  await seedDeals(context, size.deals, companies, contacts);
  await seedActivities(context, size.activities);
  await seedTasks(context, size.tasks);
  const products = await seedCatalogue(context, size.products);
  await seedOrders(context, size.orders, companies, contacts, products);
  await writer.flush();

  // The creation of every company, contact and deal in the audit trail, so timelines start at the beginning.
  for (const [table, type, field, column] of [['companies', 'company', 'name', 'name'], ['contacts', 'contact', 'lastName', 'last_name'], ['deals', 'deal', 'title', 'title']] as const) {
    await db.execute(sql`insert into audit_events (workspace_id, actor_id, record_type, record_id, action, changes, meta, occurred_at)
      select workspace_id, created_by, ${type}::text, id, 'create', jsonb_build_object(${field}::text, jsonb_build_object('from', null, 'to', ${sql.raw(column)})), '{"source":"demo"}'::jsonb, created_at
      from ${sql.raw(table)} where workspace_id = ${workspaceId}`);
  }
  // After a bulk load, as PostgreSQL's "Populating a Database" advises: statistics for the planner, and the
  // visibility map and hint bits set. PGlite has no autovacuum to do it later (nor has a server run with it
  // off): on a freshly seeded PGlite demo the board answered in 98 ms before and 35 ms after, a name-sorted
  // contact list in 12 and 3.5 ms, a search in 17 and 7 ms; the vacuum itself took 0.7 s.
  const written = Array.from(new Set([...Object.keys(writer.counts), 'audit_events']));
  log('vacuum and analyse');
  await db.execute(sql`vacuum (analyze) ${sql.join(written.map((table) => sql.identifier(table)), sql`, `)}`);
  return { counts: writer.counts, logins, seconds: (Date.now() - started) / 1000 };
}
