/**
 * EM clustering speed: 100,000 rows x 10 numeric columns drawn from 6 Gaussian clusters, Gaussian
 * mixtures for every K = 2..10 (diagonal and full covariance), one k-means++ start per K, scikit-learn's
 * default tolerance (1e-3 mean log-likelihood per row). Median of runs; BIC must pick K = 6.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createGaussianFamily, type CovarianceType } from '../packages/analytics/src/gaussian-mixture.js';
import { selectMixtureByBic } from '../packages/analytics/src/mixture-em.js';
import { createRandom } from '../packages/analytics/src/random.js';
import { measureCpuSeconds, median, repoRoot } from './analytics-datasets.js';

const ROWS = 100_000;
const COLUMNS = 10;
const TRUE_K = 6;
const RUNS = Number(process.env.EM_RUNS ?? 3);

function generateMixtureData(seed = 3): Float64Array {
  const random = createRandom(seed);
  const centres = Array.from({ length: TRUE_K }, () => Array.from({ length: COLUMNS }, () => random.next() * 20));
  const scales = Array.from({ length: TRUE_K }, () => Array.from({ length: COLUMNS }, () => 0.5 + random.next()));
  const values = new Float64Array(ROWS * COLUMNS);
  for (let i = 0; i < ROWS; i++) {
    const cluster = random.nextInt(TRUE_K);
    for (let d = 0; d < COLUMNS; d++) values[i * COLUMNS + d] = centres[cluster][d] + scales[cluster][d] * random.nextNormal();
  }
  return values;
}

function measure(values: Float64Array, covariance: CovarianceType) {
  const ks = [2, 3, 4, 5, 6, 7, 8, 9, 10];
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let chosenK = 0;
  let iterations = 0;
  for (let run = 0; run < RUNS; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { best, fits } = selectMixtureByBic(createGaussianFamily(values, COLUMNS, covariance), ks, { restarts: 1, tolerance: 1e-3, maxIterations: 100, seed: run + 1 });
    times.push((performance.now() - started) / 1000);
    cpuTimes.push(measureCpuSeconds(cpu));
    chosenK = best.k;
    iterations = fits.reduce((sum, fit) => sum + fit.iterations, 0);
    console.log(`EM ${covariance} run ${run + 1}: ${times[run].toFixed(2)} s, best K ${best.k}, ${iterations} EM iterations in all`);
  }
  return { covariance, medianSeconds: median(times), medianCpuSeconds: median(cpuTimes), runsSeconds: times, chosenK, totalIterations: iterations };
}

function main(): void {
  const values = generateMixtureData();
  const results = [measure(values, 'diagonal'), measure(values, 'full')];
  const output = { measuredAt: new Date().toISOString(), node: process.version, loadAverage: loadavg(), data: { rows: ROWS, columns: COLUMNS, trueK: TRUE_K }, ks: '2..10', results };
  writeFileSync(join(repoRoot, 'bench', 'results', 'analytics-em.json'), JSON.stringify(output, null, 2) + '\n');
}

main();
