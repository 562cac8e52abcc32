import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { completeInn10 } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('duplicate detection', (world) => {
  it('warns with 409 about a company with the same INN, saves with force=true', async () => {
    const inn = completeInn10('781000123');
    const first = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Балтика', inn } });
    expect(first.status).toBe(201);
    const second = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Совсем другое имя', inn } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('DUPLICATE_SUSPECTED');
    expect(second.body.error.details.candidates).toEqual([expect.objectContaining({ id: first.body.id, type: 'company', name: 'Балтика', reasons: ['inn'], canOpen: true })]);
    const count = async () => (await rows<{ n: number }>(world().db, sql`select count(*)::int as n from companies where inn = ${inn}`))[0].n;
    expect(await count()).toBe(1);
    const forced = await world().as('admin', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'Совсем другое имя', inn } });
    expect(forced.status).toBe(201);
    expect(await count()).toBe(2);
  });

  it('finds a company by phone in another format, by email, and by a very similar name in the same city only', async () => {
    const original = await world().as('admin', {
      method: 'POST',
      url: '/api/v1/companies',
      payload: { name: 'Северсталь Трейд', city: 'Вологда', phones: ['+7 (817) 255-10-10'], emails: ['sales@severtrade.ru'] },
    });
    expect(original.status).toBe(201);
    const byPhone = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'X1', phones: ['8 817 2551010'] } });
    expect(byPhone.status).toBe(409);
    expect(byPhone.body.error.details.candidates[0]).toMatchObject({ id: original.body.id, reasons: ['phone'] });
    const byEmail = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'X2', emails: ['SALES@severtrade.ru'] } });
    expect(byEmail.body.error.details.candidates[0].reasons).toEqual(['email']);
    const similar = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Северсталь-Трейд', city: 'вологда' } });
    expect(similar.status).toBe(409);
    expect(similar.body.error.details.candidates[0].reasons).toEqual(['similar_name']);
    const otherCity = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Северсталь-Трейд', city: 'Пермь' } });
    expect(otherCity.status).toBe(201);
  });

  it('tells a sales manager that a colleague already has the contact, without revealing its data', async () => {
    const colleague = await world().as('managerA2', {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { lastName: 'Дубликатов', firstName: 'Олег', emails: ['oleg@dubl.ru'], phones: ['+79995554411'], position: 'CEO' },
    });
    expect(colleague.status).toBe(201);
    const attempt = await world().as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Дубликатов', emails: ['oleg@dubl.ru'] } });
    expect(attempt.status).toBe(409);
    const [candidate] = attempt.body.error.details.candidates;
    expect(candidate).toEqual({ type: 'contact', id: colleague.body.id, name: 'Дубликатов Олег', reasons: ['email'], score: 0.9, canOpen: false, ownerName: 'Мария Менеджер' });
    expect(JSON.stringify(attempt.body)).not.toContain('+79995554411');
    expect(JSON.stringify(attempt.body)).not.toContain('CEO');
    const asHead = await world().as('head', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Другой', phones: ['8 999 555-44-11'] } });
    expect(asHead.body.error.details.candidates[0]).toMatchObject({ id: colleague.body.id, reasons: ['phone'], canOpen: true });
  });

  it('finds a contact with a very similar name at the same company', async () => {
    const company = await world().as('admin', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'Контора Дубль' } });
    const first = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Кузнецова', firstName: 'Анна', companyId: company.body.id } });
    expect(first.status).toBe(201);
    const similar = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Кузнецова', firstName: 'Анна', middleName: 'С.', companyId: company.body.id } });
    expect(similar.status).toBe(409);
    expect(similar.body.error.details.candidates[0]).toMatchObject({ id: first.body.id, reasons: ['similar_name'] });
    const elsewhere = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Кузнецова', firstName: 'Анна' } });
    expect(elsewhere.status).toBe(201);
  });

  it('does not warn about a namesake with another last name at the same company', async () => {
    const company = await world().as('admin', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'Контора Тёзок' } });
    const first = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Наумова', firstName: 'Виктория', middleName: 'Михайловна', companyId: company.body.id } });
    expect(first.status).toBe(201);
    const namesake = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Тихонова', firstName: 'Виктория', middleName: 'Михайловна', companyId: company.body.id } });
    expect(namesake.status).toBe(201);
    const misspelt = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Тихонава', firstName: 'Виктория', middleName: 'Михайловна', companyId: company.body.id } });
    expect(misspelt.status).toBe(409);
    expect(misspelt.body.error.details.candidates).toHaveLength(1);
    expect(misspelt.body.error.details.candidates[0]).toMatchObject({ id: namesake.body.id, reasons: ['similar_name'] });
  });

  it('finds a contact with a misspelt last name in the same city, not a namesake there nor the same name elsewhere', async () => {
    const create = (payload: Record<string, unknown>) => world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload });
    const stored = await create({ lastName: 'Сидоренко', firstName: 'Павел', middleName: 'Андреевич', city: 'Тверь' });
    expect(stored.status).toBe(201);
    const misspelt = await create({ lastName: 'Сидаренко', firstName: 'Павел', middleName: 'Андреевич', city: 'тверь' });
    expect(misspelt.status).toBe(409);
    expect(misspelt.body.error.details.candidates).toEqual([expect.objectContaining({ id: stored.body.id, reasons: ['similar_name'] })]);
    expect(misspelt.body.error.details.candidates[0].score).toBeGreaterThanOrEqual(0.6);
    // The same spelling once more: found by the last name itself, now in the dictionary.
    expect((await create({ lastName: 'Сидоренко', firstName: 'Павел', city: 'Тверь' })).status).toBe(409);
    expect((await create({ lastName: 'Сидаренко', firstName: 'Павел', middleName: 'Андреевич', city: 'Омск' })).status).toBe(201);
    expect((await create({ lastName: 'Никифоров', firstName: 'Павел', middleName: 'Андреевич', city: 'Тверь' })).status).toBe(201);
    // A two-letter last name has no spellings to look up, but an exact one is found.
    const li = await create({ lastName: 'Ли', firstName: 'Александра', middleName: 'Викторовна', city: 'Тверь' });
    expect(li.status).toBe(201);
    const again = await create({ lastName: 'Ли', firstName: 'Александра', middleName: 'Викторовнa', city: 'Тверь' });
    expect(again.status).toBe(409);
    expect(again.body.error.details.candidates[0]).toMatchObject({ id: li.body.id, reasons: ['similar_name'] });
  });

  it('checks only changed values on update, so an old known duplicate does not block other edits', async () => {
    const a = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Апдейтов', emails: ['upd@x.ru'] } });
    const b = await world().as('admin', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { lastName: 'Апдейтова', emails: ['upd@x.ru'] } });
    expect(b.status).toBe(201);
    const edit = await world().as('admin', { method: 'PATCH', url: `/api/v1/contacts/${b.body.id}`, payload: { position: 'Бухгалтер' } });
    expect(edit.status).toBe(200);
    const clash = await world().as('admin', { method: 'PATCH', url: `/api/v1/contacts/${a.body.id}`, payload: { phones: ['+7 999 000-11-22'] } });
    expect(clash.status).toBe(200);
    const newClash = await world().as('admin', { method: 'PATCH', url: `/api/v1/contacts/${b.body.id}`, payload: { phones: ['89990001122'] } });
    expect(newClash.status).toBe(409);
    expect(newClash.body.error.details.candidates.map((candidate: { id: string }) => candidate.id)).toEqual([a.body.id]);
  });
  it('warns about a lead whose email, phone or INN belongs to an existing lead, contact or company', async () => {
    const inn = completeInn10('366400112');
    const company = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Лидогенерация', inn } });
    const contact = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Лидов', emails: ['lead@known.ru'] } });
    const lead = await world().as('admin', { method: 'POST', url: '/api/v1/leads', payload: { title: 'Заявка 1', phones: ['+7 912 300-40-50'] } });
    expect(lead.status).toBe(201);
    const attempt = await world().as('managerB1', {
      method: 'POST',
      url: '/api/v1/leads',
      payload: { title: 'Заявка 2', inn, emails: ['LEAD@known.ru'], phones: ['8 (912) 300 40 50'] },
    });
    expect(attempt.status).toBe(409);
    const byId = Object.fromEntries(attempt.body.error.details.candidates.map((candidate: { id: string }) => [candidate.id, candidate]));
    expect(byId[company.body.id]).toMatchObject({ type: 'company', reasons: ['inn'], canOpen: false });
    expect(byId[contact.body.id]).toMatchObject({ type: 'contact', reasons: ['email'], canOpen: false });
    expect(byId[lead.body.id]).toMatchObject({ type: 'lead', reasons: ['phone'], canOpen: false });
    const forced = await world().as('managerB1', { method: 'POST', url: '/api/v1/leads?force=true', payload: { title: 'Заявка 2', inn } });
    expect(forced.status).toBe(201);
  });
});
