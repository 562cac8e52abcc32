// A new workspace: default roles, a default sales pipeline, its first administrator.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import { defaultRoles } from '../../core/access.js';
import { insertUser } from '../users/users.service.js';
import { insertDefaultLostReasons } from '../lost-reasons/lost-reasons.service.js';

export const defaultPipelines = [
  {
    name: 'Продажи',
    stages: [
      { name: 'Новая', probability: 10, kind: 'open' },
      { name: 'Квалификация', probability: 20, kind: 'open' },
      { name: 'Предложение', probability: 50, kind: 'open' },
      { name: 'Переговоры', probability: 75, kind: 'open' },
      { name: 'Успешно', probability: 100, kind: 'won' },
      { name: 'Проиграна', probability: 0, kind: 'lost' },
    ],
  },
];

export async function createPipeline(db: Db, workspaceId: string, pipeline: { name: string; stages: { name: string; probability: number; kind: string }[] }, position: number, isDefault: boolean): Promise<string> {
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into pipelines (workspace_id, name, position, is_default) values (${workspaceId}, ${pipeline.name}, ${position}, ${isDefault}) returning id`,
  );
  const payload = JSON.stringify(pipeline.stages.map((stage, index) => ({ ...stage, position: index })));
  await db.execute(sql`insert into stages (workspace_id, pipeline_id, name, position, probability, kind)
    select ${workspaceId}::uuid, ${row.id}::uuid, x.name, x.position, x.probability, x.kind from jsonb_to_recordset(${payload}::jsonb) as x(name text, position int, probability int, kind text)`);
  await insertDefaultLostReasons(db, workspaceId, row.id);
  return row.id;
}

export async function createWorkspace(db: Db, input: { name: string; admin: { email: string; name: string; password: string } }): Promise<{ workspaceId: string; adminId: string }> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [workspace] = await rows<{ id: string }>(tx, sql`insert into workspaces (name) values (${input.name}) returning id`);
    for (const role of defaultRoles) {
      await tx.execute(sql`insert into roles (workspace_id, key, name, permissions, is_system) values (${workspace.id}, ${role.key}, ${role.name}, ${JSON.stringify(role.permissions)}::jsonb, true)`);
    }
    for (const [index, pipeline] of defaultPipelines.entries()) await createPipeline(tx, workspace.id, pipeline, index, index === 0);
    const admin = await insertUser(tx, workspace.id, { ...input.admin, role: 'admin' });
    return { workspaceId: workspace.id, adminId: admin.id as string };
  });
}

export async function findFirstWorkspace(db: Db): Promise<{ id: string; name: string } | undefined> {
  return firstRow(db, sql`select id, name from workspaces order by created_at limit 1`);
}
