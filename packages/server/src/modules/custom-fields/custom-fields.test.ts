import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('custom fields API', (world) => {
  const label = (text: string) => ({ ru: text, en: text });

  it('lets only administrators define fields, and names a repeated key', async () => {
    const w = world();
    const denied = await w.as('head', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'companies', key: 'segment', label: label('Сегмент'), type: 'select', options: ['A', 'B'] } });
    expect(denied.status).toBe(403);
    const created = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'companies', key: 'segment', label: label('Сегмент'), type: 'select', options: ['A', 'B'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'segment', type: 'select', options: ['A', 'B'], isArchived: false });
    const again = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'companies', key: 'segment', label: label('x'), type: 'text' } });
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].field).toBe('key');
    const noOptions = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'companies', key: 'size_class', label: label('x'), type: 'select' } });
    expect(noOptions.status).toBe(400);
    expect(noOptions.body.error.details[0].field).toBe('options');
    const listed = await w.as('managerA1', { method: 'GET', url: '/api/v1/custom-fields?object=companies' });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((field: { key: string }) => field.key)).toContain('segment');
    const patchDenied = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/custom-fields/${created.body.id}`, payload: { isHidden: true } });
    expect(patchDenied.status).toBe(403);
  });

  it('refuses a select value outside the options, naming custom.<key>, and filters by the field', async () => {
    const w = world();
    await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'contacts', key: 'channel', label: label('Канал'), type: 'select', options: ['web', 'phone'] } });
    const bad = await w.as('managerA1', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { lastName: 'Фильтров', custom: { channel: 'fax' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('custom.channel');
    const web = await w.as('managerA1', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { lastName: 'Веб', custom: { channel: 'web' } } });
    const phone = await w.as('managerA1', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { lastName: 'Телефон', custom: { channel: 'phone' } } });
    expect([web.status, phone.status]).toEqual([201, 201]);
    const filtered = await w.as('managerA1', { method: 'GET', url: '/api/v1/contacts?filter[custom.channel][eq]=web&limit=100' });
    expect(filtered.status).toBe(200);
    const ids = filtered.body.data.map((row: { id: string }) => row.id);
    expect(ids).toContain(web.body.id);
    expect(ids).not.toContain(phone.body.id);
  });

  it('keeps an archived field\'s values but refuses writes to it; enforces required fields on create', async () => {
    const w = world();
    const field = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'deals', key: 'legacy_code', label: label('Код'), type: 'text' } });
    const deal = await w.as('managerA1', { method: 'POST', url: '/api/v1/deals?force=true', payload: { title: 'Архивная', custom: { legacy_code: 'X-1' } } });
    expect(deal.status).toBe(201);
    const archived = await w.as('admin', { method: 'PATCH', url: `/api/v1/custom-fields/${field.body.id}`, payload: { isArchived: true, label: label('Старый код'), position: 7 } });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ isArchived: true, position: 7, label: { ru: 'Старый код' } });
    const read = await w.as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.body.id}` });
    expect(read.body.custom).toEqual({ legacy_code: 'X-1' });
    const write = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/deals/${deal.body.id}`, payload: { custom: { legacy_code: 'X-2' } } });
    expect(write.status).toBe(400);
    expect(write.body.error.details[0].field).toBe('custom.legacy_code');

    await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'leads', key: 'budget', label: label('Бюджет'), type: 'money', required: true } });
    const missing = await w.as('managerA1', { method: 'POST', url: '/api/v1/leads?force=true', payload: { title: 'Без бюджета' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('custom.budget');
    const given = await w.as('managerA1', { method: 'POST', url: '/api/v1/leads?force=true', payload: { title: 'С бюджетом', custom: { budget: '150000' } } });
    expect(given.status).toBe(201);
    expect(given.body.custom).toEqual({ budget: 150000 });
  });

  it('writes an audit event for each definition change', async () => {
    const w = world();
    const field = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'tasks', key: 'effort', label: label('Трудоёмкость'), type: 'number' } });
    await w.as('admin', { method: 'PATCH', url: `/api/v1/custom-fields/${field.body.id}`, payload: { isHidden: true } });
    const events = await rows<{ action: string; changes: Record<string, unknown> }>(w.db, sql`select action, changes from audit_events where record_id = ${field.body.id} order by id`);
    expect(events.map((event) => event.action)).toEqual(['create', 'update']);
    expect(events[1].changes).toEqual({ isHidden: { from: false, to: true } });
  });

  it('groups fields into named sections and moves a field between sections without touching values', async () => {
    const w = world();
    const requisites = { ru: 'Реквизиты', en: 'Requisites' };
    const bank = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'companies', key: 'bank_name', label: label('Банк'), type: 'text', section: requisites } });
    expect(bank.status).toBe(201);
    expect(bank.body.section).toEqual(requisites);
    const company = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: 'Секции', custom: { bank_name: 'Сбербанк' } } });
    const moved = await w.as('admin', { method: 'PATCH', url: `/api/v1/custom-fields/${bank.body.id}`, payload: { section: null } });
    expect(moved.status).toBe(200);
    expect(moved.body.section).toBeNull();
    const relabelled = await w.as('admin', { method: 'PATCH', url: `/api/v1/custom-fields/${bank.body.id}`, payload: { required: false } });
    expect(relabelled.body.section).toBeNull();
    const badSection = await w.as('admin', { method: 'PATCH', url: `/api/v1/custom-fields/${bank.body.id}`, payload: { section: { ru: 'Только русский' } } });
    expect(badSection.status).toBe(400);
    expect(badSection.body.error.details[0].field).toBe('section.en');
    const read = await w.as('managerA1', { method: 'GET', url: `/api/v1/companies/${company.body.id}` });
    expect(read.body.custom).toEqual({ bank_name: 'Сбербанк' });
  });

  it('reorders all fields of an object at once, refusing a list that misses or repeats a field', async () => {
    const w = world();
    const ids: string[] = [];
    for (const key of ['first_one', 'second_one', 'third_one']) {
      const created = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'products', key, label: label(key), type: 'text' } });
      ids.push(created.body.id);
    }
    const order = async () => (await w.as('admin', { method: 'GET', url: '/api/v1/custom-fields?object=products' })).body.data.map((field: { id: string }) => field.id);
    const before = await order();
    const denied = await w.as('head', { method: 'POST', url: '/api/v1/custom-fields/reorder', payload: { object: 'products', ids: [...before].reverse() } });
    expect(denied.status).toBe(403);
    const missing = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields/reorder', payload: { object: 'products', ids: before.slice(1) } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('ids');
    const repeated = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields/reorder', payload: { object: 'products', ids: [before[0], ...before.slice(0, -1)] } });
    expect(repeated.status).toBe(400);
    const foreign = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields/reorder', payload: { object: 'orders', ids: before } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].field).toBe('ids');
    expect(await order()).toEqual(before);

    const reversed = [...before].reverse();
    const done = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields/reorder', payload: { object: 'products', ids: reversed } });
    expect(done.status).toBe(200);
    expect(done.body.data.map((field: { id: string }) => field.id)).toEqual(reversed);
    expect(done.body.data.map((field: { position: number }) => field.position)).toEqual(reversed.map((_, index) => index));
    expect(await order()).toEqual(reversed);
    const events = await rows<{ record_id: string }>(w.db, sql`select record_id from audit_events where record_type = 'custom_field' and action = 'update' and record_id = any(${`{${ids.join(',')}}`}::uuid[])`);
    expect(events.length).toBeGreaterThan(0);
  });
});
