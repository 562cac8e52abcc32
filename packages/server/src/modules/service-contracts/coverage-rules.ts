// Coverage rules shared by the case definition (linking a new case to the contract that covers it, its SLA tier)
// and the coverage endpoints: the best contract of a customer for a unit or product on a day. Entitlement belongs
// to the customer, so contracts are looked for among all of the workspace's; callers decide what to show.
import { sql } from 'drizzle-orm';
import type { CoverageStatus } from '@svyaz/shared';
import { firstRow, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { CONTRACT_TIME_ZONE } from './service-contracts.definition.js';

export interface CoverageSubject {
  companyId?: string | null;
  contactId?: string | null;
  productId?: string | null;
  serialNumber?: string | null;
  /** A contract chosen for the case: only it is checked. */
  contractId?: string | null;
  /** The calendar day coverage is checked at (YYYY-MM-DD). */
  at: string;
}

export interface Candidate {
  id: string;
  status: string;
  startDate: string;
  endDate: string;
  matchedBy: 'serial' | 'product' | 'customer';
}

/** The calendar day of an instant in the contracts' zone. */
export function contractDay(instant: string | Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: CONTRACT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
  return parts;
}

/**
 * The best matching contract: one in force at the date first, then by how closely it matches (serial, product,
 * the whole customer), then the latest ending. Drafts never cover.
 */
export async function bestCandidate(tx: Db, workspaceId: string, subject: CoverageSubject): Promise<Candidate | null> {
  if (!subject.companyId && !subject.contactId && !subject.contractId) return null;
  const serial = subject.serialNumber?.trim().toLowerCase() || null;
  const productId = subject.productId ?? null;
  const customer = subject.contractId
    ? sql`c.id = ${subject.contractId}::uuid`
    : sql`(c.company_id = ${subject.companyId ?? null}::uuid or c.contact_id = ${subject.contactId ?? null}::uuid
          or c.company_id = (select k.company_id from contacts k where k.workspace_id = ${workspaceId} and k.id = ${subject.contactId ?? null}::uuid))`;
  const found = await firstRow<Candidate>(
    tx,
    sql`select id, status, "startDate", "endDate", "matchedBy" from (
          select c.id, c.status, c.start_date::text as "startDate", c.end_date::text as "endDate",
                 case when ${serial}::text is not null and exists (select 1 from service_contract_items i where i.contract_id = c.id and lower(i.serial_number) = ${serial}::text) then 'serial'
                      when ${productId}::uuid is not null and exists (select 1 from service_contract_items i where i.contract_id = c.id and i.product_id = ${productId}::uuid
                        and (i.serial_number is null or ${serial}::text is null)) then 'product'
                      when not exists (select 1 from service_contract_items i where i.contract_id = c.id) then 'customer' end as "matchedBy",
                 (c.status = 'active' and c.start_date <= ${subject.at}::date and c.end_date >= ${subject.at}::date) as in_force
          from service_contracts c
          where c.workspace_id = ${workspaceId} and c.deleted_at is null and c.status <> 'draft' and ${customer}) m
        where "matchedBy" is not null
        order by in_force desc, case "matchedBy" when 'serial' then 0 when 'product' then 1 else 2 end, "endDate" desc, id
        limit 1`,
  );
  return found ?? null;
}

export function statusOf(candidate: Candidate | null, at: string): CoverageStatus {
  if (!candidate) return 'not_covered';
  if (candidate.status === 'active' && candidate.startDate <= at && candidate.endDate >= at) return 'covered';
  if (candidate.endDate < at) return 'expired';
  return 'not_covered';
}

/** The id of the contract that covers the subject at its date, or null (for linking a new case and choosing its SLA tier). */
export async function coveringContractId(tx: Db, workspaceId: string, subject: CoverageSubject): Promise<string | null> {
  const candidate = await bestCandidate(tx, workspaceId, subject);
  return statusOf(candidate, subject.at) === 'covered' ? candidate!.id : null;
}

/** The service level (SLA tier) of a contract in force at the date, for case-sla.ts. */
export async function contractServiceLevel(tx: Db, workspaceId: string, contractId: string | null | undefined, at: string): Promise<string | null> {
  if (!contractId) return null;
  const row = await firstRow<{ level: string | null }>(
    tx,
    sql`select service_level as level from service_contracts where workspace_id = ${workspaceId} and id = ${contractId}::uuid and deleted_at is null
          and status = 'active' and start_date <= ${at}::date and end_date >= ${at}::date`,
  );
  return row?.level ?? null;
}

/** A contract chosen for a case must be one the actor can read and belong to the case's customer. */
export async function assertContractOfCustomer(ctx: Ctx, tx: Db, contractId: string, companyId: string | null | undefined, contactId: string | null | undefined): Promise<void> {
  const row = await firstRow<{ ok: boolean }>(
    tx,
    sql`select (c.company_id = ${companyId ?? null}::uuid or c.contact_id = ${contactId ?? null}::uuid
              or c.company_id = (select k.company_id from contacts k where k.id = ${contactId ?? null}::uuid)) is true as ok
        from service_contracts c where ${accessCondition(ctx.actor, 'service_contracts', 'read', 'c')} and c.id = ${contractId}::uuid`,
  );
  if (!row) throw invalid('contractId', 'is not a service contract you can see');
  if (!row.ok) throw invalid('contractId', 'is not a contract of this case’s customer');
}


const coverageInputs = ['companyId', 'contactId', 'productId', 'serialNumber'] as const;

/**
 * Called from the case definition's prepare (every write path): a contract chosen for the case is checked; otherwise
 * a new case, or one whose customer, product or serial number changes, is linked to the contract covering it at the
 * case's date (or unlinked when none does), so the SLA tier of that contract applies (case-sla.ts).
 */
export async function linkCaseContract(ctx: Ctx, tx: Db, values: Record<string, unknown>, existing: Record<string, unknown> | null, now: string): Promise<void> {
  const current = (field: string) => (values[field] !== undefined ? values[field] : existing?.[field]) as string | null | undefined;
  if (values.contractId) {
    if (values.contractId !== existing?.contractId) await assertContractOfCustomer(ctx, tx, values.contractId as string, current('companyId'), current('contactId'));
    return;
  }
  if (values.contractId === null) return;
  if (existing && !coverageInputs.some((field) => values[field] !== undefined && values[field] !== existing[field])) return;
  const contractId = await coveringContractId(tx, ctx.actor.workspaceId, {
    companyId: current('companyId'),
    contactId: current('contactId'),
    productId: current('productId'),
    serialNumber: current('serialNumber'),
    at: contractDay(String(existing?.createdAt ?? now)),
  });
  if (contractId || existing?.contractId) values.contractId = contractId;
}
