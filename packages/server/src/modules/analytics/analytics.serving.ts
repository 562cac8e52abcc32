// Serves the newest ready model: recommendations, a customer's segment, segments and their members.
import { sql } from 'drizzle-orm';
import { assignSegment, parseHybridModel, recommend, recommendForProfile, type HybridModel, type Recommendation } from '@svyaz/analytics';
import { firstRow, rows } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import { getRecord } from '../../core/records/record-service.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { readProducts } from './analytics.queries.js';
import { renderExplanation } from './analytics.explanations.js';

export interface ServedModel {
  id: string;
  version: number;
  model: HybridModel;
  /** Segment of every customer the model knows (companies with or without orders). */
  segmentOf: Map<string, number>;
  customerIndex: Map<string, number>;
}

const cache = new Map<string, Promise<ServedModel>>();

/**
 * The newest ready model of the workspace, parsed once per workspace and version. Requests that arrive
 * while a version is being read share that one read (the rules page, the segments and a card's
 * recommendations often ask at once right after a training), and a failed read is not kept.
 */
export async function loadServedModel(ctx: Ctx): Promise<ServedModel> {
  const latest = await firstRow<{ id: string; version: number }>(
    ctx.db,
    sql`select id, version from analytics_models where workspace_id = ${ctx.actor.workspaceId} and kind = 'hybrid' and status = 'ready' order by version desc limit 1`,
  );
  if (!latest) throw new AppError('NOT_FOUND', { message: 'No analytics model has been trained yet', details: { object: 'analytics_model' } });
  const key = `${ctx.actor.workspaceId}:${latest.version}`;
  let served = cache.get(key);
  if (!served) {
    served = firstRow<{ model: unknown }>(ctx.db, sql`select model from analytics_models where id = ${latest.id}`).then((stored) => toServed(latest.id, latest.version, stored!.model));
    remember(ctx.actor.workspaceId, key, served);
  }
  return served;
}

/** Whether this process answers the analytics API (set when its routes are registered; a bare worker never is). */
let servesRequests = false;

export function serveModelsFromThisProcess(): void {
  servesRequests = true;
}

/**
 * Serves a model this process has just stored (parsed back from the JSON text it stored),
 * so the first request after a training does not read and parse it again. A process that answers no
 * requests (`npm run worker`) keeps nothing.
 */
export function primeServedModel(workspaceId: string, id: string, version: number, storedJson: string): void {
  if (!servesRequests) return;
  remember(workspaceId, `${workspaceId}:${version}`, Promise.resolve().then(() => toServed(id, version, JSON.parse(storedJson))));
}

function remember(workspaceId: string, key: string, served: Promise<ServedModel>): void {
  for (const old of cache.keys()) if (old.startsWith(`${workspaceId}:`) && old !== key) cache.delete(old);
  cache.set(key, served);
  served.catch(() => {
    if (cache.get(key) === served) cache.delete(key);
  });
}

function toServed(id: string, version: number, stored: unknown): ServedModel {
  const model = parseHybridModel(stored);
  const segmentOf = new Map<string, number>();
  if (model.segments) model.customerIds.forEach((customerId, index) => segmentOf.set(customerId, assignSegment(model.segments!, model.customerAttributes[index])));
  return { id, version, model, segmentOf, customerIndex: new Map(model.customerIds.map((customerId, index) => [customerId, index])) };
}

/** The company a company or contact card stands for; 404 when the actor may not read the record. */
async function customerCompany(ctx: Ctx, object: 'companies' | 'contacts', id: string): Promise<{ companyId: string | null; attributes: Record<string, string> }> {
  let companyId: string | null = id;
  if (object === 'contacts') companyId = ((await getRecord(ctx, contactDefinition, id)).companyId as string | null) ?? null;
  else await getRecord(ctx, companyDefinition, id);
  if (!companyId) return { companyId: null, attributes: {} };
  const company = await firstRow<Record<string, string | null>>(ctx.db, sql`select industry, size, region, source from companies where workspace_id = ${ctx.actor.workspaceId} and id = ${companyId}`);
  const attributes = Object.fromEntries(Object.entries(company ?? {}).map(([key, value]) => [key, value ?? 'unknown']));
  return { companyId, attributes };
}

function parseK(value: unknown): number {
  if (value === undefined || value === '') return 10;
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw invalid('k', 'must be an integer from 1 to 100');
  return k;
}

export async function recommendFor(ctx: Ctx, object: 'companies' | 'contacts', id: string, query: { k?: unknown }) {
  const k = parseK(query.k);
  requirePermission(ctx.actor, 'products', 'read');
  const { companyId, attributes } = await customerCompany(ctx, object, id);
  const served = await loadServedModel(ctx);
  const known = companyId !== null && served.customerIndex.has(companyId);
  const recommendations: Recommendation[] = known ? recommend(served.model, companyId, k) : recommendForProfile(served.model, { items: [], attributes }, k);
  const products = await readProducts(ctx.db, ctx.actor.workspaceId, recommendations.map((r) => r.itemId));
  const names = await readProducts(ctx.db, ctx.actor.workspaceId, recommendations.flatMap((r) => explanationItems(r)));
  const nameOf = (itemId: string) => names.get(itemId)?.name ?? itemId;
  const items = recommendations
    .filter((r) => products.has(r.itemId))
    .map((r) => {
      const product = products.get(r.itemId)!;
      return { productId: product.id, sku: product.sku, name: product.name, price: product.price, currency: product.currency, score: r.score, sources: r.sources, explanation: r.explanation, explanationText: renderExplanation(r.explanation, ctx.actor.locale, nameOf) };
    });
  return { modelVersion: served.version, companyId, coldStart: !known, items };
}

function explanationItems(r: Recommendation): string[] {
  if (r.explanation.kind === 'bought-together') return r.explanation.antecedentItemIds;
  if (r.explanation.kind === 'similar-customers' || r.explanation.kind === 'related-items') return r.explanation.becauseOfItemIds;
  return [];
}

export async function segmentOfCompany(ctx: Ctx, id: string) {
  const { companyId, attributes } = await customerCompany(ctx, 'companies', id);
  const served = await loadServedModel(ctx);
  if (!served.model.segments) return { modelVersion: served.version, segment: null };
  const segment = served.segmentOf.get(companyId!) ?? assignSegment(served.model.segments, attributes);
  return { modelVersion: served.version, segment };
}

export async function listSegments(ctx: Ctx) {
  requirePermission(ctx.actor, 'companies', 'read');
  const served = await loadServedModel(ctx);
  const segments = served.model.segments;
  if (!segments) return { modelVersion: served.version, items: [] };
  const topIds = [...new Set(segments.topItems.flatMap((items) => items.slice(0, 5).map((index) => served.model.itemIds[index])))];
  const products = await readProducts(ctx.db, ctx.actor.workspaceId, topIds);
  const items = segments.segmentSizes.map((size, segment) => ({
    id: segment,
    size,
    dominantAttributes: dominantAttributes(served, segment),
    topProducts: segments.topItems[segment].slice(0, 5).map((index, rank) => {
      const product = products.get(served.model.itemIds[index]);
      return { productId: served.model.itemIds[index], sku: product?.sku ?? null, name: product?.name ?? null, share: segments.topShares[segment][rank] };
    }),
  }));
  return { modelVersion: served.version, items };
}

/** Per attribute, the most frequent value among the segment's customers and its share. */
function dominantAttributes(served: ServedModel, segment: number): { attribute: string; value: string; share: number }[] {
  const counts = new Map<string, Map<string, number>>();
  let members = 0;
  served.model.customerIds.forEach((id, index) => {
    if (served.segmentOf.get(id) !== segment) return;
    members++;
    for (const [attribute, value] of Object.entries(served.model.customerAttributes[index] ?? {})) {
      const byValue = counts.get(attribute) ?? new Map<string, number>();
      byValue.set(String(value), (byValue.get(String(value)) ?? 0) + 1);
      counts.set(attribute, byValue);
    }
  });
  return [...counts].map(([attribute, byValue]) => {
    const [value, count] = [...byValue].sort((a, b) => b[1] - a[1])[0];
    return { attribute, value, share: members ? count / members : 0 };
  });
}

/** Companies of a segment the actor may read (a manager sees only their own). */
export async function listSegmentMembers(ctx: Ctx, segmentId: string, query: { limit?: unknown }) {
  requirePermission(ctx.actor, 'companies', 'read');
  const served = await loadServedModel(ctx);
  const segment = Number(segmentId);
  if (!served.model.segments || !Number.isInteger(segment) || segment < 0 || segment >= served.model.segments.segmentSizes.length) throw notFound('segment', segmentId);
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('limit', 'must be an integer from 1 to 1000');
  const ids = [...served.segmentOf].filter(([, s]) => s === segment).map(([id]) => id);
  if (ids.length === 0) return { segment, items: [] };
  const items = await rows(
    ctx.db,
    sql`select c.id, c.name, c.industry, c.size, c.region, c.source, c.owner_id as "ownerId" from companies c
         where ${accessCondition(ctx.actor, 'companies', 'read', 'c')} and c.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
         order by c.name, c.id limit ${limit}`,
  );
  return { segment, items };
}

const recommendedCache = new Map<string, string[]>();

/**
 * Companies the newest model knows whose top `k` recommendations include the product (what the company card's
 * "Recommended products" would show), for segments (modules/segments). Recommendations are computed on demand,
 * never stored, so the answer is kept per model version, product and k; a newer version starts afresh.
 * Throws NOT_FOUND when no model has been trained.
 */
export async function companiesRecommendedProduct(ctx: Ctx, productId: string, k: number): Promise<string[]> {
  const served = await loadServedModel(ctx);
  const key = `${ctx.actor.workspaceId}:${served.version}:${productId}:${k}`;
  const known = recommendedCache.get(key);
  if (known) return known;
  const ids: string[] = [];
  for (const [index, customerId] of served.model.customerIds.entries()) {
    if (recommend(served.model, customerId, k).some((item) => item.itemId === productId)) ids.push(customerId);
    if (index % 500 === 499) await new Promise((resolve) => setImmediate(resolve)); // let other requests in
  }
  for (const old of recommendedCache.keys()) if (old.startsWith(`${ctx.actor.workspaceId}:`) && !old.startsWith(`${ctx.actor.workspaceId}:${served.version}:`)) recommendedCache.delete(old);
  if (recommendedCache.size > 200) recommendedCache.delete(recommendedCache.keys().next().value!);
  recommendedCache.set(key, ids);
  return ids;
}
