// Seeds a PostgreSQL database with a large generated CRM (default 1,000,000 contacts) for the
// search and timeline benchmarks. Usage: node --import tsx bench/search-seed.ts postgres://…/db [contacts]
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { insertUser } from '../packages/server/src/modules/users/users.service.js';

const url = process.argv[2];
const contacts = Number(process.argv[3] ?? 1_000_000);
if (!url) throw new Error('usage: search-seed.ts <postgres url> [contacts]');
const database = await openPostgres(url, { max: 2 });
await migrateDatabase(database);
const db = database.db;
const { workspaceId } = await createWorkspace(db, { name: 'Bench', admin: { email: `admin-${Date.now()}@bench.local`, name: 'Admin', password: 'bench-password-1' } });
const owners: string[] = [];
for (let index = 0; index < 50; index++) {
  const user = (await insertUser(db, workspaceId, { email: `m${index}-${Date.now()}@bench.local`, name: `Manager ${index}`, password: 'bench-password-1', role: 'sales_manager', teamId: null })) as { id: string };
  owners.push(user.id);
}
const ownersLiteral = `{${owners.join(',')}}`;
const last = ['Иванов', 'Петров', 'Сидоров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Miller'];
const first = ['Иван', 'Пётр', 'Алексей', 'Сергей', 'Андрей', 'Дмитрий', 'Мария', 'Анна', 'Елена', 'Ольга', 'John', 'Mary'];
const cities = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург', 'Тула', 'Омск', 'Самара'];
const words = ['Ромашка', 'Вектор', 'Альфа', 'Техно', 'Строй', 'Торг', 'Инвест', 'Логистик', 'Снаб', 'Север', 'Юг', 'Trade', 'Group', 'Systems'];
const arr = (items: string[]) => `{${items.map((item) => `"${item}"`).join(',')}}`;
const started = Date.now();
const companies = Math.round(contacts / 5);
await db.execute(sql`insert into companies (workspace_id, name, inn, city, phones, emails, owner_id)
  select ${workspaceId}::uuid,
    'ООО ' || (${arr(words)}::text[])[1 + (g::bigint * 7) % 14] || ' ' || (${arr(words)}::text[])[1 + (g::bigint * 13) % 14] || ' ' || g,
    lpad(g::text, 10, '0'),
    (${arr(cities)}::text[])[1 + g % 8],
    array['+7495' || lpad((g % 10000000)::text, 7, '0')],
    array['info' || g || '@company' || g || '.ru'],
    (${ownersLiteral}::uuid[])[1 + abs(hashint4(g)) % 50]
  from generate_series(1, ${companies}::int) g`);
console.log('companies', Date.now() - started);
for (let offset = 0; offset < contacts; offset += 200_000) {
  await db.execute(sql`insert into contacts (workspace_id, last_name, first_name, city, phones, emails, company_id, owner_id)
    select ${workspaceId}::uuid,
      (${arr(last)}::text[])[1 + (g::bigint * 7919) % 25] || case when g % 3 = 0 then 'а' else '' end || case when g % 50 = 0 then '' else ' ' || (g % 997)::text end,
      (${arr(first)}::text[])[1 + (g::bigint * 104729) % 12],
      (${arr(cities)}::text[])[1 + g % 8],
      array['+79' || lpad(((g::bigint * 7654321) % 1000000000)::text, 9, '0')],
      array['person' || g || '@mail' || (g % 1000) || '.ru'],
      null, (${ownersLiteral}::uuid[])[1 + abs(hashint4(g)) % 50]
    from generate_series(${offset + 1}::int, ${Math.min(offset + 200_000, contacts)}::int) g`);
  console.log('contacts', offset + 200_000, Date.now() - started);
}
await db.execute(sql`update contacts c set company_id = x.id from (select id, row_number() over (order by id) as n from companies where workspace_id = ${workspaceId}) x
  where c.workspace_id = ${workspaceId} and (abs(hashtext(c.id::text)) % ${companies}) + 1 = x.n`);
console.log('links', Date.now() - started);
const dealCount = Math.round(contacts / 5);
await db.execute(sql`insert into deals (workspace_id, title, pipeline_id, stage_id, company_id, owner_id, amount)
  select ${workspaceId}::uuid, 'Поставка ' || (${arr(words)}::text[])[1 + g % 14] || ' ' || g, gen_random_uuid(), gen_random_uuid(), null, (${ownersLiteral}::uuid[])[1 + g % 50], g % 100000
  from generate_series(1, ${dealCount}::int) g`);
await db.execute(sql`insert into leads (workspace_id, title, company_name, last_name, phones, emails, inn, owner_id)
  select ${workspaceId}::uuid, 'Заявка ' || g, (${arr(words)}::text[])[1 + g % 14] || ' ' || g, (${arr(last)}::text[])[1 + g % 25],
    array['+7912' || lpad(g::text, 7, '0')], array['lead' || g || '@leads.ru'], null, (${ownersLiteral}::uuid[])[1 + g % 50]
  from generate_series(1, ${dealCount}::int) g`);
console.log('deals and leads', Date.now() - started);
// Activities and audit on contacts: about 2 per contact.
await db.execute(sql`insert into activities (workspace_id, kind, subject, occurred_at, record_type, record_id, owner_id)
  select ${workspaceId}::uuid, (array['call','meeting','note','email'])[1 + (row_number() over ()) % 4], 'Звонок', now() - (random() * interval '700 days'), 'contact', c.id, c.owner_id
  from contacts c cross join generate_series(1, 2) where c.workspace_id = ${workspaceId}`);
await db.execute(sql`insert into audit_events (workspace_id, actor_id, record_type, record_id, action, changes, occurred_at)
  select ${workspaceId}::uuid, c.owner_id, 'contact', c.id, 'create', '{}'::jsonb, c.created_at from contacts c where c.workspace_id = ${workspaceId}`);
console.log('activities and audit', Date.now() - started);
await db.execute(sql`vacuum analyze`);
const [counts] = await rows(db, sql`select (select count(*) from contacts) as contacts, (select count(*) from companies) as companies, (select count(*) from activities) as activities`);
console.log('done', counts, workspaceId, Date.now() - started);
await database.close();
