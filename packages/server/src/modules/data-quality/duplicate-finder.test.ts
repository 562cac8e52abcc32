import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rows } from '../../db/client.js';
import { trigrams, trigramSimilarity } from './trigrams.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { findDuplicatePairs, groupPairs } from './duplicate-finder.js';

describeWithWorld('duplicate finder by name', (world) => {
  /** Creates the contacts in one bulk request (duplicate warnings off) and returns their ids in order. */
  const createContacts = async (records: Record<string, unknown>[]): Promise<string[]> => {
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { records } });
    expect(created.status).toBe(201);
    return created.body.data.map((contact: { id: string }) => contact.id);
  };

  it('compares names within the same company and the same city, never across an empty city', async () => {
    const company = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'ООО Блоки и чанки', city: 'Чанкиград' } });
    expect(company.status).toBe(201);
    const ids = await createContacts([
      { lastName: 'Многочанковый', firstName: 'Аристарх', companyId: company.body.id, city: 'Пермь' },
      { lastName: 'Многочанковый', firstName: 'Аристарх', companyId: company.body.id, city: 'Омск' },
      { lastName: 'Безгородный', firstName: 'Евлампий' },
      { lastName: 'Безгородный', firstName: 'Евлампий', city: '' },
      { lastName: 'Пересеченский', firstName: 'Ипполит', city: 'Чанкиград' },
      { lastName: 'Пересеченский', firstName: 'Ипполит', city: 'чанкиград' },
      ...['Абрикосов', 'Вишневский', 'Грушин', 'Дынников', 'Ежевикин', 'Жимолостев'].map((lastName, index) => ({ lastName, firstName: ['Юрий', 'Олег', 'Пётр', 'Савва', 'Тарас', 'Фома'][index], city: 'Чанкиград' })),
    ]);
    const pairOf = (groups: ReturnType<typeof groupPairs>, id: string) => groups.find((group) => group.ids.includes(id));
    // A window of 1 compares only names next to each other in the sort order; these pairs are.
    for (const window of [1, 30]) {
      const groups = groupPairs(await findDuplicatePairs(world().db, world().workspaceId, { window, exhaustiveUpTo: 0 }));
      expect(pairOf(groups, ids[0])).toMatchObject({ type: 'contact', reasons: ['similar_name_same_company'] });
      expect(pairOf(groups, ids[0])!.ids.sort()).toEqual([ids[0], ids[1]].sort());
      expect(pairOf(groups, ids[4])).toMatchObject({ reasons: ['similar_name_same_city'] });
      expect(pairOf(groups, ids[4])!.ids.sort()).toEqual([ids[4], ids[5]].sort());
      expect(pairOf(groups, ids[2])).toBeUndefined();
      for (const filler of ids.slice(6)) expect(pairOf(groups, filler)).toBeUndefined();
    }
  });

  it('finds a name misspelt in its first letter through the reversed-name order, and compares each record with a bounded window', async () => {
    const city = 'Окноград';
    const fillers = ['Варламов', 'Воронцов', 'Гаврилов', 'Дорофеев', 'Ефремов', 'Журавлёв', 'Зимин', 'Игнатьев', 'Калинин', 'Лаврентьев'];
    const [first, second] = await createContacts([
      { lastName: 'Бересеченский', firstName: 'Ипполит', city },
      { lastName: 'Пересеченский', firstName: 'Ипполит', city },
      ...fillers.map((lastName, index) => ({ lastName, firstName: `Имя${index}`, city })),
    ]);
    // Ten names sort between "Б…" and "П…", so in name order they are eleven places apart; reversed, the
    // two names end alike and sit side by side.
    const groups = groupPairs(await findDuplicatePairs(world().db, world().workspaceId, { window: 2, exhaustiveUpTo: 0 }));
    const found = groups.find((group) => group.ids.includes(first));
    expect(found?.ids.sort()).toEqual([first, second].sort());
    expect(found?.reasons).toEqual(['similar_name_same_city']);
  });

  it('compares a small block pair by pair, whatever the window', async () => {
    const city = 'Малоград';
    const [first, second] = await createContacts([
      // Never side by side: forwards Ким, Новак and Орёл sort between them, and reversed (the first
      // names alike, the surnames read from the end: н…, й…) so do кавон, лёро and мик.
      { lastName: 'Бересеченскин', firstName: 'Ипполит', city },
      { lastName: 'Пересеченский', firstName: 'Ипполит', city },
      ...['Ким', 'Новак', 'Орёл'].map((lastName) => ({ lastName, firstName: 'Ипполит', city })),
    ]);
    const inGroup = async (options: { window: number; exhaustiveUpTo?: number }) =>
      groupPairs(await findDuplicatePairs(world().db, world().workspaceId, options)).find((group) => group.ids.includes(first))?.ids.includes(second) ?? false;
    expect(await inGroup({ window: 1, exhaustiveUpTo: 0 })).toBe(false);
    expect(await inGroup({ window: 1 })).toBe(true);
  });

  it('measures name similarity exactly as pg_trgm does', async () => {
    const letters = fc.constantFrom(...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕКМОСТabcdeklmnostxyzABCZ0123456789'.split(''));
    const separators = fc.constantFrom(' ', '  ', '-', '.', ', ', '_', '\'', '№');
    const word = fc.array(letters, { minLength: 1, maxLength: 9 }).map((chars) => chars.join(''));
    const name = fc.array(fc.tuple(word, separators), { minLength: 0, maxLength: 4 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
    const samples = fc.sample(fc.tuple(name, name), { numRuns: 300, seed: 7 });
    // Misspellings of one name, the finder's real case.
    samples.push(['пересеченский ипполит', 'бересеченский ипполит'], ['иванов иван иванович', 'иванова ивана'], ['ООО "Ромашка"', 'ромашка ооо'], ['', 'а'], ['ё', 'е']);
    const expected = await rows<{ similarity: number }>(
      world().db,
      sql`select similarity(x.a, x.b)::float8 as similarity from jsonb_to_recordset(${JSON.stringify(samples.map(([a, b], index) => ({ index, a, b })))}::jsonb) as x(index int, a text, b text) order by x.index`,
    );
    samples.forEach(([a, b], index) => {
      expect(trigramSimilarity(trigrams(a), trigrams(b)), `${a} | ${b}`).toBeCloseTo(expected[index].similarity, 5);
    });
  });

  it('does not take two people with one first name and patronymic but different last names for one', async () => {
    const company = await world().as('admin', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'ООО Тёзки', city: 'Тёзкоград' } });
    const [naumova, tikhonova, misspelt] = await createContacts([
      { lastName: 'Наумова', firstName: 'Виктория', middleName: 'Михайловна', companyId: company.body.id, city: 'Тёзкоград' },
      { lastName: 'Тихонова', firstName: 'Виктория', middleName: 'Михайловна', companyId: company.body.id, city: 'Тёзкоград' },
      { lastName: 'Тихонава', firstName: 'Виктория', middleName: 'Михайловна', companyId: company.body.id, city: 'Тёзкоград' },
    ]);
    // As whole names all three are alike enough (the control: without the last-name rule they would pair).
    const [alike] = await rows<{ similarity: number }>(world().db, sql`select similarity('наумова виктория михайловна', 'тихонова виктория михайловна')::float8 as similarity`);
    expect(alike.similarity).toBeGreaterThanOrEqual(0.6);
    const groups = groupPairs(await findDuplicatePairs(world().db, world().workspaceId));
    const group = groups.find((candidate) => candidate.ids.includes(tikhonova));
    expect(group?.ids.sort()).toEqual([tikhonova, misspelt].sort());
    expect(groups.some((candidate) => candidate.ids.includes(naumova))).toBe(false);
  });
});
