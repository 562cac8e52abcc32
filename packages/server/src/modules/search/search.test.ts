import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { completeInn10, completeInn12 } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { describeWithWorld, type UserKey } from '../../test/fixtures.js';
import { pruneSearchWords } from './similar-words.js';
import { loadActor } from '../auth/auth.service.js';
import { parseSearchText } from './search-query.js';
import { branchesFor } from './search-targets.js';

describeWithWorld('global search', (world) => {
  const search = async (user: UserKey, q: string, extra = '') => {
    const response = await world().as(user, { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}` });
    expect(response.status).toBe(200);
    return response.body as { data: { type: string; id: string; title: string; subtitle: string | null; score: number; matched: string[] }[]; nextCursor: string | null };
  };
  const create = async (user: UserKey, object: string, payload: Record<string, unknown>) => {
    const response = await world().as(user, { method: 'POST', url: `/api/v1/${object}?force=true`, payload });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  };

  it('finds a Russian surname typed with a mistake, and a Russian word in another grammatical form', async () => {
    const ivanov = await create('admin', 'contacts', { lastName: 'Иванов', firstName: 'Пётр', position: 'Директор' });
    const misspelt = await search('admin', 'Иваноф');
    expect(misspelt.data.map((hit) => hit.id)).toContain(ivanov.id);
    const hit = misspelt.data.find((item) => item.id === ivanov.id)!;
    expect(hit).toMatchObject({ type: 'contact', title: 'Иванов Пётр', subtitle: 'Директор' });
    expect(hit.matched).toContain('similar_name');
    const company = await create('admin', 'companies', { name: 'Ромашка', city: 'Тула' });
    const inflected = await search('admin', 'ромашки', '&types=companies');
    expect(inflected.data[0]).toMatchObject({ id: company.id, type: 'company', title: 'Ромашка', subtitle: 'Тула' });
    expect(inflected.data[0].matched).toContain('text');
  });

  it('widens to word prefixes only when whole words find too little', async () => {
    const petrovs = [];
    for (let index = 0; index < 21; index++) petrovs.push(await create('admin', 'contacts', { lastName: 'Вертоградов', firstName: `Сын${index}` }));
    const patronymic = await create('admin', 'contacts', { lastName: 'Смирнова', firstName: 'Ольга', middleName: 'Вертоградовна' });
    const whole = await search('admin', 'Вертоградов', '&types=contacts&limit=100');
    expect(whole.data.map((hit) => hit.id).sort()).toEqual(petrovs.map((contact) => contact.id).sort());
    // Fewer whole-word matches than that: the prefix finds the patronymic as well.
    const rare = await create('admin', 'contacts', { lastName: 'Лукоморьев', firstName: 'Иван' });
    const lukomorievich = await create('admin', 'contacts', { lastName: 'Орлов', firstName: 'Антон', middleName: 'Лукоморьевич' });
    const few = await search('admin', 'Лукоморьев', '&types=contacts');
    expect(few.data.map((hit) => hit.id)).toEqual(expect.arrayContaining([rare.id, lukomorievich.id]));
    expect(few.data[0].id).toBe(rare.id);
    expect(whole.data.map((hit) => hit.id)).not.toContain(patronymic.id);
  });

  it('keeps the pending lists of the search indexes short, so a lookup never scans megabytes of unsorted entries', async () => {
    const indexes = await rows<{ name: string; options: string[] | null }>(
      world().database.db,
      sql`select c.relname as name, c.reloptions as options from pg_class c join pg_am a on a.oid = c.relam join pg_index i on i.indexrelid = c.oid
          where a.amname = 'gin' and i.indrelid in ('companies'::regclass, 'contacts'::regclass, 'leads'::regclass, 'deals'::regclass)`,
    );
    // 17 until migration 0020 dropped the name trigram indexes of contacts, leads and deals.
    expect(indexes.length).toBeGreaterThanOrEqual(14);
    expect(indexes.map((index) => index.name)).toEqual(expect.arrayContaining(['companies_search_access_idx', 'contacts_search_access_idx', 'leads_search_access_idx', 'deals_search_access_idx']));
    for (const index of indexes) expect({ index: index.name, options: index.options }).toEqual({ index: index.name, options: ['gin_pending_list_limit=1024'] });
  });

  it('finds English names by a partial word and with a typo', async () => {
    const company = await create('admin', 'companies', { name: 'Romashka Trading' });
    const partial = await search('admin', 'Romash');
    expect(partial.data[0]?.id).toBe(company.id);
    const typo = await search('admin', 'Romashca Trading');
    expect(typo.data.map((hit) => hit.id)).toContain(company.id);
    const nothing = await search('admin', 'Zyxwvut');
    expect(nothing.data).toEqual([]);
  });

  it('finds a phone however it is typed, ranked as an exact match', async () => {
    const contact = await create('admin', 'contacts', { lastName: 'Телефонов', phones: ['+7 (916) 555-44-33'] });
    for (const typed of ['+7 (916) 555-44-33', '89165554433', '916 555 44 33']) {
      const result = await search('admin', typed);
      expect(result.data[0]?.id, typed).toBe(contact.id);
      expect(result.data[0].matched).toContain('phone');
    }
    const fragment = await search('admin', '555-44');
    expect(fragment.data.map((hit) => hit.id)).toContain(contact.id);
  });

  it('finds companies and leads by exact INN and contacts by exact email', async () => {
    const inn = completeInn10('526317984');
    const company = await create('admin', 'companies', { name: 'ИНН Тест', inn });
    await create('admin', 'companies', { name: 'Другая', inn: completeInn10('526317985') });
    const byInn = await search('admin', inn);
    expect(byInn.data[0]).toMatchObject({ id: company.id, type: 'company' });
    expect(byInn.data[0].matched).toContain('inn');
    expect(byInn.data.map((hit) => hit.title)).not.toContain('Другая');
    const innPerson = completeInn12('5003021122');
    const lead = await world().as('admin', { method: 'POST', url: '/api/v1/leads?force=true', payload: { title: 'Lead by INN', inn: innPerson } });
    expect(lead.status).toBe(201);
    const leadHit = await search('admin', innPerson);
    expect(leadHit.data[0]).toMatchObject({ id: lead.body.id, type: 'lead', matched: expect.arrayContaining(['inn']) });
    const contact = await create('admin', 'contacts', { lastName: 'Почтовый', emails: ['Petrov.Mail@Example.com'] });
    const byEmail = await search('admin', 'petrov.mail@example.com');
    expect(byEmail.data).toHaveLength(1);
    expect(byEmail.data[0]).toMatchObject({ id: contact.id, matched: ['email'] });
  });

  it('finds deals by a word of the title in another form, with amount and stage as subtitle', async () => {
    const deal = await world().as('admin', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Поставка турбин', amount: '5000' } });
    expect(deal.status).toBe(201);
    const found = await search('admin', 'турбины', '&types=deals');
    expect(found.data[0]).toMatchObject({ id: deal.body.id, type: 'deal', title: 'Поставка турбин' });
    expect(found.data[0].subtitle).toContain('5000');
    expect((await search('admin', 'турбины', '&types=contacts')).data).toEqual([]);
  });

  it('never shows a sales manager a colleague’s record, but shows it to the head of sales', async () => {
    const secret = await create('managerA2', 'contacts', { lastName: 'Засекреченный', phones: ['+7 903 111-22-33'] });
    const mine = await create('managerA1', 'contacts', { lastName: 'Засекреченныйов' });
    const asA1 = await search('managerA1', 'Засекреченный');
    expect(asA1.data.map((hit) => hit.id)).toContain(mine.id);
    expect(asA1.data.map((hit) => hit.id)).not.toContain(secret.id);
    expect((await search('managerA1', '89031112233')).data).toEqual([]);
    expect((await search('head', 'Засекреченный')).data.map((hit) => hit.id)).toContain(secret.id);
    expect((await search('managerB1', 'Засекреченный')).data).toEqual([]);
  });

  it('pages through results without repeats and rejects a cursor of another query', async () => {
    for (let index = 0; index < 5; index++) await create('admin', 'companies', { name: `Пейджинг Холдинг ${index}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search('admin', 'Пейджинг', `&types=companies&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((hit) => hit.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const first = await search('admin', 'Пейджинг', '&types=companies&limit=2');
    const foreign = await world().as('admin', { method: 'GET', url: `/api/v1/search?q=other&cursor=${first.nextCursor}` });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('INVALID_CURSOR');
  });

  it('answers odd input with 200 and no error: stop words, punctuation, quotes, LIKE wildcards', async () => {
    for (const q of ['a', 'и', '"', '!!!', '-', '%_%', "O'Brien", '()', 'a & b | !c', '+7', '@', '   x   ', 'ё'.repeat(200)]) {
      const response = await world().as('admin', { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}` });
      expect(response.status, q).toBe(200);
      expect(Array.isArray(response.body.data)).toBe(true);
    }
  });

  it('names the parameter that is wrong', async () => {
    const missing = await world().as('admin', { method: 'GET', url: '/api/v1/search' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('q');
    const badType = await world().as('admin', { method: 'GET', url: '/api/v1/search?q=a&types=companies,planets' });
    expect(badType.status).toBe(400);
    expect(badType.body.error.details[0].field).toBe('types');
    const badLimit = await world().as('admin', { method: 'GET', url: '/api/v1/search?q=a&limit=0' });
    expect(badLimit.body.error.details[0].field).toBe('limit');
  });

  it("reads a sales manager's matches in one scan of the words-and-access index, never the owner's whole b-tree", async () => {
    const w = world();
    // A colleague owns most of the matches, as in a busy workspace; statistics as after any load.
    await w.db.execute(sql`insert into contacts (workspace_id, owner_id, team_id, last_name, first_name)
      select ${w.workspaceId}, case when n % 50 = 0 then ${w.users.managerA1.id}::uuid else ${w.users.managerA2.id}::uuid end,
        (select team_id from users where id = ${w.users.managerA1.id}), 'Завьялов', 'Пётр' from generate_series(1, 5000) n`);
    await w.db.execute(sql`analyze contacts`);
    const actor = (await loadActor(w.db, w.users.managerA1.id))!;
    const branches = branchesFor('contacts', actor, parseSearchText('Завьялов'), 201);
    const plan = await w.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
      return rows<{ 'QUERY PLAN': string }>(tx as never, sql`explain select * from (${sql.join(branches, sql` union all `)}) h`);
    });
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan on contacts_search_access_idx[^\n]*\n\s*Index Cond: \(\(ARRAY\[owner_id\] @>[^\n]*search_vector @@/);
    expect(text).not.toContain('contacts_ws_owner_idx');
    const found = await search('managerA1', 'Завьялов', '&types=contacts');
    expect(found.data).toHaveLength(20);
  });

  it('prunes dictionary words no live record holds, keeping those still in use and misspelling search working', async () => {
    const w = world();
    const words = async () => (await rows<{ word: string }>(w.db, sql`select word from search_words where workspace_id = ${w.workspaceId}`)).map((row) => row.word);
    const contact = await create('admin', 'contacts', { lastName: 'Стародубцев', firstName: 'Евграф' });
    const company = await create('admin', 'companies', { name: 'Пересветов и партнёры' });
    await create('admin', 'deals', { title: 'Колокольцевы: поставка' });
    expect(await words()).toEqual(expect.arrayContaining(['стародубцев', 'евграф', 'пересветов']));
    const renamed = await w.as('admin', { method: 'PATCH', url: `/api/v1/contacts/${contact.id}`, payload: { lastName: 'Новосельцев' } });
    expect(renamed.status).toBe(200);
    expect((await w.as('admin', { method: 'DELETE', url: `/api/v1/companies/${company.id}` })).status).toBe(200);

    const { removed } = await pruneSearchWords(w.db);
    expect(removed).toBeGreaterThanOrEqual(2);
    const after = await words();
    expect(after).not.toContain('стародубцев');
    expect(after).not.toContain('пересветов');
    expect(after).toEqual(expect.arrayContaining(['новосельцев', 'евграф', 'колокольцевы', 'поставка']));
    const misspelt = await search('admin', 'Новосельцеф');
    expect(misspelt.data.map((hit) => hit.id)).toContain(contact.id);
  });
});
