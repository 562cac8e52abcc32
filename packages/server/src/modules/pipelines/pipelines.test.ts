import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('pipelines API', (world) => {
  const stages = [
    { name: 'Заявка', probability: 10 },
    { name: 'КП', probability: 50 },
    { name: 'Выиграна', kind: 'won' },
    { name: 'Проиграна', kind: 'lost' },
  ];
  const createPipeline = async (name: string, extra: Record<string, unknown> = {}) => {
    const response = await world().as('admin', { method: 'POST', url: '/api/v1/pipelines', payload: { name, stages, ...extra } });
    expect(response.status).toBe(201);
    return response.body;
  };

  it('lists the workspace’s default pipeline with ordered stages to every role, and only admins change pipelines', async () => {
    const list = await world().as('reader', { method: 'GET', url: '/api/v1/pipelines' });
    expect(list.status).toBe(200);
    const defaults = list.body.data.filter((pipeline: { isDefault: boolean }) => pipeline.isDefault);
    expect(defaults).toHaveLength(1);
    expect(defaults[0].stages.map((stage: { position: number }) => stage.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(defaults[0].stages.map((stage: { kind: string }) => stage.kind)).toEqual(['open', 'open', 'open', 'open', 'won', 'lost']);
    const byManager = await world().as('managerA1', { method: 'POST', url: '/api/v1/pipelines', payload: { name: 'Mine', stages } });
    expect(byManager.status).toBe(403);
    const patchByHead = await world().as('head', { method: 'PATCH', url: `/api/v1/pipelines/${defaults[0].id}`, payload: { name: 'X' } });
    expect(patchByHead.status).toBe(403);
  });

  it('creates a pipeline with defaults by kind, and refuses one without an open stage or with a bad probability', async () => {
    const created = await createPipeline('Тендеры');
    expect(created.isDefault).toBe(false);
    expect(created.stages.map((stage: { name: string; probability: number }) => [stage.name, stage.probability])).toEqual([['Заявка', 10], ['КП', 50], ['Выиграна', 100], ['Проиграна', 0]]);
    const noOpen = await world().as('admin', { method: 'POST', url: '/api/v1/pipelines', payload: { name: 'Closed', stages: [{ name: 'Won', kind: 'won' }] } });
    expect(noOpen.status).toBe(400);
    expect(noOpen.body.error.details[0].field).toBe('stages');
    const badProbability = await world().as('admin', { method: 'POST', url: '/api/v1/pipelines', payload: { name: 'P', stages: [{ name: 'A', probability: 150 }] } });
    expect(badProbability.status).toBe(400);
    expect(badProbability.body.error.details[0].field).toBe('stages[0].probability');
    const audit = await rows<{ action: string }>(world().db, sql`select action from audit_events where record_id = ${created.id}`);
    expect(audit.map((event) => event.action)).toEqual(['create']);
  });

  it('keeps exactly one default pipeline', async () => {
    const before = (await world().as('admin', { method: 'GET', url: '/api/v1/pipelines' })).body.data.find((pipeline: { isDefault: boolean }) => pipeline.isDefault);
    const second = await createPipeline('Партнёры', { isDefault: true });
    expect(second.isDefault).toBe(true);
    const list = (await world().as('admin', { method: 'GET', url: '/api/v1/pipelines' })).body.data;
    expect(list.filter((pipeline: { isDefault: boolean }) => pipeline.isDefault).map((pipeline: { id: string }) => pipeline.id)).toEqual([second.id]);
    const unset = await world().as('admin', { method: 'PATCH', url: `/api/v1/pipelines/${second.id}`, payload: { isDefault: false } });
    expect(unset.status).toBe(400);
    expect(unset.body.error.details[0].field).toBe('isDefault');
    const deleteDefault = await world().as('admin', { method: 'DELETE', url: `/api/v1/pipelines/${second.id}` });
    expect(deleteDefault.status).toBe(409);
    const back = await world().as('admin', { method: 'PATCH', url: `/api/v1/pipelines/${before.id}`, payload: { isDefault: true } });
    expect(back.body.isDefault).toBe(true);
    expect((await world().as('admin', { method: 'GET', url: `/api/v1/pipelines/${second.id}` })).body.isDefault).toBe(false);
  });

  it('renames, reorders and adds stages through the ordered list, and audits the change', async () => {
    const pipeline = await createPipeline('Сервис');
    const [first, second, won, lost] = pipeline.stages;
    const patched = await world().as('admin', {
      method: 'PATCH',
      url: `/api/v1/pipelines/${pipeline.id}`,
      payload: { name: 'Сервис 2', stages: [{ id: second.id, name: 'Предложение' }, { id: first.id, name: first.name, probability: 5 }, { name: 'Согласование', probability: 70 }, { id: won.id, name: won.name }, { id: lost.id, name: lost.name }] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('Сервис 2');
    expect(patched.body.stages.map((stage: { name: string; position: number; probability: number }) => [stage.name, stage.position, stage.probability])).toEqual([
      ['Предложение', 0, 50],
      ['Заявка', 1, 5],
      ['Согласование', 2, 70],
      ['Выиграна', 3, 100],
      ['Проиграна', 4, 0],
    ]);
    const [audit] = await rows<{ changes: Record<string, unknown> }>(world().db, sql`select changes from audit_events where record_id = ${pipeline.id} and action = 'update'`);
    expect(Object.keys(audit.changes).sort()).toEqual(['name', 'stages']);
    const foreignStage = await world().as('admin', { method: 'PATCH', url: `/api/v1/pipelines/${pipeline.id}`, payload: { stages: [{ id: '00000000-0000-4000-8000-000000000000', name: 'X' }] } });
    expect(foreignStage.status).toBe(400);
    expect(foreignStage.body.error.details[0].field).toBe('stages[0].id');
  });

  it('removes a stage that holds deals only with a target stage, moving its deals with history', async () => {
    const pipeline = await createPipeline('Удаление этапов');
    const [first, second, won, lost] = pipeline.stages;
    const deal = await world().as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'На этапе КП', pipelineId: pipeline.id, stageId: second.id } });
    expect(deal.status).toBe(201);
    const keep = [{ id: first.id, name: first.name }, { id: won.id, name: won.name }, { id: lost.id, name: lost.name }];
    const withoutTarget = await world().as('admin', { method: 'PATCH', url: `/api/v1/pipelines/${pipeline.id}`, payload: { stages: keep } });
    expect(withoutTarget.status).toBe(400);
    expect(withoutTarget.body.error.details[0].field).toBe(`moveDealsTo.${second.id}`);
    expect((await world().as('admin', { method: 'GET', url: `/api/v1/pipelines/${pipeline.id}` })).body.stages).toHaveLength(4);
    const intoLost = await world().as('admin', { method: 'PATCH', url: `/api/v1/pipelines/${pipeline.id}`, payload: { stages: keep, moveDealsTo: { [second.id]: lost.id } } });
    expect(intoLost.status).toBe(400);
    const kindChange = await world().as('admin', { method: 'PATCH', url: `/api/v1/pipelines/${pipeline.id}`, payload: { stages: [{ id: first.id, name: first.name }, { id: second.id, name: second.name, kind: 'won' }, { id: won.id, name: won.name }, { id: lost.id, name: lost.name }] } });
    expect(kindChange.status).toBe(400);
    expect(kindChange.body.error.details[0].field).toBe('stages[1].kind');
    const removed = await world().as('admin', { method: 'PATCH', url: `/api/v1/pipelines/${pipeline.id}`, payload: { stages: keep, moveDealsTo: { [second.id]: first.id } } });
    expect(removed.status).toBe(200);
    expect(removed.body.stages.map((stage: { id: string }) => stage.id)).toEqual([first.id, won.id, lost.id]);
    const moved = await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.body.id}` });
    expect(moved.body.stageId).toBe(first.id);
    const history = await world().as('managerA1', { method: 'GET', url: `/api/v1/deals/${deal.body.id}/stage-history` });
    expect(history.body.data.map((row: { toStageId: string }) => row.toStageId)).toEqual([second.id, first.id]);
    const stageChanges = await rows(world().db, sql`select 1 from audit_events where record_id = ${deal.body.id} and action = 'stage_change'`);
    expect(stageChanges).toHaveLength(1);
  });

  it('removes a stage holding only deleted deals without a target, moving them to the first open stage so a restore is safe', async () => {
    const pipeline = await createPipeline('Корзина');
    const [first, second, won, lost] = pipeline.stages;
    const deal = (await world().as('admin', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Удалённая', pipelineId: pipeline.id, stageId: second.id } })).body;
    await world().as('admin', { method: 'DELETE', url: `/api/v1/deals/${deal.id}` });
    const removed = await world().as('admin', {
      method: 'PATCH',
      url: `/api/v1/pipelines/${pipeline.id}`,
      payload: { stages: [{ name: 'Новый первый' }, { id: first.id, name: first.name }, { id: won.id, name: won.name }, { id: lost.id, name: lost.name }] },
    });
    expect(removed.status).toBe(200);
    const restored = await world().as('admin', { method: 'POST', url: `/api/v1/deals/${deal.id}/restore` });
    expect(restored.body.stageId).toBe(removed.body.stages[0].id);
    expect(restored.body.stageName).toBe('Новый первый');
  });

  it('deletes only a pipeline without deals', async () => {
    const pipeline = await createPipeline('Временная');
    const deal = await world().as('admin', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Держит воронку', pipelineId: pipeline.id } });
    const refused = await world().as('admin', { method: 'DELETE', url: `/api/v1/pipelines/${pipeline.id}` });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.deals).toBe(1);
    await world().as('admin', { method: 'DELETE', url: `/api/v1/deals/${deal.body.id}` });
    expect((await world().as('admin', { method: 'DELETE', url: `/api/v1/pipelines/${pipeline.id}` })).status).toBe(200);
    expect((await world().as('admin', { method: 'GET', url: `/api/v1/pipelines/${pipeline.id}` })).status).toBe(404);
    const list = await world().as('admin', { method: 'GET', url: '/api/v1/pipelines' });
    expect(list.body.data.map((row: { id: string }) => row.id)).not.toContain(pipeline.id);
  });
});
