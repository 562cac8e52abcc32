import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { completeInn10 } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';

const counts = async (world: TestWorld) =>
  (
    await rows<{ companies: number; contacts: number; deals: number; events: number }>(
      world.db,
      sql`select (select count(*) from companies)::int as companies, (select count(*) from contacts)::int as contacts,
                 (select count(*) from deals)::int as deals, (select count(*) from audit_events)::int as events`,
    )
  )[0];

describeWithWorld('leads API and conversion', (world) => {
  let serial = 0;
  // Each lead is a different client (unique INN, phone, email), so duplicate detection stays quiet.
  const createLead = async (user: UserKey, payload: Record<string, unknown> = {}) => {
    serial += 1;
    const response = await world().as(user, {
      method: 'POST',
      url: '/api/v1/leads',
      payload: {
        title: 'Заявка с сайта',
        firstName: 'Ольга',
        lastName: `Смирнова${serial}`,
        companyName: `ООО «Вектор ${serial}»`,
        inn: completeInn10(String(770708300 + serial)),
        phones: [`+7 916 555-12-${String(serial).padStart(2, '0')}`],
        emails: [`olga${serial}@vector.ru`],
        amount: '350000',
        source: 'site',
        ...payload,
      },
    });
    expect(response.status).toBe(201);
    return response.body;
  };

  it('creates a lead with status new and refuses setting converted by hand', async () => {
    const lead = await createLead('managerA1');
    expect(lead.status).toBe('new');
    expect(lead.phones).toEqual([`+791655512${String(serial).padStart(2, '0')}`]);
    const qualified = await world().as('managerA1', { method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { status: 'qualified' } });
    expect(qualified.body.status).toBe('qualified');
    const byHand = await world().as('managerA1', { method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { status: 'converted' } });
    expect(byHand.status).toBe(400);
    expect(byHand.body.error.details[0].field).toBe('status');
    const badStatus = await world().as('managerA1', { method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { status: 'won' } });
    expect(badStatus.body.error.details[0].field).toBe('status');
  });

  it('converts a lead into a linked company, contact and deal, and only once', async () => {
    const lead = await createLead('managerA1');
    const converted = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: {} });
    expect(converted.status).toBe(200);
    const { company, contact, deal } = converted.body;
    expect(company).toMatchObject({ name: lead.companyName, inn: lead.inn, ownerId: world().users.managerA1.id });
    expect(contact).toMatchObject({ lastName: lead.lastName, firstName: 'Ольга', companyId: company.id, phones: lead.phones, emails: lead.emails });
    expect(deal).toMatchObject({ title: 'Заявка с сайта', amount: '350000.00', companyId: company.id, contactId: contact.id, leadId: lead.id, source: 'site' });
    expect(converted.body.lead).toMatchObject({ status: 'converted', convertedCompanyId: company.id, convertedContactId: contact.id, convertedDealId: deal.id });
    expect(converted.body.lead.convertedAt).not.toBeNull();
    const dealContacts = await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.id}/contacts` });
    expect(dealContacts.body.data.map((row: { id: string }) => row.id)).toEqual([contact.id]);
    const audit = await rows<{ action: string; meta: Record<string, unknown> }>(world().db, sql`select action, meta from audit_events where record_id = ${lead.id} order by id`);
    expect(audit.map((event) => event.action)).toEqual(['create', 'convert']);
    expect(audit[1].meta).toMatchObject({ companyId: company.id, contactId: contact.id, dealId: deal.id });
    const created = await rows<{ recordType: string }>(world().db, sql`select record_type as "recordType" from audit_events where action = 'create' and record_id in (${company.id}, ${contact.id}, ${deal.id}) order by record_type`);
    expect(created.map((event) => event.recordType)).toEqual(['company', 'contact', 'deal']);
    const again = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.details.dealId).toBe(deal.id);
  });

  it('links an existing company, skips the deal when asked, and puts a chosen deal stage', async () => {
    const company = (await world().as('managerA1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Уже есть' } })).body;
    const lead = await createLead('managerA1', { companyName: 'Уже есть', inn: null });
    const noDeal = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: { companyId: company.id, createDeal: false } });
    expect(noDeal.status).toBe(200);
    expect(noDeal.body.company.id).toBe(company.id);
    expect(noDeal.body.contact.companyId).toBe(company.id);
    expect(noDeal.body.deal).toBeNull();
    expect(noDeal.body.lead.convertedDealId).toBeNull();
    const pipelines = (await world().as('managerA1', { method: 'GET', url: '/api/v1/pipelines' })).body.data;
    const stage = pipelines[0].stages[2];
    const second = await createLead('managerA1', { companyName: null });
    const withStage = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${second.id}/convert`, payload: { deal: { title: 'Своё название', amount: 10, stageId: stage.id } } });
    expect(withStage.status).toBe(200);
    expect(withStage.body.company).toBeNull();
    expect(withStage.body.deal).toMatchObject({ title: 'Своё название', amount: '10.00', stageId: stage.id, companyId: null });
  });

  it('rolls the whole conversion back when one part is invalid', async () => {
    const other = await world().as('admin', { method: 'POST', url: '/api/v1/pipelines', payload: { name: 'Другая', stages: [{ name: 'Старт' }] } });
    const lead = await createLead('managerA1');
    const before = await counts(world());
    const invalidDeal = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: { deal: { stageId: other.body.stages[0].id } } });
    expect(invalidDeal.status).toBe(400);
    expect(invalidDeal.body.error.details[0].field).toBe('deal.stageId');
    expect(await counts(world())).toEqual(before);
    const unchanged = await world().as('managerA1', { method: 'GET', url: `/api/v1/leads/${lead.id}` });
    expect(unchanged.body.status).toBe('new');
    expect(unchanged.body.convertedCompanyId).toBeNull();
    const nameless = await createLead('managerA1', { firstName: null, lastName: null });
    const noName = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${nameless.id}/convert`, payload: { createContact: true } });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details[0].field).toBe('createContact');
    const beforeBadAmount = await counts(world());
    const badAmount = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: { deal: { amount: -5 } } });
    expect(badAmount.status).toBe(400);
    expect(badAmount.body.error.details[0].field).toBe('deal.amount');
    expect(await counts(world())).toEqual(beforeBadAmount);
  });

  it('warns about a company that already exists (409 with candidates, nothing written) and saves with force=true', async () => {
    const lead = await createLead('managerA1');
    const existing = (await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Тот же ИНН', inn: lead.inn } })).body;
    const before = await counts(world());
    const warned = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: {} });
    expect(warned.status).toBe(409);
    expect(warned.body.error.code).toBe('DUPLICATE_SUSPECTED');
    expect(warned.body.error.details.candidates.map((candidate: { id: string }) => candidate.id)).toContain(existing.id);
    expect(await counts(world())).toEqual(before);
    const forced = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert?force=true`, payload: {} });
    expect(forced.status).toBe(200);
    expect(forced.body.company.id).not.toBe(existing.id);
  });

  it('warns about a contact with a misspelt last name in the city, after checking the new company in the same transaction', async () => {
    // The company's name probe sets pg_trgm's threshold to 0.6 inside the conversion's transaction; the
    // contact's probe then looks up spellings of the last name at 0.3 ("черепонов" and "черепанов": 0.54).
    const existing = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Черепанов', firstName: 'Игорь', city: 'Псков' } });
    expect(existing.status).toBe(201);
    const lead = await world().as('admin', { method: 'POST', url: '/api/v1/leads', payload: { title: 'Заявка из Пскова', companyName: 'Новая Фирма Псков', city: 'Псков', lastName: 'Черепонов', firstName: 'Игорь' } });
    expect(lead.status).toBe(201);
    const warned = await world().as('admin', { method: 'POST', url: `/api/v1/leads/${lead.body.id}/convert`, payload: {} });
    expect(warned.status).toBe(409);
    expect(warned.body.error.details.candidates).toEqual([expect.objectContaining({ id: existing.body.id, type: 'contact', reasons: ['similar_name'] })]);
  });

  it('lets nobody convert a lead they may not change: a colleague gets 404, a read-only user 403', async () => {
    const lead = await createLead('managerA2');
    const before = await counts(world());
    const colleague = await world().as('managerA1', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: {} });
    expect(colleague.status).toBe(404);
    expect((await world().as('reader', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: {} })).status).toBe(403);
    expect(await counts(world())).toEqual(before);
    const byHead = await world().as('head', { method: 'POST', url: `/api/v1/leads/${lead.id}/convert`, payload: {} });
    expect(byHead.status).toBe(200);
    expect(byHead.body.deal.ownerId).toBe(world().users.managerA2.id);
    expect(byHead.body.contact.ownerId).toBe(world().users.managerA2.id);
    expect((await world().as('managerA2', { method: 'GET', url: `/api/v1/deals/${byHead.body.deal.id}` })).status).toBe(200);
  });
});
