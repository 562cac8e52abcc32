import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';
import { findDuplicatePairs, groupPairs } from './duplicate-finder.js';

describeWithWorld('duplicate finder by name', (world) => {
  it('compares names within the same company and the same city, across statement chunks, never across an empty city', async () => {
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
    // Chunks of 2 records: every pair still meets, whichever chunk each side falls in.
    for (const chunk of [2, 500]) {
      const groups = groupPairs(await findDuplicatePairs(world().db, world().workspaceId, { chunk }));
      expect(pairOf(groups, ids[0])).toMatchObject({ type: 'contact', reasons: ['similar_name_same_company'] });
      expect(pairOf(groups, ids[0])!.ids.sort()).toEqual([ids[0], ids[1]].sort());
      expect(pairOf(groups, ids[4])).toMatchObject({ reasons: ['similar_name_same_city'] });
      expect(pairOf(groups, ids[4])!.ids.sort()).toEqual([ids[4], ids[5]].sort());
      expect(pairOf(groups, ids[2])).toBeUndefined();
      for (const filler of ids.slice(6)) expect(pairOf(groups, filler)).toBeUndefined();
    }
  });
});
