// What the analytics API returns, and the logic the analytics screens and the recommendations panel
// share: adding a product to a deal's or an order's lines, the rules scatter, segment names.
import { ApiError } from '../api/client';
import type { Me } from '../api/types';

export type ModelStatus = 'queued' | 'training' | 'ready' | 'failed';

export interface AnalyticsModel {
  id: string;
  version: number;
  status: ModelStatus;
  metrics: Partial<Record<'interactions' | 'customers' | 'companies' | 'products' | 'rules' | 'segments' | 'readSeconds' | 'trainingSeconds', number>>;
  progress: { step: string; done: number; total: number; jobId?: string };
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  createdBy: string | null;
}

export interface Recommendation {
  productId: string;
  sku: string;
  name: string;
  price: string;
  currency: string;
  score: number;
  explanation: { kind: 'bought-together' | 'similar-customers' | 'popular-in-segment' | 'popular' };
  explanationText: string;
}

export interface Recommendations {
  modelVersion: number;
  companyId: string | null;
  coldStart: boolean;
  items: Recommendation[];
}

export interface RuleItem {
  productId: string;
  sku: string | null;
  name: string | null;
}

export interface Rule {
  lhs: RuleItem[];
  rhs: RuleItem;
  count: number;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  /** null when infinite (confidence 1). */
  conviction: number | null;
  coverage: number;
}

export const ruleMeasures = ['lift', 'confidence', 'support', 'leverage', 'conviction', 'count'] as const;
export type RuleMeasure = (typeof ruleMeasures)[number];

export interface Segment {
  id: number;
  size: number;
  dominantAttributes: { attribute: string; value: string; share: number }[];
  topProducts: { productId: string; sku: string | null; name: string | null; share: number }[];
}

export interface SegmentMember {
  id: string;
  name: string;
  industry: string | null;
  size: string | null;
  region: string | null;
  source: string | null;
  ownerId: string | null;
}

/** Training and the models list are for administrators (the API allows admin or settings:update). */
export function canManageModels(me: Pick<Me, 'user' | 'permissions'>): boolean {
  return me.user.roleKey === 'admin' || (me.permissions.settings?.update ?? 'none') !== 'none';
}

/** No model has been trained in this workspace yet (the API's 404 for analytics_model). */
export function isNoModel(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && (error.details as { object?: string } | null)?.object === 'analytics_model';
}

/** Segments are numbered from 0 by the API and from 1 for people. */
export function segmentNumber(id: number | string): number {
  return Number(id) + 1;
}

export interface LineInput {
  productId: string;
  quantity: string;
  price?: string;
  discountPercent?: string;
}

/**
 * The lines to PUT after adding one unit of a product: an existing line of it gets one more, otherwise a
 * new line at the catalogue price. Existing lines keep their price and discount.
 */
export function linesWithProduct(lines: { productId: string; quantity: string; price?: string | null; discountPercent?: string | null }[], productId: string): LineInput[] {
  let found = false;
  const result = lines.map((line) => {
    const next: LineInput = { productId: line.productId, quantity: String(line.quantity) };
    if (line.price !== null && line.price !== undefined) next.price = String(line.price);
    if (line.discountPercent !== null && line.discountPercent !== undefined) next.discountPercent = String(line.discountPercent);
    if (!found && line.productId === productId) {
      found = true;
      next.quantity = String(Number(line.quantity) + 1);
    }
    return next;
  });
  return found ? result : [...result, { productId, quantity: '1' }];
}

/** Orders whose lines may still change: new or in progress (the server refuses once one has shipped). */
export function isDraftOrder(order: Record<string, unknown>): boolean {
  return (order.status === 'new' || order.status === 'in_progress') && (order.shipmentStatus === undefined || order.shipmentStatus === 'not_shipped');
}

export function ruleLabel(rule: Pick<Rule, 'lhs' | 'rhs'>): string {
  const name = (item: RuleItem) => item.name ?? item.sku ?? item.productId.slice(0, 8);
  return `${rule.lhs.map(name).join(' + ')} → ${name(rule.rhs)}`;
}

/** Decimal places of an axis tick (ticks are round numbers such as 0.0005), so that none is rounded away. */
const tickDecimals = (value: number) => Math.min(6, (String(value).split('.')[1] ?? '').length);

/**
 * ECharts option: support (x) against confidence (y), each point a rule, coloured by lift. `format` writes a
 * number with the given decimal places in the reader's language (0,75 in Russian), for the axes, the lift
 * scale and the tooltip.
 */
export function rulesScatterOption(
  rules: Rule[],
  labels: { support: string; confidence: string; lift: string },
  format: (value: number, decimals: number) => string = (value, decimals) => value.toFixed(decimals),
) {
  const lifts = rules.map((rule) => rule.lift);
  const maxLift = lifts.length ? Math.max(...lifts) : 1;
  const minLift = lifts.length ? Math.min(...lifts) : 0;
  return {
    grid: { left: 56, right: 96, top: 16, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (point: { data: [number, number, number, string] }) =>
        `${escapeHtml(point.data[3])}<br/>${labels.support}: ${format(point.data[0], 4)}<br/>${labels.confidence}: ${format(point.data[1], 3)}<br/>${labels.lift}: ${format(point.data[2], 2)}`,
    },
    xAxis: { type: 'value', name: labels.support, nameLocation: 'middle', nameGap: 28, scale: true, axisLabel: { formatter: (value: number) => format(value, tickDecimals(value)) } },
    yAxis: { type: 'value', name: labels.confidence, nameLocation: 'middle', nameGap: 40, min: 0, max: 1, axisLabel: { formatter: (value: number) => format(value, tickDecimals(value)) } },
    visualMap: {
      type: 'continuous',
      dimension: 2,
      min: Math.floor(minLift * 10) / 10,
      max: Math.max(Math.ceil(maxLift * 10) / 10, Math.floor(minLift * 10) / 10 + 0.1),
      text: [labels.lift, ''],
      right: 8,
      top: 'middle',
      calculable: true,
      formatter: (value: number) => format(value, 1),
      inRange: { color: ['#c6dbef', '#6baed6', '#2171b5', '#08306b'] },
    },
    series: [{ type: 'scatter', symbolSize: 9, data: rules.map((rule) => [rule.support, rule.confidence, rule.lift, ruleLabel(rule)]) }],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
