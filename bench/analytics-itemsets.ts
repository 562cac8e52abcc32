/**
 * Frequent-itemset mining speed: Groceries at support 0.001 beside npm node-fpgrowth (measured in the
 * same run), and T10I4D100K / retail at 0.001 and 0.0005 with memory. Median of several runs; run
 * with `node --expose-gc --import tsx bench/analytics-itemsets.ts` (npm run bench:analytics does).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { FPGrowth } from 'node-fpgrowth';
import { mineItemsets } from '../packages/analytics/src/itemset-mining.js';
import { parseTransactions, type TransactionDatabase } from '../packages/analytics/src/transactions.js';
import { measureCpuSeconds, median, readDataset, repoRoot } from './analytics-datasets.js';

interface Measurement {
  dataset: string;
  minSupport: number;
  implementation: string;
  itemsets: number;
  medianSeconds: number;
  /** CPU time of the process during the run: robust to other engineers' load on the shared cores. */
  medianCpuSeconds: number;
  runsSeconds: number[];
  resultMegabytes?: number;
  peakRssMegabytes?: number;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Timed runs (after one warm-up run), then one untimed run for memory, so forced GC never skews timings. */
function measureOurs(name: string, database: TransactionDatabase, minSupport: number, runs: number, algorithm: 'fp-growth' | 'apriori' = 'fp-growth'): Measurement {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let itemsets = 0;
  for (let run = 0; run < runs + 1; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const table = mineItemsets(database, { minSupport, algorithm });
    const seconds = (performance.now() - started) / 1000;
    itemsets = table.counts.length;
    if (run > 0) {
      times.push(seconds);
      cpuTimes.push(measureCpuSeconds(cpu));
    }
  }
  // Memory: peak resident set of the process, and the exact size of the result's typed arrays.
  collectGarbage();
  const table = mineItemsets(database, { minSupport, algorithm });
  const peakRss = process.memoryUsage().rss;
  if (table.counts.length !== itemsets) throw new Error('itemset count changed between runs');
  const resultBytes = table.offsets.byteLength + table.items.byteLength + table.counts.byteLength;
  return {
    dataset: name,
    minSupport,
    implementation: `@svyaz/analytics ${algorithm}`,
    itemsets,
    medianSeconds: median(times),
    medianCpuSeconds: median(cpuTimes),
    runsSeconds: times,
    resultMegabytes: resultBytes / 1e6,
    peakRssMegabytes: peakRss / 1e6,
  };
}

async function measureNodeFpGrowth(name: string, baskets: string[][], minSupport: number, runs: number): Promise<Measurement> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let itemsets = 0;
  for (let run = 0; run < runs + 1; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await new FPGrowth<string>(minSupport).exec(baskets);
    const seconds = (performance.now() - started) / 1000;
    itemsets = result.length;
    if (run > 0) {
      times.push(seconds);
      cpuTimes.push(measureCpuSeconds(cpu));
    }
  }
  return {
    dataset: name,
    minSupport,
    implementation: 'node-fpgrowth 1.2.1 (reference)',
    itemsets,
    medianSeconds: median(times),
    medianCpuSeconds: median(cpuTimes),
    runsSeconds: times,
  };
}

async function main(): Promise<void> {
  const results: Measurement[] = [];
  const groceriesText = readDataset('groceries.csv');
  const groceries = parseTransactions(groceriesText, 'basket');
  const groceryBaskets: string[][] = [];
  for (let b = 0; b + 1 < groceries.offsets.length; b++) {
    groceryBaskets.push(Array.from(groceries.items.subarray(groceries.offsets[b], groceries.offsets[b + 1]), (id) => groceries.itemNames[id]));
  }
  results.push(measureOurs('groceries', groceries, 0.001, 7));
  results.push(measureOurs('groceries', groceries, 0.001, 3, 'apriori'));
  results.push(await measureNodeFpGrowth('groceries', groceryBaskets, 0.001, 3));
  for (const file of ['T10I4D100K.dat', 'retail.dat']) {
    const database = parseTransactions(readDataset(file), 'fimi');
    for (const minSupport of [0.001, 0.0005]) results.push(measureOurs(file, database, minSupport, 3));
  }
  for (const result of results) {
    console.log(
      `${result.dataset.padEnd(16)} ${String(result.minSupport).padEnd(7)} ${result.implementation.padEnd(32)} ${String(result.itemsets).padStart(7)} itemsets  ${result.medianSeconds.toFixed(3)} s (cpu ${result.medianCpuSeconds.toFixed(3)} s)` +
        (result.peakRssMegabytes ? `  rss ${result.peakRssMegabytes.toFixed(0)} MB, result ${result.resultMegabytes!.toFixed(2)} MB` : ''),
    );
  }
  const output = { measuredAt: new Date().toISOString(), node: process.version, loadAverage: loadavg(), results };
  writeFileSync(join(repoRoot, 'bench', 'results', 'analytics-itemsets.json'), JSON.stringify(output, null, 2) + '\n');
}

await main();
