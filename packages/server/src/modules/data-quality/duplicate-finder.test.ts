import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';
import { findDuplicatePairs, groupPairs } from './duplicate-finder.js';

describeWithWorld('duplicate finder by name', (world) => {
  it('compares names within the same company and the same city, never across an empty city', async () => {
    const company = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'ООО Блоки и чанки', city: 'Чанкиград' } });
    expect(company.status).toBe(201);
    const created = await world().as('admin', {
      method: 'POST',
      url: '/api/v1/contacts?force=true',
      payload: {
        records: [
          { lastName: 'Многочанковый', firstName: 'Аристарх', companyId: company.body.id, city: 'Пермь' },
          { lastName: 'Многочанковый', firstName: 'Аристарх', companyId: company.body.id, city: 'Омск' },
          { lastName: 'Безгородный', firstName: 'Евлампий' },
          { lastName: 'Безгородный', firstName: 'Евлампий', city: '' },
          { lastName: 'Пересеченский', firstName: 'Ипполит', city: 'Чанкиград' },
          { lastName: 'Пересеченский', firstName: 'Ипполит', city: 'чанкиград' },
          ...['Абрикосов', 'Вишневский', 'Грушин', 'Дынников', 'Ежевикин', 'Жимолостев'].map((lastName, index) => ({ lastName, firstName: ['Юрий', 'Олег', 'Пётр', 'Савва', 'Тарас', 'Фома'][index], city: 'Чанкиград' })),
        ],
      },
    });
    expect(created.status).toBe(201);
    const ids: string[] = created.body.data.map((contact: { id: string }) => contact.id);
    const pairOf = (groups: ReturnType<typeof groupPairs>, id: string) => groups.find((group) => group.ids.includes(id));
    // A window of 1 compares only names next to each other in the sort order; these pairs are.
    for (const window of [1, 30]) {
      const groups = groupPairs(await findDuplicatePairs(world().db, world().workspaceId, { window }));
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
    const created = await world().as('admin', {
      method: 'POST',
      url: '/api/v1/contacts?force=true',
      payload: {
        records: [
          { lastName: 'Бересеченский', firstName: 'Ипполит', city },
          { lastName: 'Пересеченский', firstName: 'Ипполит', city },
          ...fillers.map((lastName, index) => ({ lastName, firstName: `Имя${index}`, city })),
        ],
      },
    });
    expect(created.status).toBe(201);
    const [first, second] = created.body.data.map((contact: { id: string }) => contact.id);
    // Ten names sort between "Б…" and "П…", so in name order they are eleven places apart; reversed, the
    // two names end alike and sit side by side.
    const groups = groupPairs(await findDuplicatePairs(world().db, world().workspaceId, { window: 2 }));
    const found = groups.find((group) => group.ids.includes(first));
    expect(found?.ids.sort()).toEqual([first, second].sort());
    expect(found?.reasons).toEqual(['similar_name_same_city']);
  });
});
