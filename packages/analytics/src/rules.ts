import { AnalyticsError, assertFraction } from './errors.js';
import { mineItemsets } from './itemset-mining.js';
import { getItemsetSize, resolveLengthBounds, toItemsetKey, type ItemsetTable } from './itemsets.js';
import type { TransactionDatabase } from './transactions.js';

/** A rule lhs => rhs with a single right-hand item; item ids index RuleSet.itemNames. */
export interface AssociationRule {
  lhs: number[];
  rhs: number;
  count: number;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  /** Infinity when confidence is 1 (as in R arules). */
  conviction: number;
  coverage: number;
}

export interface RuleSet {
  itemNames: string[];
  transactionCount: number;
  rules: AssociationRule[];
}

export interface ItemFilter {
  /** Only these items may appear (omit for all). */
  include?: string[];
  /** These items may not appear. */
  exclude?: string[];
}

export interface RuleMiningOptions {
  minSupport: number;
  minConfidence: number;
  /** Bounds on the number of items in lhs plus rhs (defaults 1 and 10, as in arules). */
  minLen?: number;
  maxLen?: number;
  lhs?: ItemFilter;
  rhs?: ItemFilter;
  algorithm?: 'fp-growth' | 'apriori';
}

/** Mines frequent itemsets and derives every single-RHS rule with confidence >= minConfidence. */
export function mineRules(database: TransactionDatabase, options: RuleMiningOptions): RuleSet {
  assertFraction('minConfidence', options.minConfidence);
  const { minLen, maxLen } = resolveLengthBounds(options.minLen, options.maxLen);
  const itemsets = mineItemsets(database, { minSupport: options.minSupport, maxLen, algorithm: options.algorithm });
  const allowLhs = compileItemFilter(options.lhs, database.itemNames, 'lhs');
  const allowRhs = compileItemFilter(options.rhs, database.itemNames, 'rhs');
  const rules = deriveRules(itemsets, options.minConfidence, minLen, allowLhs, allowRhs);
  return { itemNames: database.itemNames, transactionCount: itemsets.transactionCount, rules: sortRulesByLift(rules) };
}

/** Rules from a complete table of frequent itemsets (every subset of a listed itemset is listed too). */
export function deriveRules(
  itemsets: ItemsetTable,
  minConfidence: number,
  minLen: number,
  allowLhs: (item: number) => boolean = () => true,
  allowRhs: (item: number) => boolean = () => true,
): AssociationRule[] {
  const total = itemsets.transactionCount;
  const countOf = new Map<string, number>();
  for (let i = 0; i < itemsets.counts.length; i++) {
    countOf.set(toItemsetKey(itemsets.items, itemsets.offsets[i], itemsets.offsets[i + 1]), itemsets.counts[i]);
  }
  const rules: AssociationRule[] = [];
  const lhs: number[] = [];
  for (let i = 0; i < itemsets.counts.length; i++) {
    const size = getItemsetSize(itemsets, i);
    if (size < minLen) continue;
    const start = itemsets.offsets[i];
    const count = itemsets.counts[i];
    for (let r = 0; r < size; r++) {
      const rhs = itemsets.items[start + r];
      if (!allowRhs(rhs)) continue;
      lhs.length = 0;
      let lhsAllowed = true;
      for (let j = 0; j < size; j++) {
        if (j === r) continue;
        const item = itemsets.items[start + j];
        if (!allowLhs(item)) lhsAllowed = false;
        lhs.push(item);
      }
      if (!lhsAllowed) continue;
      const lhsCount = lhs.length === 0 ? total : countOf.get(toItemsetKey(lhs));
      if (lhsCount === undefined) throw new AnalyticsError('MALFORMED_INPUT', 'Itemset table is not downward closed');
      // Confidence from integer counts: count / lhsCount is correctly rounded, so 4/5 equals 0.8 exactly.
      const confidence = count / lhsCount;
      if (confidence < minConfidence) continue;
      const rhsCount = countOf.get(String(rhs))!;
      rules.push(measureRule([...lhs], rhs, count, lhsCount, rhsCount, total));
    }
  }
  return rules;
}

export function measureRule(lhs: number[], rhs: number, count: number, lhsCount: number, rhsCount: number, total: number): AssociationRule {
  const support = count / total;
  const confidence = count / lhsCount;
  const coverage = lhsCount / total;
  const rhsSupport = rhsCount / total;
  return {
    lhs,
    rhs,
    count,
    support,
    confidence,
    lift: (count * total) / (lhsCount * rhsCount),
    leverage: support - coverage * rhsSupport,
    conviction: count === lhsCount ? Infinity : (1 - rhsSupport) / (1 - confidence),
    coverage,
  };
}

/** Highest lift first; ties by count, then by the item ids, so the order is deterministic. */
export function sortRulesByLift(rules: AssociationRule[]): AssociationRule[] {
  return rules.sort(
    (a, b) => b.lift - a.lift || b.count - a.count || a.rhs - b.rhs || toItemsetKey(a.lhs).localeCompare(toItemsetKey(b.lhs)),
  );
}

function compileItemFilter(filter: ItemFilter | undefined, itemNames: string[], side: string): (item: number) => boolean {
  if (filter === undefined) return () => true;
  const idOf = new Map(itemNames.map((name, id) => [name, id]));
  const resolve = (names: string[]): Set<number> =>
    new Set(
      names.map((name) => {
        const id = idOf.get(name);
        if (id === undefined) {
          throw new AnalyticsError('INVALID_PARAMETER', `Item filter for ${side} names unknown item "${name}"`, { parameter: side, item: name });
        }
        return id;
      }),
    );
  const include = filter.include === undefined ? null : resolve(filter.include);
  const exclude = resolve(filter.exclude ?? []);
  return (item) => (include === null || include.has(item)) && !exclude.has(item);
}

/** Human-readable rule, for logs and the CLI: {a,b} => {c}. */
export function formatRule(ruleSet: RuleSet, rule: AssociationRule): string {
  return `${formatItemset(rule.lhs.map((id) => ruleSet.itemNames[id]))} => {${ruleSet.itemNames[rule.rhs]}}`;
}

/** Items sorted by label, as R arules prints them. */
export function formatItemset(names: string[]): string {
  return `{${[...names].sort().join(',')}}`;
}
