// The workspace's case categories: the built-in ones (seeded on first use, so a new workspace has them too)
// plus whatever an administrator adds, each with its Russian and English name, whether the complaints report
// counts it (Жалоба, Претензия, Отказ are seeded as complaints) and whether the portal's form offers it.
import { sql } from 'drizzle-orm';
import { caseCategories, caseCategoryCreateSchema, caseCategoryUpdateSchema, complaintCategories } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import { recordAudit, diffRecords } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';

export interface CaseCategoryRow {
  id: string;
  key: string;
  nameRu: string;
  nameEn: string;
  isComplaint: boolean;
  isActive: boolean;
  onPortal: boolean;
  position: number;
}

const builtInNames: Record<(typeof caseCategories)[number], [string, string]> = {
  question: ['Вопрос', 'Question'],
  incident: ['Неисправность', 'Incident'],
  request: ['Запрос', 'Request'],
  complaint: ['Жалоба', 'Complaint'],
  claim: ['Претензия', 'Claim'],
  refusal: ['Отказ', 'Refusal'],
  other: ['Другое', 'Other'],
};

const columns = sql`id, key, name_ru as "nameRu", name_en as "nameEn", is_complaint as "isComplaint", is_active as "isActive", on_portal as "onPortal", position`;

/** Seeds the built-in categories of a workspace that has none yet (idempotent, safe to race). */
async function ensureSeeded(db: Db, workspaceId: string): Promise<void> {
  const any = await firstRow(db, sql`select 1 as ok from case_categories where workspace_id = ${workspaceId}::uuid limit 1`);
  if (any) return;
  const seed = caseCategories.map((key, index) => ({ key, name_ru: builtInNames[key][0], name_en: builtInNames[key][1], is_complaint: (complaintCategories as readonly string[]).includes(key), position: index + 1 }));
  await db.execute(sql`insert into case_categories (workspace_id, key, name_ru, name_en, is_complaint, position)
    select ${workspaceId}::uuid, x.key, x.name_ru, x.name_en, x.is_complaint, x.position
    from jsonb_to_recordset(${JSON.stringify(seed)}::jsonb) as x(key text, name_ru text, name_en text, is_complaint boolean, position int)
    on conflict (workspace_id, key) do nothing`);
}

export async function loadCaseCategories(db: Db, workspaceId: string): Promise<CaseCategoryRow[]> {
  await ensureSeeded(db, workspaceId);
  return rows<CaseCategoryRow>(db, sql`select ${columns} from case_categories where workspace_id = ${workspaceId}::uuid order by position, key`);
}

/** A case's category must be an active category of its workspace (400 naming the field otherwise). */
export async function assertCaseCategory(db: Db, workspaceId: string, key: string, field = 'category'): Promise<void> {
  await ensureSeeded(db, workspaceId);
  const found = await firstRow(db, sql`select 1 as ok from case_categories where workspace_id = ${workspaceId}::uuid and key = ${key} and is_active`);
  if (!found) throw invalid(field, `is not an active case category of this workspace: ${key}`);
}

/** The keys the complaints report counts by default. */
export async function complaintCategoryKeys(db: Db, workspaceId: string): Promise<string[]> {
  return (await loadCaseCategories(db, workspaceId)).filter((category) => category.isComplaint).map((category) => category.key);
}

export async function listCaseCategories(ctx: Ctx) {
  requirePermission(ctx.actor, 'cases', 'read');
  return { data: await loadCaseCategories(ctx.db, ctx.actor.workspaceId) };
}

export async function createCaseCategory(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(caseCategoryCreateSchema, body);
  const ws = ctx.actor.workspaceId;
  await ensureSeeded(ctx.db, ws);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const taken = await firstRow(tx, sql`select 1 as ok from case_categories where workspace_id = ${ws}::uuid and key = ${input.key}`);
    if (taken) throw new AppError('CONFLICT', { message: 'A category with this key exists', details: [{ field: 'key', problem: 'is taken' }] });
    const position = input.position ?? Number((await firstRow<{ next: number }>(tx, sql`select coalesce(max(position), 0) + 1 as next from case_categories where workspace_id = ${ws}::uuid`))!.next);
    const [created] = await rows<CaseCategoryRow>(
      tx,
      sql`insert into case_categories (workspace_id, key, name_ru, name_en, is_complaint, is_active, on_portal, position)
          values (${ws}::uuid, ${input.key}, ${input.nameRu}, ${input.nameEn}, ${input.isComplaint}, ${input.isActive}, ${input.onPortal}, ${position}) returning ${columns}`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'case_category', recordId: created.id, action: 'create', meta: { key: input.key } }]);
    return created;
  });
}

export async function updateCaseCategory(ctx: Ctx, id: string, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(caseCategoryUpdateSchema, body);
  if (!isUuid(id)) throw notFound('case category', id);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await firstRow<CaseCategoryRow>(tx, sql`select ${columns} from case_categories where workspace_id = ${ctx.actor.workspaceId}::uuid and id = ${id}::uuid for update`);
    if (!before) throw notFound('case category', id);
    const next = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) } as CaseCategoryRow;
    const [updated] = await rows<CaseCategoryRow>(
      tx,
      sql`update case_categories set name_ru = ${next.nameRu}, name_en = ${next.nameEn}, is_complaint = ${next.isComplaint}, is_active = ${next.isActive},
            on_portal = ${next.onPortal}, position = ${next.position}, updated_at = now() where id = ${id}::uuid returning ${columns}`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'case_category', recordId: id, action: 'update', changes: diffRecords(before as unknown as Record<string, unknown>, updated as unknown as Record<string, unknown>) }]);
    return updated;
  });
}
