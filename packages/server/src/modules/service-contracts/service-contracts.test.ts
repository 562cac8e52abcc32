import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function company(w: TestWorld, user: UserKey, name = `Клиент ${unique()}`): Promise<string> {
  const response = await w.as(user, { method: 'POST', url: '/api/v1/companies?force=true', payload: { name } });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

async function product(w: TestWorld, name = `Котёл ${unique()}`): Promise<string> {
  const response = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: `SKU-${unique()}`, name, price: '45000.00' } });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

async function contractCount(w: TestWorld): Promise<number> {
  const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from service_contracts where workspace_id = ${w.workspaceId}`);
  return Number(count);
}

describeWithWorld('service contracts', (world) => {
  it('creates a numbered contract with covered products and serial numbers, and refuses bad input naming the field with nothing written', async () => {
    const w = world();
    const customer = await company(w, 'managerA1');
    const boiler = await product(w);
    const serial = `SN-${unique()}`;
    const created = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/service_contracts',
      payload: { kind: 'warranty', companyId: customer, startDate: day(-30), endDate: day(335), serviceLevel: 'Gold', visitsIncluded: 2, items: [{ productId: boiler, serialNumber: serial }, { productId: boiler, quantity: 3 }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.number).toMatch(/^SC-\d{6}$/);
    expect(created.body).toMatchObject({ kind: 'warranty', status: 'active', state: 'active', serviceLevel: 'Gold', visitsIncluded: 2, visitsUsed: 0, ownerId: w.users.managerA1.id });
    expect(created.body.items).toHaveLength(2);
    expect(created.body.items[0]).toMatchObject({ productId: boiler, serialNumber: serial, quantity: '1.000' });
    expect(created.body.items[1]).toMatchObject({ productId: boiler, serialNumber: null, quantity: '3.000' });
    const id = created.body.id as string;

    const before = await contractCount(w);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ companyId: customer, startDate: day(10), endDate: day(0) }, 400, 'endDate'],
      [{ companyId: customer, startDate: day(0), endDate: day(10), items: [{ productId: '00000000-0000-4000-8000-000000000000' }] }, 400, 'items[0].productId'],
      [{ companyId: customer, startDate: day(0), endDate: day(10), items: [{ serialNumber: 'DUP-1' }, { serialNumber: 'dup-1' }] }, 400, 'items[1].serialNumber'],
      [{ companyId: customer, startDate: day(0), endDate: day(10), items: [{ productId: boiler }, { serialNumber: serial.toLowerCase() }] }, 409, 'items[1].serialNumber'],
      [{ companyId: customer, startDate: day(0), endDate: day(10), items: [{ quantity: 1 }] }, 400, 'items[0].productId'],
      [{ startDate: day(0), endDate: day(10) }, 400, 'companyId'],
      [{ companyId: await company(w, 'managerB1'), startDate: day(0), endDate: day(10) }, 400, 'companyId'],
      [{ companyId: customer, startDate: '2026-02-30', endDate: day(10) }, 400, 'startDate'],
      [{ companyId: customer, startDate: day(0), endDate: day(10), kind: 'lifetime' }, 400, 'kind'],
      [{ companyId: customer, startDate: day(0), endDate: day(10), visitsIncluded: -1 }, 400, 'visitsIncluded'],
      [{ companyId: customer, startDate: day(0), endDate: day(10), number: created.body.number }, 409, 'number'],
    ];
    for (const [payload, status, field] of cases) {
      const response = await w.as('managerA1', { method: 'POST', url: '/api/v1/service_contracts', payload });
      expect(response.status, `${field}: ${JSON.stringify(response.body)}`).toBe(status);
      expect(response.body.error.details[0].field).toBe(field);
    }
    expect(await contractCount(w)).toBe(before);

    // A terminated contract's units may be covered again; a draft covers nothing and does not clash.
    const draft = await w.as('managerA1', { method: 'POST', url: '/api/v1/service_contracts', payload: { companyId: customer, startDate: day(0), endDate: day(10), status: 'draft', items: [{ serialNumber: serial }] } });
    expect(draft.status).toBe(201);
    expect(draft.body.state).toBe('draft');
    // Activating it now clashes with the first contract's serial number (the stored items are checked again).
    const activate = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/service_contracts/${draft.body.id}`, payload: { status: 'active' } });
    expect(activate.status).toBe(409);
    expect(activate.body.error.details[0].field).toBe('items[0].serialNumber');

    // PATCH with only items replaces them, and the change is on the contract's timeline.
    const replaced = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/service_contracts/${id}`, payload: { items: [{ serialNumber: `${serial}-B` }] } });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.items.map((item: { serialNumber: string }) => item.serialNumber)).toEqual([`${serial}-B`]);
    const bad = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/service_contracts/${id}`, payload: { endDate: day(-60) } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('endDate');
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/service_contracts/${id}/timeline` });
    expect(timeline.status).toBe(200);
    const audits = timeline.body.data.filter((item: { kind: string }) => item.kind === 'audit');
    expect(audits.some((item: { data: { changes: Record<string, unknown> } }) => item.data.changes?.items)).toBe(true);
    const expired = await w.as('managerA1', { method: 'POST', url: '/api/v1/service_contracts', payload: { companyId: customer, startDate: day(-400), endDate: day(-35) } });
    expect(expired.body.state).toBe('expired');
    const pending = await w.as('managerA1', { method: 'POST', url: '/api/v1/service_contracts', payload: { companyId: customer, startDate: day(30), endDate: day(60) } });
    expect(pending.body.state).toBe('pending');
    // Related list of the company.
    const related = await w.as('managerA1', { method: 'GET', url: `/api/v1/companies/${customer}/service_contracts` });
    expect(related.status).toBe(200);
    expect(related.body.data.map((row: { id: string }) => row.id)).toContain(id);
  });

  it('shows a manager only their own contracts: another manager gets 404 on get, timeline, coverage and finds nothing by search or list', async () => {
    const w = world();
    const customer = await company(w, 'managerA1');
    const number = `SC-R${unique()}`;
    const created = await w.as('managerA1', { method: 'POST', url: '/api/v1/service_contracts', payload: { number, companyId: customer, startDate: day(-1), endDate: day(100), items: [{ serialNumber: `RS-${unique()}` }] } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const url of [`/api/v1/service_contracts/${id}`, `/api/v1/service_contracts/${id}/timeline`, `/api/v1/service_contracts/${id}/coverage?serialNumber=x`]) {
      expect((await w.as('managerA2', { method: 'GET', url })).status, url).toBe(404);
      expect((await w.as('managerA1', { method: 'GET', url })).status, url).toBe(200);
      expect((await w.as('head', { method: 'GET', url })).status, url).toBe(200);
    }
    expect((await w.as('managerA2', { method: 'PATCH', url: `/api/v1/service_contracts/${id}`, payload: { notes: 'x' } })).status).toBe(404);
    const search = await w.as('managerA2', { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(number)}&types=service_contracts` });
    expect(search.status).toBe(200);
    expect(search.body.data.some((hit: { id: string }) => hit.id === id)).toBe(false);
    const found = await w.as('managerA1', { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(number)}&types=service_contracts` });
    expect(found.body.data.some((hit: { id: string; type: string }) => hit.id === id && hit.type === 'service_contract')).toBe(true);
    const list = await w.as('managerA2', { method: 'GET', url: '/api/v1/service_contracts?limit=200' });
    expect(list.body.data.some((row: { id: string }) => row.id === id)).toBe(false);
    const reader = await w.as('reader', { method: 'POST', url: '/api/v1/service_contracts', payload: { companyId: customer, startDate: day(0), endDate: day(1) } });
    expect(reader.status).toBe(403);
  });

  it('checks a case’s coverage by serial number and by product at the case’s date, links the covering contract and gives its service level as SLA tier', async () => {
    const w = world();
    const tier = `Gold${unique()}`;
    const policy = await w.as('admin', { method: 'POST', url: '/api/v1/sla-policies', payload: { name: `Contract ${tier}`, tiers: [tier], firstResponseMinutes: 60, resolutionMinutes: 480 } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const customer = await company(w, 'managerA1');
    const boiler = await product(w);
    const pump = await product(w, `Насос ${unique()}`);
    const serial = `CV-${unique()}`;
    const contract = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/service_contracts',
      payload: { kind: 'service', companyId: customer, startDate: day(-10), endDate: day(200), serviceLevel: tier, items: [{ productId: boiler, serialNumber: serial }, { productId: pump }] },
    });
    expect(contract.status).toBe(201);
    const contractId = contract.body.id as string;

    const bySerial = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Котёл не греет', companyId: customer, serialNumber: serial } });
    expect(bySerial.status, JSON.stringify(bySerial.body)).toBe(201);
    expect(bySerial.body.contractId).toBe(contractId);
    expect(bySerial.body.slaPolicyId).toBe(policy.body.id);
    expect(bySerial.body.resolutionDueAt).not.toBeNull();
    const coverage = await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${bySerial.body.id}/coverage` });
    expect(coverage.status).toBe(200);
    expect(coverage.body).toMatchObject({ status: 'covered', matchedBy: 'serial', hidden: false, contract: { id: contractId, number: contract.body.number, serviceLevel: tier, state: 'active' } });

    const byProduct = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Насос шумит', companyId: customer, productId: pump } });
    expect(byProduct.body.contractId).toBe(contractId);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${byProduct.body.id}/coverage` })).body).toMatchObject({ status: 'covered', matchedBy: 'product' });

    // Another unit of the boiler (its serial is not covered) and a product outside the contract: not covered, no tier.
    const otherUnit = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Другой котёл', companyId: customer, productId: boiler, serialNumber: `${serial}-X` } });
    expect(otherUnit.body.contractId).toBeNull();
    expect(otherUnit.body.slaPolicyId).toBeNull();
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${otherUnit.body.id}/coverage` })).body).toMatchObject({ status: 'not_covered', contract: null, hidden: false });
    // Another customer with the same serial number is not covered by this customer's contract.
    const stranger = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Чужой', companyId: await company(w, 'managerA1'), serialNumber: serial } });
    expect(stranger.body.contractId).toBeNull();

    // Giving the serial number later links the contract and applies its tier.
    const later = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/cases/${otherUnit.body.id}`, payload: { serialNumber: serial } });
    expect(later.body).toMatchObject({ contractId, slaPolicyId: policy.body.id });

    // An expired contract: the case shows it as expired.
    const oldCustomer = await company(w, 'managerA1');
    const old = await w.as('managerA1', { method: 'POST', url: '/api/v1/service_contracts', payload: { kind: 'warranty', companyId: oldCustomer, startDate: day(-800), endDate: day(-70), items: [{ serialNumber: serial }] } });
    expect(old.status).toBe(201);
    const expiredCase = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Гарантия кончилась', companyId: oldCustomer, serialNumber: serial } });
    expect(expiredCase.body.contractId).toBeNull();
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${expiredCase.body.id}/coverage` })).body).toMatchObject({ status: 'expired', contract: { id: old.body.id, state: 'expired' } });

    // A contract the agent may not open still covers the customer's case, but is not shown.
    const headContract = await w.as('head', { method: 'POST', url: '/api/v1/service_contracts', payload: { companyId: oldCustomer, startDate: day(-5), endDate: day(5) } });
    expect(headContract.status).toBe(201);
    const hiddenCase = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Общий договор', companyId: oldCustomer } });
    expect(hiddenCase.body.contractId).toBe(headContract.body.id);
    const hidden = await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${hiddenCase.body.id}/coverage` });
    expect(hidden.body).toMatchObject({ status: 'covered', matchedBy: 'customer', contract: null, hidden: true });
    expect(JSON.stringify(hidden.body)).not.toContain(headContract.body.number);
    // Choosing a contract by hand: one the agent cannot see, or another customer's, is refused naming contractId.
    const foreign = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'x', companyId: oldCustomer, contractId: headContract.body.id } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].field).toBe('contractId');
    const wrongCustomer = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'x', companyId: oldCustomer, contractId } });
    expect(wrongCustomer.status).toBe(400);
    expect(wrongCustomer.body.error.details[0].field).toBe('contractId');
    // The coverage of a case the actor cannot read is 404.
    expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/cases/${bySerial.body.id}/coverage` })).status).toBe(404);
    // A contract's own coverage check.
    const check = await w.as('managerA1', { method: 'GET', url: `/api/v1/service_contracts/${contractId}/coverage?serialNumber=${encodeURIComponent(serial)}&date=${day(300)}` });
    expect(check.body.status).toBe('expired');
    const missing = await w.as('managerA1', { method: 'GET', url: `/api/v1/service_contracts/${contractId}/coverage` });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('serialNumber');
  });

  it('schedules field visits on the technician’s calendar and the case timeline, counts them against the contract, and marks them done with materials and time', async () => {
    const w = world();
    const customer = await company(w, 'managerA1');
    const serial = `FV-${unique()}`;
    const filter = await product(w, `Фильтр ${unique()}`);
    const contract = await w.as('managerA1', { method: 'POST', url: '/api/v1/service_contracts', payload: { companyId: customer, startDate: day(-1), endDate: day(100), visitsIncluded: 1, items: [{ serialNumber: serial }] } });
    const opened = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Нужен выезд', companyId: customer, serialNumber: serial } });
    const caseId = opened.body.id as string;
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(7, 0, 0, 0);
    const end = new Date(start.getTime() + 2 * 3_600_000);
    const url = `/api/v1/cases/${caseId}/visits`;

    for (const [payload, field] of [
      [{ technicianId: w.users.managerA2.id, scheduledStart: end.toISOString(), scheduledEnd: start.toISOString() }, 'scheduledEnd'],
      [{ technicianId: '00000000-0000-4000-8000-000000000000', scheduledStart: start.toISOString(), scheduledEnd: end.toISOString() }, 'technicianId'],
      [{ technicianId: w.users.managerA2.id, scheduledStart: '2026-12-01 10:00', scheduledEnd: end.toISOString() }, 'scheduledStart'],
    ] as const) {
      const response = await w.as('managerA1', { method: 'POST', url, payload });
      expect(response.status, field).toBe(400);
      expect(response.body.error.details[0].field).toBe(field);
    }
    const visit = await w.as('managerA1', { method: 'POST', url, payload: { technicianId: w.users.managerA2.id, scheduledStart: start.toISOString(), scheduledEnd: end.toISOString(), address: 'Москва, Тверская 1' } });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    expect(visit.body).toMatchObject({ status: 'planned', contractId: contract.body.id, includedInContract: true, technicianId: w.users.managerA2.id, technicianName: 'Мария Менеджер' });
    expect(visit.body.activityId).toBeTruthy();

    // On the technician's personal calendar and the team calendar of the head, as a meeting linked to the case.
    const range = `from=${encodeURIComponent(new Date(start.getTime() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(end.getTime() + 86_400_000).toISOString())}`;
    const mine = await w.as('managerA2', { method: 'GET', url: `/api/v1/calendar?${range}&scope=me` });
    expect(mine.status).toBe(200);
    const meeting = mine.body.items.find((item: { id: string }) => item.id === visit.body.activityId);
    expect(meeting).toMatchObject({ type: 'meeting', recordType: 'case', recordId: caseId, ownerId: w.users.managerA2.id });
    expect(Date.parse(meeting.start)).toBe(start.getTime());
    const team = await w.as('head', { method: 'GET', url: `/api/v1/calendar?${range}&scope=team` });
    expect(team.body.items.some((item: { id: string }) => item.id === visit.body.activityId)).toBe(true);
    // The contract counts it; a second visit is over the included number.
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/service_contracts/${contract.body.id}` })).body.visitsUsed).toBe(1);
    const second = await w.as('managerA1', { method: 'POST', url, payload: { technicianId: w.users.managerA1.id, scheduledStart: end.toISOString(), scheduledEnd: new Date(end.getTime() + 3_600_000).toISOString() } });
    expect(second.body.includedInContract).toBe(false);

    const visitUrl = `${url}/${visit.body.id}`;
    const noTime = await w.as('managerA1', { method: 'PATCH', url: visitUrl, payload: { status: 'done' } });
    expect(noTime.status).toBe(400);
    expect(noTime.body.error.details[0].field).toBe('timeSpentMinutes');
    const badMaterial = await w.as('managerA1', { method: 'PATCH', url: visitUrl, payload: { status: 'done', timeSpentMinutes: 90, materials: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] } });
    expect(badMaterial.status).toBe(400);
    expect(badMaterial.body.error.details[0].field).toBe('materials[0].productId');
    const badQuantity = await w.as('managerA1', { method: 'PATCH', url: visitUrl, payload: { materials: [{ productId: filter, quantity: 0 }] } });
    expect(badQuantity.status).toBe(400);
    expect(badQuantity.body.error.details[0].field).toBe('materials[0].quantity');
    expect((await w.as('managerA1', { method: 'GET', url })).body.data.find((row: { id: string }) => row.id === visit.body.id)).toMatchObject({ status: 'planned', materials: [] });
    const done = await w.as('managerA1', { method: 'PATCH', url: visitUrl, payload: { status: 'done', timeSpentMinutes: 90, materials: [{ productId: filter, quantity: 2 }] } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', timeSpentMinutes: 90 });
    expect(done.body.completedAt).not.toBeNull();
    expect(done.body.materials).toEqual([expect.objectContaining({ productId: filter, quantity: '2.000' })]);
    const back = await w.as('managerA1', { method: 'PATCH', url: visitUrl, payload: { status: 'planned' } });
    expect(back.status).toBe(409);
    expect(back.body.error.details[0].field).toBe('status');
    const [activity] = await rows<{ outcome: string; durationSec: number; body: string }>(w.db, sql`select outcome, duration_sec as "durationSec", body from activities where id = ${visit.body.activityId}::uuid`);
    expect(activity).toMatchObject({ outcome: 'done', durationSec: 5400 });
    expect(activity.body).toContain('Фильтр');

    // On the case timeline: the meeting and the visit's history.
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` });
    expect(timeline.body.data.some((item: { kind: string; id: string }) => item.kind === 'activity' && item.id === visit.body.activityId)).toBe(true);
    expect(timeline.body.data.some((item: { kind: string; data: { changes?: Record<string, unknown> } }) => item.kind === 'audit' && item.data.changes?.['visit.status'])).toBe(true);

    // Cancelling the second visit takes it off the calendar.
    const cancelled = await w.as('managerA1', { method: 'PATCH', url: `${url}/${second.body.id}`, payload: { status: 'cancelled' } });
    expect(cancelled.body.status).toBe('cancelled');
    const afterCancel = await w.as('managerA1', { method: 'GET', url: `/api/v1/calendar?${range}&scope=me` });
    expect(afterCancel.body.items.some((item: { id: string }) => item.id === second.body.activityId)).toBe(false);

    // Rights: another manager cannot see the case's visits or schedule one; the reader sees but may not change.
    expect((await w.as('managerB1', { method: 'GET', url })).status).toBe(404);
    expect((await w.as('managerB1', { method: 'POST', url, payload: { technicianId: w.users.managerB1.id, scheduledStart: start.toISOString(), scheduledEnd: end.toISOString() } })).status).toBe(404);
    expect((await w.as('reader', { method: 'GET', url })).status).toBe(200);
    expect((await w.as('reader', { method: 'POST', url, payload: { technicianId: w.users.reader.id, scheduledStart: start.toISOString(), scheduledEnd: end.toISOString() } })).status).toBe(403);
    expect((await w.as('managerA1', { method: 'PATCH', url: `${url}/00000000-0000-4000-8000-000000000000`, payload: { notes: 'x' } })).status).toBe(404);
  });
});
