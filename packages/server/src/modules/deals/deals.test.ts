import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';

interface Stage {
  id: string;
  name: string;
  kind: string;
}

async function defaultPipeline(world: TestWorld): Promise<{ id: string; stages: Stage[] }> {
  const list = await world.as('admin', { method: 'GET', url: '/api/v1/pipelines' });
  return list.body.data.find((pipeline: { isDefault: boolean }) => pipeline.isDefault);
}

describeWithWorld('deals API', (world) => {
  it('puts a new deal in the default pipeline’s first stage and records it in the stage history', async () => {
    const pipeline = await defaultPipeline(world());
    const created = await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Поставка 100 ноутбуков', amount: '1250000.50' } });
    expect(created.status).toBe(201);
    expect(created.body.pipelineId).toBe(pipeline.id);
    expect(created.body.stageId).toBe(pipeline.stages[0].id);
    expect(created.body.stageName).toBe(pipeline.stages[0].name);
    expect(created.body.amount).toBe('1250000.50');
    expect(created.body.closedAt).toBeNull();
    const history = await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${created.body.id}/stage-history` });
    expect(history.body.data).toEqual([expect.objectContaining({ fromStageId: null, toStageId: pipeline.stages[0].id, actorId: world().users.managerA1.id, leftAt: null })]);
  });

  it('refuses a stage of another pipeline and an unknown pipeline, naming the field, and writes nothing', async () => {
    const other = await world().as('admin', { method: 'POST', url: '/api/v1/pipelines', payload: { name: 'Другая', stages: [{ name: 'Старт' }, { name: 'Финиш', kind: 'won' }] } });
    const before = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from deals`);
    const foreignStage = await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'X', stageId: other.body.stages[0].id } });
    expect(foreignStage.status).toBe(400);
    expect(foreignStage.body.error.details[0].field).toBe('stageId');
    const unknownPipeline = await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'X', pipelineId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknownPipeline.status).toBe(400);
    expect(unknownPipeline.body.error.details[0].field).toBe('pipelineId');
    const after = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from deals`);
    expect(after[0].n).toBe(before[0].n);
    const inOther = await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Во второй воронке', pipelineId: other.body.id } });
    expect(inOther.body.stageId).toBe(other.body.stages[0].id);
    const moveAcross = await world().as('managerA1', { method: 'PATCH', url: `/api/v1/deals/${inOther.body.id}`, payload: { stageId: (await defaultPipeline(world())).stages[1].id } });
    expect(moveAcross.status).toBe(400);
    expect(moveAcross.body.error.details[0].field).toBe('stageId');
  });

  it('moves through stages: history, stage_entered_at, stage_change audit, closedAt on won/lost, lostReason required', async () => {
    const { stages } = await defaultPipeline(world());
    const won = stages.find((stage) => stage.kind === 'won')!;
    const lost = stages.find((stage) => stage.kind === 'lost')!;
    const deal = (await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Канбан' } })).body;
    const moved = await world().as('managerA1', { method: 'POST', url: `/api/v1/deals/${deal.id}/move`, payload: { stageId: stages[2].id } });
    expect(moved.status).toBe(200);
    expect(moved.body.stageId).toBe(stages[2].id);
    expect(Date.parse(moved.body.stageEnteredAt)).toBeGreaterThan(Date.parse(deal.stageEnteredAt));
    const lostWithoutReason = await world().as('managerA1', { method: 'POST', url: `/api/v1/deals/${deal.id}/move`, payload: { stageId: lost.id } });
    expect(lostWithoutReason.status).toBe(400);
    expect(lostWithoutReason.body.error.details).toEqual([expect.objectContaining({ field: 'lostReasonId' })]);
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.id}` })).body.stageId).toBe(stages[2].id);
    const lostDeal = await world().as('managerA1', { method: 'POST', url: `/api/v1/deals/${deal.id}/move`, payload: { stageId: lost.id, lostReason: 'Дорого' } });
    expect(lostDeal.status).toBe(200);
    expect(lostDeal.body.lostReason).toBe('Дорого');
    expect(lostDeal.body.closedAt).not.toBeNull();
    const clearReason = await world().as('managerA1', { method: 'PATCH', url: `/api/v1/deals/${deal.id}`, payload: { lostReason: null } });
    expect(clearReason.status).toBe(400);
    const reopened = await world().as('managerA1', { method: 'PATCH', url: `/api/v1/deals/${deal.id}`, payload: { stageId: stages[1].id } });
    expect(reopened.status).toBe(200);
    expect(reopened.body.closedAt).toBeNull();
    expect(reopened.body.lostReason).toBeNull();
    const wonDeal = await world().as('managerA1', { method: 'POST', url: `/api/v1/deals/${deal.id}/move`, payload: { stageId: won.id } });
    expect(wonDeal.body.stageKind).toBe('won');
    expect(wonDeal.body.closedAt).not.toBeNull();
    const history = await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.id}/stage-history` });
    expect(history.body.data.map((row: { toStageId: string }) => row.toStageId)).toEqual([stages[0].id, stages[2].id, lost.id, stages[1].id, won.id]);
    expect(history.body.data[1].fromStageId).toBe(stages[0].id);
    expect(history.body.data[0].leftAt).toBe(history.body.data[1].enteredAt);
    const audit = await rows<{ changes: { stageId: { from: string; to: string } } }>(world().db, sql`select changes from audit_events where record_id = ${deal.id} and action = 'stage_change' order by id`);
    expect(audit.map((event) => event.changes.stageId.to)).toEqual([stages[2].id, lost.id, stages[1].id, won.id]);
  });

  it('moves a deal to another pipeline’s first open stage, and bulk-creates deals with the same defaults', async () => {
    const other = (await world().as('admin', { method: 'POST', url: '/api/v1/pipelines', payload: { name: 'Переезд', stages: [{ name: 'Won', kind: 'won' }, { name: 'Open' }] } })).body;
    const deal = (await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Переезжает' } })).body;
    const moved = await world().as('managerA1', { method: 'PATCH', url: `/api/v1/deals/${deal.id}`, payload: { pipelineId: other.id } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ pipelineId: other.id, stageId: other.stages[1].id, stageKind: 'open' });
    const bulk = await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { records: [{ title: 'B1' }, { title: 'B2', pipelineId: other.id, stageId: other.stages[0].id }] } });
    expect(bulk.status).toBe(201);
    expect(bulk.body.data.map((row: { stageKind: string; closedAt: string | null }) => [row.stageKind, row.closedAt !== null])).toEqual([['open', false], ['won', true]]);
    const won = await world().as('managerA1', { method: 'GET', url: `/api/v1/deals?filter[stageKind][eq]=won&filter[pipelineId][eq]=${other.id}` });
    expect(won.body.data.map((row: { title: string }) => row.title)).toEqual(['B2']);
    const history = await rows(world().db, sql`select 1 from deal_stage_history where deal_id = ${bulk.body.data[1].id}`);
    expect(history).toHaveLength(1);
  });

  it('hides a colleague’s deal from a sales manager (404 on read, move and history)', async () => {
    const { stages } = await defaultPipeline(world());
    const deal = (await world().as('managerA2', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Чужая' } })).body;
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.id}` })).status).toBe(404);
    expect((await world().as('managerA1', { method: 'POST', url: `/api/v1/deals/${deal.id}/move`, payload: { stageId: stages[1].id } })).status).toBe(404);
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.id}/stage-history` })).status).toBe(404);
    expect((await world().as('reader', { method: 'POST', url: `/api/v1/deals/${deal.id}/move`, payload: { stageId: stages[1].id } })).status).toBe(403);
    expect((await world().as('head', { method: 'POST', url: `/api/v1/deals/${deal.id}/move`, payload: { stageId: stages[1].id } })).status).toBe(200);
  });

  it('links contacts to a deal and unlinks them, the primary contact first', async () => {
    const primary = (await world().as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Иванов', firstName: 'Иван' } })).body;
    const second = (await world().as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Андреев' } })).body;
    const foreign = (await world().as('managerB1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Чужой' } })).body;
    const deal = (await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'С контактами', contactId: primary.id } })).body;
    const added = await world().as('managerA1', { method: 'POST', url: `/api/v1/deals/${deal.id}/contacts`, payload: { contactId: second.id, role: 'ЛПР' } });
    expect(added.status).toBe(200);
    expect(added.body.data.map((row: { id: string; isPrimary: boolean; role: string | null }) => [row.id, row.isPrimary, row.role])).toEqual([
      [primary.id, true, null],
      [second.id, false, 'ЛПР'],
    ]);
    const invisible = await world().as('managerA1', { method: 'POST', url: `/api/v1/deals/${deal.id}/contacts`, payload: { contactId: foreign.id } });
    expect(invisible.status).toBe(400);
    expect(invisible.body.error.details[0].field).toBe('contactId');
    const removed = await world().as('managerA1', { method: 'DELETE', url: `/api/v1/deals/${deal.id}/contacts/${primary.id}` });
    expect(removed.body.data.map((row: { id: string }) => row.id)).toEqual([second.id]);
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.id}` })).body.contactId).toBeNull();
    const list = await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.id}/contacts` });
    expect(list.body.data).toHaveLength(1);
  });

  it('replaces product lines with default prices and discounts, and recomputes the deal amount', async () => {
    const [laptop, mouse] = await rows<{ id: string }>(
      world().db,
      sql`insert into products (workspace_id, sku, name, price) values (${world().workspaceId}, 'NB-1', 'Ноутбук', 1000.00), (${world().workspaceId}, 'MS-1', 'Мышь', 25.50) returning id`,
    );
    const deal = (await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'С товарами', amount: 1 } })).body;
    const put = await world().as('managerA1', {
      method: 'PUT',
      url: `/api/v1/deals/${deal.id}/products`,
      payload: { lines: [{ productId: laptop.id, quantity: 3, discountPercent: 10 }, { productId: mouse.id, quantity: '2', price: '20' }] },
    });
    expect(put.status).toBe(200);
    expect(put.body.lines.map((line: { productName: string; price: string; amount: string }) => [line.productName, Number(line.price), Number(line.amount)])).toEqual([
      ['Мышь', 20, 40],
      ['Ноутбук', 1000, 2700],
    ]);
    expect(put.body.total).toBe('2740.00');
    expect(put.body.dealAmount).toBe('2740.00');
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.id}` })).body.amount).toBe('2740.00');
    const badProduct = await world().as('managerA1', { method: 'PUT', url: `/api/v1/deals/${deal.id}/products`, payload: { lines: [{ productId: laptop.id, quantity: 1 }, { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] } });
    expect(badProduct.status).toBe(400);
    expect(badProduct.body.error.details[0].field).toBe('lines[1].productId');
    const badQuantity = await world().as('managerA1', { method: 'PUT', url: `/api/v1/deals/${deal.id}/products`, payload: { lines: [{ productId: laptop.id, quantity: 0 }] } });
    expect(badQuantity.body.error.details[0].field).toBe('lines[0].quantity');
    const read = await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.id}/products` });
    expect(read.body.lines).toHaveLength(2);
    const audit = await rows<{ changes: Record<string, unknown> }>(world().db, sql`select changes from audit_events where record_id = ${deal.id} and action = 'update' order by id`);
    expect(audit.map((event) => Object.keys(event.changes))).toEqual([['products'], ['amount']]);
  });
});
