import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { isValidInn, isValidOgrn, normalisePhone } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { seedWorkspace } from './seed.service.js';
import { SeededRandom } from './seeded-random.js';
import { makeCompany, makePerson, uniquePhone } from './seed-people.js';
import { atWorkingTime } from './seed-sales.js';

const small = { companies: 120, contacts: 300, deals: 60, orders: 400, activities: 200, tasks: 80, products: 40 };

it('draws company size and lead source by industry, so that the demo customers fall into segments', () => {
  const random = new SeededRandom(1);
  const companies = Array.from({ length: 2000 }, (_, index) => makeCompany(random, index));
  const share = (industry: string, test: (company: (typeof companies)[number]) => boolean) => {
    const of = companies.filter((company) => company.industry === industry);
    return of.filter(test).length / of.length;
  };
  const tiny = (company: (typeof companies)[number]) => company.size === '1-10';
  expect(share('HoReCa', tiny)).toBeGreaterThan(0.4);
  expect(share('Производство', tiny)).toBeLessThan(0.2);
  expect(share('Строительство', (company) => company.source === 'Тендер')).toBeGreaterThan(0.3);
  expect(share('ИТ', (company) => company.source === 'Тендер')).toBeLessThan(0.1);
});

it('puts a demo task of another day at a working time in Moscow, on the same Moscow day', () => {
  const random = new SeededRandom(3);
  for (let index = 0; index < 500; index++) {
    const instant = new Date(Date.UTC(2026, 0, 1) + random.int(0, 365 * 24 * 60) * 60_000);
    const moscow = (date: Date) => new Date(date.getTime() + 3 * 3600_000);
    const snapped = moscow(atWorkingTime(instant));
    expect(snapped.getUTCHours()).toBeGreaterThanOrEqual(9);
    expect(snapped.getUTCHours()).toBeLessThanOrEqual(18);
    expect([0, 30]).toContain(snapped.getUTCMinutes());
    expect(snapped.toISOString().slice(0, 10)).toBe(moscow(instant).toISOString().slice(0, 10));
  }
});

describeWithWorld('demo data', (world) => {
  it('seeds every object with valid identifiers, owners in both teams and structured orders', async () => {
    const w = world();
    const summary = await seedWorkspace(w.db, w.workspaceId, small, { seed: 7, domain: `seed${w.kind}.local` });
    expect(summary.counts.companies).toBe(120);
    expect(summary.counts.orders).toBe(400);
    const companies = await rows<{ inn: string | null; ogrn: string | null; legalForm: string | null; teamId: string | null }>(
      w.db,
      sql`select inn, ogrn, legal_form as "legalForm", team_id as "teamId" from companies where workspace_id = ${w.workspaceId} and created_by is not null and name not like 'Компания %'`,
    );
    expect(companies.filter((company) => company.inn).every((company) => isValidInn(company.inn!))).toBe(true);
    expect(companies.filter((company) => company.ogrn).every((company) => isValidOgrn(company.ogrn!))).toBe(true);
    expect(new Set(companies.map((company) => company.teamId)).size).toBeGreaterThanOrEqual(2);
    // Every phone is one the API itself would accept (an Almaty number was once a digit short).
    const phones = await rows<{ phone: string }>(
      w.db,
      sql`select unnest(phones) as phone from companies where workspace_id = ${w.workspaceId} union all select unnest(phones) from contacts where workspace_id = ${w.workspaceId}`,
    );
    expect(phones.length).toBeGreaterThan(100);
    expect(phones.filter((row) => normalisePhone(row.phone) !== row.phone)).toEqual([]);
    const [shared] = await rows<{ count: number }>(
      w.db,
      sql`select count(*)::int as count from (select p from companies, unnest(phones) as p where workspace_id = ${w.workspaceId} group by p having count(*) > 1) s`,
    );
    expect(shared.count).toBe(0);
    const [totals] = await rows<{ mismatched: number; lines: number }>(
      w.db,
      sql`select count(*) filter (where o.total <> coalesce(l.sum, 0))::int as mismatched, coalesce(sum(l.count), 0)::int as lines
          from orders o left join (select order_id, sum(amount) as sum, count(*) as count from order_lines group by order_id) l on l.order_id = o.id where o.workspace_id = ${w.workspaceId}`,
    );
    expect(totals.mismatched).toBe(0);
    expect(totals.lines).toBeGreaterThan(400);
    const [overdue] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from tasks where workspace_id = ${w.workspaceId} and status = 'open' and due_at < now()`);
    expect(overdue.count).toBeGreaterThan(0);
    // The demo manager logs in with the demo password and sees only their own companies.
    const login = await w.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `manager1@seed${w.kind}.local`, password: 'svyaz-demo' } });
    expect(login.statusCode).toBe(200);
  });

  it('gives two thousand companies two thousand phones, the foreign ones included', () => {
    const random = new SeededRandom(20261122);
    const drawn = Array.from({ length: 2000 }, (_, index) => makeCompany(random, index).phones[0]);
    // As drawn, foreign numbers differ in three digits only, and some repeat: the demo's duplicate finder
    // would list those companies as one client.
    expect(new Set(drawn).size).toBeLessThan(drawn.length);
    const taken = new Set<string>();
    const unique = drawn.map((phone) => uniquePhone(phone, taken));
    expect(new Set(unique).size).toBe(drawn.length);
    const changed = unique.filter((phone, index) => phone !== drawn[index]);
    expect(changed.length).toBeLessThan(20);
    for (const phone of changed) expect(normalisePhone(phone)).toBe(phone);
    expect(uniquePhone('+442079460999', new Set(['+442079460999']))).toBe('+442079460000');
  });

  it('is deterministic for a seed and agrees Russian names in gender', () => {
    const first = Array.from({ length: 50 }, (_, index) => makePerson(new SeededRandom(index + 1), index, false));
    const second = Array.from({ length: 50 }, (_, index) => makePerson(new SeededRandom(index + 1), index, false));
    expect(first).toEqual(second);
    for (const person of first) {
      const female = person.middleName!.endsWith('на');
      expect(person.middleName, person.middleName!).toMatch(female ? /(овна|евна)$/ : /(ович|евич)$/);
      if (female) expect(person.lastName, `${person.lastName} ${person.firstName}`).toMatch(/(а|ая|[^вн])$/);
      else expect(person.lastName).not.toMatch(/(ова|ева|ина|ая)$/);
      expect(person.middleName).not.toMatch(/йев/);
    }
  });
});
