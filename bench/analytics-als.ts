/**
 * Implicit ALS on 1,000,000 synthetic interactions (100,000 customers x 10,000 products, 32 factors,
 * 10 iterations) and top-10 serving latency. Customers belong to 50 hidden taste groups; each buys 10
 * distinct products, mostly from its group's catalogue slice, with popularity skew. Median of runs.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreCustomerWithAls, trainAls } from '../packages/analytics/src/als.js';
import type { InteractionMatrix } from '../packages/analytics/src/interactions.js';
import { createRandom } from '../packages/analytics/src/random.js';
import { selectTopItems } from '../packages/analytics/src/top-items.js';
import { measureCpuSeconds, median, repoRoot } from './analytics-datasets.js';

const CUSTOMERS = 100_000;
const PRODUCTS = 10_000;
const PER_CUSTOMER = 10;
const GROUPS = 50;
const RUNS = Number(process.env.ALS_RUNS ?? 3);

export function generateSyntheticInteractions(seed = 1): InteractionMatrix {
  const random = createRandom(seed);
  const rowOffsets = new Int32Array(CUSTOMERS + 1);
  const columns = new Int32Array(CUSTOMERS * PER_CUSTOMER);
  const slice = PRODUCTS / GROUPS;
  const chosen = new Set<number>();
  for (let customer = 0; customer < CUSTOMERS; customer++) {
    const group = random.nextInt(GROUPS);
    chosen.clear();
    while (chosen.size < PER_CUSTOMER) {
      // Squaring a uniform skews towards the head: a few products sell far more than the rest.
      const skewed = Math.floor(random.next() ** 2 * slice);
      chosen.add(random.next() < 0.8 ? group * slice + skewed : Math.floor(random.next() ** 2 * PRODUCTS));
    }
    const sorted = [...chosen].sort((a, b) => a - b);
    columns.set(sorted, customer * PER_CUSTOMER);
    rowOffsets[customer + 1] = (customer + 1) * PER_CUSTOMER;
  }
  return {
    customerIds: Array.from({ length: CUSTOMERS }, (_, index) => `c${index}`),
    itemIds: Array.from({ length: PRODUCTS }, (_, index) => `p${index}`),
    rowOffsets,
    columns,
    values: new Float64Array(columns.length).fill(1),
  };
}

function measureServing(model: ReturnType<typeof trainAls>, matrix: InteractionMatrix, requests: number) {
  const random = createRandom(7);
  const scores = new Float64Array(PRODUCTS);
  const exclude = new Uint8Array(PRODUCTS);
  const latencies: number[] = [];
  for (let request = 0; request < requests; request++) {
    const customer = random.nextInt(CUSTOMERS);
    const started = performance.now();
    for (let p = matrix.rowOffsets[customer]; p < matrix.rowOffsets[customer + 1]; p++) exclude[matrix.columns[p]] = 1;
    scoreCustomerWithAls(model, customer, scores);
    const top = selectTopItems(scores, 10, exclude);
    for (let p = matrix.rowOffsets[customer]; p < matrix.rowOffsets[customer + 1]; p++) exclude[matrix.columns[p]] = 0;
    latencies.push(performance.now() - started);
    if (top.length !== 10) throw new Error('serving returned fewer than 10 items');
  }
  latencies.sort((a, b) => a - b);
  return { p50Milliseconds: latencies[Math.floor(requests * 0.5)], p95Milliseconds: latencies[Math.floor(requests * 0.95)], requests };
}

function main(): void {
  const matrix = generateSyntheticInteractions();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let model: ReturnType<typeof trainAls> | null = null;
  for (let run = 0; run < RUNS; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    model = trainAls(matrix, { factors: 32, iterations: 10, seed: run + 1 });
    times.push((performance.now() - started) / 1000);
    cpuTimes.push(measureCpuSeconds(cpu));
    console.log(`ALS run ${run + 1}: ${times[run].toFixed(2)} s (cpu ${cpuTimes[run].toFixed(2)} s)`);
  }
  const serving = measureServing(model!, matrix, 2000);
  const result = {
    measuredAt: new Date().toISOString(),
    loadAverage: loadavg(),
    node: process.version,
    data: { customers: CUSTOMERS, products: PRODUCTS, interactions: matrix.columns.length },
    options: { factors: 32, iterations: 10, conjugateGradientSteps: 3 },
    medianTrainSeconds: median(times),
    medianTrainCpuSeconds: median(cpuTimes),
    runsSeconds: times,
    serving,
    peakRssMegabytes: process.memoryUsage().rss / 1e6,
  };
  console.log(`ALS median ${result.medianTrainSeconds.toFixed(2)} s; top-10 p50 ${serving.p50Milliseconds.toFixed(3)} ms, p95 ${serving.p95Milliseconds.toFixed(3)} ms`);
  writeFileSync(join(repoRoot, 'bench', 'results', 'analytics-als.json'), JSON.stringify(result, null, 2) + '\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
