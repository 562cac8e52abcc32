import type { InteractionMatrix } from './interactions.js';
import { mineRules } from './rules.js';
import type { TransactionDatabase } from './transactions.js';

export interface RuleRecommenderOptions {
  minSupport?: number;
  minConfidence?: number;
  maxLen?: number;
}

/** Rules usable for recommendation ("often bought with X"), item ids index the matrix catalogue. JSON-safe. */
export interface RuleModel {
  kind: 'rules';
  rules: { lhs: number[]; rhs: number; count: number; support: number; confidence: number; lift: number }[];
}

/** Mines rules over the customers' item sets (each customer one basket); rules with an empty lhs are dropped. */
export function trainRuleModel(matrix: InteractionMatrix, options: RuleRecommenderOptions = {}): RuleModel {
  const database: TransactionDatabase = { itemNames: matrix.itemIds, offsets: matrix.rowOffsets, items: matrix.columns };
  const customers = matrix.customerIds.length;
  // At least two customers must share a pattern before it becomes a rule.
  const minSupport = options.minSupport ?? Math.max(0.001, 2 / customers);
  const ruleSet = mineRules(database, { minSupport, minConfidence: options.minConfidence ?? 0.1, minLen: 2, maxLen: options.maxLen ?? 4 });
  return {
    kind: 'rules',
    rules: ruleSet.rules.map(({ lhs, rhs, count, support, confidence, lift }) => ({ lhs, rhs, count, support, confidence, lift })),
  };
}

/**
 * score(j) = highest confidence among rules lhs => j whose lhs the customer owns entirely (ties broken by
 * lift); bestRule[j] is the index of that rule, or -1.
 */
export function scoreWithRules(model: RuleModel, owned: Uint8Array, out: Float64Array, bestRule?: Int32Array): void {
  out.fill(0);
  bestRule?.fill(-1);
  const bestLift = new Float64Array(out.length);
  model.rules.forEach((rule, index) => {
    for (const item of rule.lhs) if (owned[item] !== 1) return;
    const better = rule.confidence > out[rule.rhs] || (rule.confidence === out[rule.rhs] && rule.lift > bestLift[rule.rhs]);
    if (!better) return;
    out[rule.rhs] = rule.confidence;
    bestLift[rule.rhs] = rule.lift;
    if (bestRule) bestRule[rule.rhs] = index;
  });
}
