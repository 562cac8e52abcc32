import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';

interface Stage {
  id: string;
  kind: string;
}
interface Reason {
  id: string;
  key: string | null;
  label: string;
  isOther: boolean;
  archived: boolean;
}

async function defaultPipeline(world: TestWorld): Promise<{ id: string; stages: Stage[] }> {
  const list = await world.as('admin', { method: 'GET', url: '/api/v1/pipelines' });
  return list.body.data.find((pipeline: { isDefault: boolean }) => pipeline.isDefault);
}

async function reasonsOf(world: TestWorld, pipelineId: string, includeArchived = false): Promise<Reason[]> {
  const list = await world.as('managerA1', { method: 'GET', url: `/api/v1/pipelines/${pipelineId}/lost-reasons${includeArchived ? '?includeArchived=true' : ''}` });
  expect(list.status).toBe(200);
  return list.body.data;
}

async function loseDeal(world: TestWorld, user: UserKey, title: string, amount: string, payload: Record<string, unknown>) {
  const { stages } = await defaultPipeline(world);
  const lost = stages.find((stage) => stage.kind === 'lost')!;
  const deal = (await world.as(user, { method: 'POST', url: '/api/v1/deals', payload: { title, amount } })).body;
  return world.as(user, { method: 'POST', url: `/api/v1/deals/${deal.id}/move`, payload: { stageId: lost.id, ...payload } });
}

describeWithWorld('lost reasons API', (world) => {
  it('gives every new pipeline the default reasons, "other" last, with keys for translation', async () => {
    const pipeline = await defaultPipeline(world());
    const reasons = await reasonsOf(world(), pipeline.id);
    expect(reasons.map((reason) => reason.label)).toEqual(['Дорого', 'Выбрали конкурента', 'Нет бюджета', 'Не дозвонились', 'Отложили решение', 'Другое']);
    expect(reasons.map((reason) => reason.key)).toEqual(['expensive', 'competitor', 'noBudget', 'unreachable', 'postponed', 'other']);
    expect(reasons.filter((reason) => reason.isOther).map((reason) => reason.key)).toEqual(['other']);
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/pipelines', payload: { name: 'Тендеры', stages: [{ name: 'Заявка' }, { name: 'Проигран', kind: 'lost' }] } });
    expect((await reasonsOf(world(), created.body.id)).length).toBe(6);
  });

  it('lets admins add, rename, reorder, archive and restore reasons; managers may only read', async () => {
    const pipeline = await defaultPipeline(world());
    const denied = await world().as('managerA1', { method: 'POST', url: `/api/v1/pipelines/${pipeline.id}/lost-reasons`, payload: { label: 'Сроки' } });
    expect(denied.status).toBe(403);
    const empty = await world().as('admin', { method: 'POST', url: `/api/v1/pipelines/${pipeline.id}/lost-reasons`, payload: { label: '  ' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].field).toBe('label');
    const duplicate = await world().as('admin', { method: 'POST', url: `/api/v1/pipelines/${pipeline.id}/lost-reasons`, payload: { label: 'дорого' } });
    expect(duplicate.status).toBe(400);
    const added = await world().as('admin', { method: 'POST', url: `/api/v1/pipelines/${pipeline.id}/lost-reasons`, payload: { label: 'Не устроили сроки' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ label: 'Не устроили сроки', key: null, isOther: false, archived: false });
    const all = await reasonsOf(world(), pipeline.id);
    expect(all.at(-1)!.id).toBe(added.body.id);
    const renamed = await world().as('admin', { method: 'PATCH', url: `/api/v1/lost-reasons/${all[0].id}`, payload: { label: 'Слишком дорого' } });
    expect(renamed.body).toMatchObject({ label: 'Слишком дорого', key: null });
    const order = [added.body.id, ...all.filter((reason) => reason.id !== added.body.id).map((reason) => reason.id)];
    const reordered = await world().as('admin', { method: 'PUT', url: `/api/v1/pipelines/${pipeline.id}/lost-reasons/order`, payload: { ids: order } });
    expect(reordered.status).toBe(200);
    expect(reordered.body.data.map((reason: Reason) => reason.id)).toEqual(order);
    const partial = await world().as('admin', { method: 'PUT', url: `/api/v1/pipelines/${pipeline.id}/lost-reasons/order`, payload: { ids: order.slice(1) } });
    expect(partial.status).toBe(400);
    expect(partial.body.error.details[0].field).toBe('ids');
    const archived = await world().as('admin', { method: 'PATCH', url: `/api/v1/lost-reasons/${added.body.id}`, payload: { archived: true } });
    expect(archived.body.archived).toBe(true);
    expect((await reasonsOf(world(), pipeline.id)).some((reason) => reason.id === added.body.id)).toBe(false);
    expect((await reasonsOf(world(), pipeline.id, true)).some((reason) => reason.id === added.body.id)).toBe(true);
    const refused = await loseDeal(world(), 'managerA1', 'Архивная причина', '10', { lostReasonId: added.body.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('lostReasonId');
    const restored = await world().as('admin', { method: 'PATCH', url: `/api/v1/lost-reasons/${added.body.id}`, payload: { archived: false } });
    expect(restored.body.archived).toBe(false);
    const audit = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from audit_events where record_type = 'lost_reason' and record_id = ${added.body.id}`);
    expect(audit[0].n).toBe(3);
  });

  it('refuses an unknown reason, a reason of another pipeline and "other" without a comment, naming the field, and writes nothing', async () => {
    const pipeline = await defaultPipeline(world());
    const other = await world().as('admin', { method: 'POST', url: '/api/v1/pipelines', payload: { name: 'Опт', stages: [{ name: 'Старт' }, { name: 'Проигран', kind: 'lost' }] } });
    const foreign = (await reasonsOf(world(), other.body.id))[0];
    const ours = await reasonsOf(world(), pipeline.id);
    const unknown = await loseDeal(world(), 'managerA1', 'Неизвестная', '10', { lostReasonId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('lostReasonId');
    const notUuid = await loseDeal(world(), 'managerA1', 'Не UUID', '10', { lostReasonId: 'дорого' });
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error.details[0].field).toBe('lostReasonId');
    const crossed = await loseDeal(world(), 'managerA1', 'Чужая воронка', '10', { lostReasonId: foreign.id });
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.details[0].field).toBe('lostReasonId');
    const otherReason = ours.find((reason) => reason.isOther)!;
    const noComment = await loseDeal(world(), 'managerA1', 'Другое без комментария', '10', { lostReasonId: otherReason.id, lostReason: ' ' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.details[0].field).toBe('lostReason');
    const lostDeals = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from deals d join stages s on s.id = d.stage_id where s.kind = 'lost'`);
    expect(lostDeals[0].n).toBe(0);
    const withComment = await loseDeal(world(), 'managerA1', 'Другое с комментарием', '10', { lostReasonId: otherReason.id, lostReason: 'Закрыли направление' });
    expect(withComment.status).toBe(200);
    expect(withComment.body).toMatchObject({ lostReasonId: otherReason.id, lostReasonKey: 'other', lostReasonLabel: 'Другое', lostReason: 'Закрыли направление' });
    const reopened = await world().as('managerA1', { method: 'PATCH', url: `/api/v1/deals/${withComment.body.id}`, payload: { stageId: (await defaultPipeline(world())).stages[0].id } });
    expect(reopened.body).toMatchObject({ lostReasonId: null, lostReason: null });
  });

  it('reports count and amount per reason over the deals the viewer may read, legacy text apart, with drill-down filters', async () => {
    const pipeline = await defaultPipeline(world());
    const reasons = await reasonsOf(world(), pipeline.id);
    const [expensive, competitor] = reasons;
    expect((await loseDeal(world(), 'managerA1', 'Дорогой А1', '1000.50', { lostReasonId: expensive.id })).status).toBe(200);
    expect((await loseDeal(world(), 'managerA2', 'Дорогой А2', '500', { lostReasonId: expensive.id })).status).toBe(200);
    expect((await loseDeal(world(), 'managerB1', 'Конкурент Б1', '700', { lostReasonId: competitor.id })).status).toBe(200);
    const legacy = await loseDeal(world(), 'managerA1', 'Старый текст', '300', { lostReason: 'Не вышли на ЛПР' });
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ lostReasonId: null, lostReason: 'Не вышли на ЛПР' });

    const admin = await world().as('admin', { method: 'GET', url: `/api/v1/analyses/lost-reasons?pipelineId=${pipeline.id}` });
    expect(admin.status).toBe(200);
    expect(admin.body.totals).toEqual({ count: 4, amount: '2500.50' });
    expect(admin.body.reasons.map((row: { reasonId: string | null; count: number; amount: string }) => [row.reasonId, row.count, row.amount])).toEqual([
      [expensive.id, 2, '1500.50'],
      [competitor.id, 1, '700.00'],
      [null, 1, '300.00'],
    ]);
    const teamB = await world().as('admin', { method: 'GET', url: `/api/v1/analyses/lost-reasons?teamId=${world().teams.b}` });
    expect(teamB.body.reasons.map((row: { reasonId: string }) => row.reasonId)).toEqual([competitor.id]);
    const manager = await world().as('managerA1', { method: 'GET', url: '/api/v1/analyses/lost-reasons' });
    expect(manager.body.reasons.map((row: { reasonId: string | null; count: number }) => [row.reasonId, row.count])).toEqual([[expensive.id, 1], [null, 1]]);
    const future = await world().as('admin', { method: 'GET', url: '/api/v1/analyses/lost-reasons?from=2099-01-01&to=2099-01-31' });
    expect(future.body.reasons).toEqual([]);
    const badTeam = await world().as('admin', { method: 'GET', url: '/api/v1/analyses/lost-reasons?teamId=nope' });
    expect(badTeam.status).toBe(400);
    expect(badTeam.body.error.details[0].field).toBe('teamId');

    const range = `filter[closedAt][gte]=${encodeURIComponent(admin.body.closedAt.gte)}&filter[closedAt][lt]=${encodeURIComponent(admin.body.closedAt.lt)}`;
    const drill = await world().as('managerA1', { method: 'GET', url: `/api/v1/deals?filter[lostReasonId][eq]=${expensive.id}&${range}` });
    expect(drill.body.data.map((deal: { title: string }) => deal.title)).toEqual(['Дорогой А1']);
    const drillLegacy = await world().as('admin', { method: 'GET', url: `/api/v1/deals?filter[lostReasonLegacy][eq]=true&${range}` });
    expect(drillLegacy.body.data.map((deal: { title: string; lostReason: string }) => [deal.title, deal.lostReason])).toEqual([['Старый текст', 'Не вышли на ЛПР']]);
  });
});
