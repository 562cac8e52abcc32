import { AnalyticsError } from './errors.js';
import type { Interaction } from './interactions.js';
import { createRandom, shuffleInPlace } from './random.js';

export type SplitSpec =
  | { kind: 'random'; testFraction: number }
  | { kind: 'leave-last' }
  | { kind: 'cold-start'; testFraction: number }
  /** Train before a moment, test after it: at `cutoff` (ms or the data's own time unit) or where the last `testFraction` of the interactions begins. */
  | { kind: 'time'; testFraction?: number; cutoff?: number };

export interface EvaluationSplit {
  train: Interaction[];
  /** Held-out items per test customer. */
  test: Map<string, Set<string>>;
  coldStart: boolean;
}

/** Parses "random:0.25", "leave-last", "cold-start:0.2", "time:0.2" (the latest 20 % of interactions) or "time:2024-07-01" (a date). */
export function parseSplitSpec(text: string): SplitSpec {
  if (text === 'leave-last') return { kind: 'leave-last' };
  if (text.startsWith('time:')) {
    const value = text.slice(5);
    if (/^[0-9.]+$/.test(value)) {
      const fraction = Number(value);
      if (fraction > 0 && fraction < 1) return { kind: 'time', testFraction: fraction };
    } else if (/^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(Date.parse(value))) {
      return { kind: 'time', cutoff: Date.parse(value) };
    }
    throw new AnalyticsError('INVALID_PARAMETER', `split time:X needs a fraction in (0, 1) or a date such as 2024-07-01, got "${value}"`, { parameter: 'split' });
  }
  const match = /^(random|cold-start):([0-9.]+)$/.exec(text);
  const fraction = match ? Number(match[2]) : NaN;
  if (!match || !(fraction > 0 && fraction < 1)) {
    throw new AnalyticsError('INVALID_PARAMETER', `split must be random:F, leave-last, cold-start:F or time:F (F in (0, 1)) or time:DATE, got "${text}"`, {
      parameter: 'split',
    });
  }
  return { kind: match[1] as 'random' | 'cold-start', testFraction: fraction };
}

/** The split as the command line writes it: "random:0.25", "time:2024-07-01". */
export function describeSplit(spec: SplitSpec): string {
  if (spec.kind === 'leave-last') return 'leave-last';
  if (spec.kind === 'time' && spec.cutoff !== undefined) return `time:${new Date(spec.cutoff).toISOString().slice(0, 10)}`;
  return `${spec.kind}:${spec.testFraction}`;
}

/**
 * The moment a time split cuts at: the given cutoff, or the timestamp where the latest testFraction of
 * the interactions begins. Interactions without a timestamp count as before any cutoff.
 */
export function findTimeCutoff(interactions: readonly Interaction[], spec: Extract<SplitSpec, { kind: 'time' }>): number {
  const times = interactions.map((entry) => entry.timestamp).filter((time): time is number => time !== undefined).sort((a, b) => a - b);
  if (times.length === 0 || times[0] === times[times.length - 1]) {
    throw new AnalyticsError('INVALID_PARAMETER', 'A time split needs interactions with at least two different timestamps', { parameter: 'split' });
  }
  if (spec.cutoff !== undefined) return spec.cutoff;
  const cutoff = times[Math.min(times.length - 1, Math.floor((1 - (spec.testFraction ?? 0.2)) * times.length))];
  // All of the latest interactions may share one timestamp: cut there, which still leaves earlier ones to train on.
  return cutoff > times[0] ? cutoff : times.find((time) => time > times[0])!;
}

/**
 * time trains on everything before the cutoff and tests each customer who bought before it on the items
 * they bought at or after it and had not bought before (the next purchases a CRM predicts); customers
 * with no purchase before the cutoff are left out (cold-start:F measures them).
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
  if (spec.kind === 'time') return splitByTime(interactions, findTimeCutoff(interactions, spec));
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

function splitByTime(interactions: readonly Interaction[], cutoff: number): EvaluationSplit {
  const before = (entry: Interaction) => entry.timestamp === undefined || entry.timestamp < cutoff;
  const train = interactions.filter(before);
  const owned = new Map<string, Set<string>>();
  for (const entry of train) {
    let items = owned.get(entry.customer);
    if (items === undefined) owned.set(entry.customer, (items = new Set()));
    items.add(entry.item);
  }
  const test = new Map<string, Set<string>>();
  for (const entry of interactions) {
    if (before(entry)) continue;
    const history = owned.get(entry.customer);
    if (history === undefined || history.has(entry.item)) continue;
    let items = test.get(entry.customer);
    if (items === undefined) test.set(entry.customer, (items = new Set()));
    items.add(entry.item);
  }
  if (train.length === 0) throw new AnalyticsError('TOO_FEW_ROWS', 'The time split leaves no training interactions before the cutoff');
  if (test.size === 0) throw new AnalyticsError('TOO_FEW_ROWS', 'The time split leaves no test customers (none bought something new after the cutoff)');
  return { train, test, coldStart: false };
}
