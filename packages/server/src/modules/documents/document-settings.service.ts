// The supplier's details on every document (workspace_requisites): name, INN/KPP/OGRN, address, bank
// (name, BIK, settlement and correspondent accounts, checked against the BIK's control key), signatories,
// VAT rate (22 % unless changed) and whether VAT is added on top, included in prices, or not charged.
import { sql } from 'drizzle-orm';
import { documentSettingsSchema } from '@svyaz/shared';
import type { Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { parseBody } from '../../core/validation.js';
import { recordAudit } from '../../core/audit.js';
import { loadSupplier, type Supplier } from './document-data.js';
import { requireSettingsAdmin } from './document-templates.service.js';

export async function getDocumentSettings(ctx: Ctx): Promise<Supplier> {
  return loadSupplier(ctx.db, ctx.actor.workspaceId);
}

const columns: Record<string, string> = { name: 'name', inn: 'inn', kpp: 'kpp', ogrn: 'ogrn', address: 'address', phone: 'phone', bankName: 'bank_name', bik: 'bik', account: 'account', corrAccount: 'corr_account', director: 'director', accountant: 'accountant', vatRate: 'vat_rate', vatMode: 'vat_mode' };

/** Changes the given fields (null or '' clears one); administrators only. */
export async function updateDocumentSettings(ctx: Ctx, body: unknown): Promise<Supplier> {
  requireSettingsAdmin(ctx, 'document settings');
  const input = parseBody(documentSettingsSchema, body);
  const before = await loadSupplier(ctx.db, ctx.actor.workspaceId);
  const entries = Object.entries(input).filter(([, value]) => value !== undefined);
  await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await tx.execute(sql`insert into workspace_requisites (workspace_id, name) values (${ctx.actor.workspaceId}::uuid, ${before.name}) on conflict (workspace_id) do nothing`);
    if (entries.length) {
      const sets = entries.map(([key, value]) => sql`${sql.raw(columns[key])} = ${value === '' ? null : key === 'name' ? (value ?? '') : value}`);
      await tx.execute(sql`update workspace_requisites set ${sql.join(sets, sql`, `)}, updated_by = ${ctx.actor.userId}::uuid, updated_at = now() where workspace_id = ${ctx.actor.workspaceId}::uuid`);
    }
    const changes = Object.fromEntries(entries.map(([key, value]) => [key, { from: (before as unknown as Record<string, unknown>)[key] ?? null, to: value ?? null }]));
    await recordAudit(tx, ctx.actor, [{ recordType: 'document_settings', recordId: ctx.actor.workspaceId, action: 'update', changes }]);
  });
  return loadSupplier(ctx.db, ctx.actor.workspaceId);
}
