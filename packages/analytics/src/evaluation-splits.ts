import { AnalyticsError } from './errors.js';
import type { Interaction } from './interactions.js';
import { createRandom, shuffleInPlace } from './random.js';

export type SplitSpec = { kind: 'random'; testFraction: number } | { kind: 'leave-last' } | { kind: 'cold-start'; testFraction: number };

export interface EvaluationSplit {
  train: Interaction[];
  /** Held-out items per test customer. */
  test: Map<string, Set<string>>;
  coldStart: boolean;
}

/** Parses "random:0.25", "leave-last" or "cold-start:0.2". */
export function parseSplitSpec(text: string): SplitSpec {
  if (text === 'leave-last') return { kind: 'leave-last' };
  const match = /^(random|cold-start):([0-9.]+)$/.exec(text);
  const fraction = match ? Number(match[2]) : NaN;
  if (!match || !(fraction > 0 && fraction < 1)) {
    throw new AnalyticsError('INVALID_PARAMETER', `split must be random:F, leave-last or cold-start:F with F in (0, 1), got "${text}"`, {
      parameter: 'split',
    });
  }
  return { kind: match[1] as 'random' | 'cold-start', testFraction: fraction };
}

/**
 * random:F holds out a fraction F of each customer's distinct items (at least one, keeping at least one);
 * leave-last holds out each customer's latest item (by timestamp, then input order); both only for
 * customers with two or more items. cold-start:F holds out every item of a fraction F of the customers.
 */
export function splitInteractions(interactions: readonly Interaction[], spec: SplitSpec, seed = 42): EvaluationSplit {
  const random = createRandom(seed);
  const byCustomer = new Map<string, { items: string[]; lastPosition: Map<string, number> }>();
  interactions.forEach((entry, position) => {
    let record = byCustomer.get(entry.customer);
    if (record === undefined) {
      record = { items: [], lastPosition: new Map() };
      byCustomer.set(entry.customer, record);
    }
    if (!record.lastPosition.has(entry.item)) record.items.push(entry.item);
    record.lastPosition.set(entry.item, position);
  });
  const heldOut = new Map<string, Set<string>>();
  if (spec.kind === 'cold-start') {
    const customers = shuffleInPlace([...byCustomer.keys()], random);
    const count = Math.max(1, Math.round(spec.testFraction * customers.length));
    for (const customer of customers.slice(0, count)) heldOut.set(customer, new Set(byCustomer.get(customer)!.items));
  } else {
    for (const [customer, record] of byCustomer) {
      if (record.items.length < 2) continue;
      if (spec.kind === 'leave-last') {
        const order = (item: string) => {
          const position = record.lastPosition.get(item)!;
          return [interactions[position].timestamp ?? 0, position];
        };
        const last = record.items.reduce((best, item) => {
          const [time, position] = order(item);
          const [bestTime, bestPosition] = order(best);
          return time > bestTime || (time === bestTime && position > bestPosition) ? item : best;
        });
        heldOut.set(customer, new Set([last]));
      } else {
        const count = Math.min(record.items.length - 1, Math.max(1, Math.round(spec.testFraction * record.items.length)));
        heldOut.set(customer, new Set(shuffleInPlace([...record.items], random).slice(0, count)));
      }
    }
  }
  const train = interactions.filter((entry) => !heldOut.get(entry.customer)?.has(entry.item));
  if (train.length === 0) throw new AnalyticsError('TOO_FEW_ROWS', 'The split leaves no training interactions');
  if (heldOut.size === 0) throw new AnalyticsError('TOO_FEW_ROWS', 'The split leaves no test customers (each needs two or more items)');
  return { train, test: heldOut, coldStart: spec.kind === 'cold-start' };
}
