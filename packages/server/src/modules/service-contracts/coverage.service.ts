// Coverage: which contract of the case's customer covers the case's unit (serial number) or product at the
// case's date. Entitlement belongs to the customer, not to whoever reads the case, so the contract is found
// among all of the workspace's contracts (a channel case gets its contract's SLA tier too); what the actor is
// shown of it follows their read right on contracts (an unreadable contract is reported as `hidden`).
import { sql } from 'drizzle-orm';
import type { Coverage, CoverageContract } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import { getRecord, isUuid } from '../../core/records/record-service.js';
import type { Values } from '../../core/records/definition.js';
import { caseDefinition } from '../cases/cases.definition.js';
import { serviceContractDefinition, stateExpression, visitsUsedExpression } from './service-contracts.definition.js';
import { bestCandidate, contractDay, statusOf, type CoverageSubject } from './coverage-rules.js';

async function describeContract(ctx: Ctx, contractId: string): Promise<CoverageContract | null> {
  const [row] = await rows<CoverageContract>(
    ctx.db,
    sql`select c.id, c.number, c.kind, ${stateExpression('c')} as state, c.start_date::text as "startDate", c.end_date::text as "endDate",
               c.service_level as "serviceLevel", c.visits_included as "visitsIncluded", ${visitsUsedExpression('c')} as "visitsUsed"
        from service_contracts c where ${accessCondition(ctx.actor, 'service_contracts', 'read', 'c')} and c.id = ${contractId}::uuid`,
  );
  return row ?? null;
}

async function coverageFor(ctx: Ctx, subject: CoverageSubject): Promise<Coverage> {
  const candidate = await bestCandidate(ctx.db, ctx.actor.workspaceId, subject);
  const contract = candidate ? await describeContract(ctx, candidate.id) : null;
  return { status: statusOf(candidate, subject.at), at: subject.at, matchedBy: candidate?.matchedBy ?? null, contract, hidden: Boolean(candidate && !contract) };
}

/** GET /cases/:id/coverage: the case must be readable (404 otherwise); checked at the day the case was opened. */
export async function getCaseCoverage(ctx: Ctx, caseId: string): Promise<Coverage> {
  const record = await getRecord(ctx, caseDefinition, caseId);
  return coverageFor(ctx, caseSubject(record));
}

export function caseSubject(record: Values): CoverageSubject {
  return {
    companyId: record.companyId as string | null,
    contactId: record.contactId as string | null,
    productId: record.productId as string | null,
    serialNumber: record.serialNumber as string | null,
    contractId: record.contractId as string | null,
    at: contractDay(String(record.createdAt)),
  };
}

/** GET /service_contracts/:id/coverage?serialNumber=&productId=&date=: does this contract cover that unit on that day (404 when unreadable). */
export async function checkContractCoverage(ctx: Ctx, contractId: string, query: Record<string, unknown>): Promise<Coverage> {
  await getRecord(ctx, serviceContractDefinition, contractId);
  const date = query.date === undefined || query.date === '' ? contractDay(new Date()) : String(query.date);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw invalid('date', 'must be a date YYYY-MM-DD');
  const productId = query.productId ? String(query.productId) : null;
  if (productId && !isUuid(productId)) throw invalid('productId', 'must be a UUID');
  const serialNumber = query.serialNumber ? String(query.serialNumber) : null;
  if (!productId && !serialNumber) throw invalid('serialNumber', 'give a serialNumber or a productId to check');
  const coverage = await coverageFor(ctx, { contractId, productId, serialNumber, at: date });
  if (coverage.hidden) throw notFound('service_contract', contractId);
  return coverage;
}
