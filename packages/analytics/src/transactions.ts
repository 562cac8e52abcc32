import { AnalyticsError } from './errors.js';
import { parseCsvRows } from './csv.js';

/**
 * A transaction database in compressed form: item ids are dense integers 0..itemNames.length-1,
 * basket b holds items[offsets[b] .. offsets[b+1]) (sorted ascending, no duplicates).
 */
export interface TransactionDatabase {
  itemNames: string[];
  offsets: Int32Array;
  items: Int32Array;
}

export type BasketFormat = 'basket' | 'fimi';

export function countTransactions(database: TransactionDatabase): number {
  return database.offsets.length - 1;
}

/** Builds a database from baskets of item labels; duplicate items in a basket are an error. */
export function createTransactionDatabase(baskets: readonly (readonly string[])[]): TransactionDatabase {
  const idByName = new Map<string, number>();
  const itemNames: string[] = [];
  let total = 0;
  for (const basket of baskets) total += basket.length;
  const offsets = new Int32Array(baskets.length + 1);
  const items = new Int32Array(total);
  let cursor = 0;
  baskets.forEach((basket, basketIndex) => {
    const start = cursor;
    for (const name of basket) {
      let id = idByName.get(name);
      if (id === undefined) {
        id = itemNames.length;
        idByName.set(name, id);
        itemNames.push(name);
      }
      items[cursor++] = id;
    }
    const sorted = items.subarray(start, cursor).sort();
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i] === sorted[i - 1]) {
        throw new AnalyticsError(
          'DUPLICATE_ITEM',
          `Basket ${basketIndex + 1} contains item "${itemNames[sorted[i]]}" more than once`,
          { basket: basketIndex + 1, item: itemNames[sorted[i]] },
        );
      }
    }
    offsets[basketIndex + 1] = cursor;
  });
  return { itemNames, offsets, items };
}

/** Rejects data that cannot support itemset mining: no baskets or a single basket. */
export function assertMinableDatabase(database: TransactionDatabase): void {
  const count = countTransactions(database);
  if (count === 0 || database.items.length === 0) {
    throw new AnalyticsError('EMPTY_DATA', 'The transaction data holds no baskets');
  }
  if (count < 2) {
    throw new AnalyticsError('TOO_FEW_ROWS', `The transaction data holds only ${count} basket; at least 2 are needed`, {
      baskets: count,
    });
  }
}

/** Parses basket format (one basket per line, CSV-quoted items) or FIMI (space-separated ids). */
export function parseTransactions(text: string, format: BasketFormat): TransactionDatabase {
  const baskets = format === 'basket' ? parseBasketLines(text) : parseFimiLines(text);
  const database = createTransactionDatabase(baskets);
  assertMinableDatabase(database);
  return database;
}

function parseBasketLines(text: string): string[][] {
  return parseCsvRows(text)
    .map((row) => row.map((item) => item.trim()).filter((item) => item.length > 0))
    .filter((row) => row.length > 0);
}

function parseFimiLines(text: string): string[][] {
  const baskets: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length === 0) continue;
    baskets.push(trimmed.split(/\s+/));
  }
  return baskets;
}

/** Item frequencies (number of baskets containing each item). */
export function countItems(database: TransactionDatabase): Int32Array {
  const counts = new Int32Array(database.itemNames.length);
  for (let i = 0; i < database.items.length; i++) counts[database.items[i]]++;
  return counts;
}
