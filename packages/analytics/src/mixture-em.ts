import { AnalyticsError, assertPositiveInteger } from './errors.js';
import { clusterWithKMeans } from './kmeans.js';
import { NotPositiveDefiniteError } from './linear-algebra.js';
import { createRandom } from './random.js';

/**
 * One family of mixture components (Gaussian, categorical, or a product of both). The EM driver
 * below is shared: families only estimate component parameters from responsibilities and evaluate
 * log densities. Component parameters are plain JSON-safe objects.
 */
export interface MixtureFamily<Component> {
  readonly rowCount: number;
  /** Rows in the space used to seed EM with k-means++ (row-major). */
  readonly seedingFeatures: { values: Float64Array; dimension: number };
  /** Free parameters of k components, excluding the k-1 mixing weights. */
  countParameters(k: number): number;
  /** M-step: parameters of each component from responsibilities (rows x k) and their column sums. */
  estimateComponents(responsibilities: Float64Array, k: number, totals: Float64Array): Component[];
  /** E-step input: out[i * k + c] = log density of row i under component c. */
  writeLogDensities(components: Component[], out: Float64Array): void;
}

export interface MixtureOptions {
  /** Independent EM runs from different k-means++ seeds; the best log-likelihood wins. Default 5. */
  restarts?: number;
  maxIterations?: number;
  /** Stop when the mean log-likelihood per row improves by less than this. Default 1e-8. */
  tolerance?: number;
  seed?: number;
}

export interface MixtureFit<Component> {
  k: number;
  weights: number[];
  components: Component[];
  logLikelihood: number;
  /** -2 log L + p ln n (scikit-learn convention: lower is better). */
  bic: number;
  parameterCount: number;
  iterations: number;
  converged: boolean;
  assignments: Int32Array;
}

export function fitMixture<Component>(family: MixtureFamily<Component>, k: number, options: MixtureOptions = {}): MixtureFit<Component> {
  assertPositiveInteger('k', k);
  if (k > family.rowCount) {
    throw new AnalyticsError('K_TOO_LARGE', `Cannot fit ${k} clusters to ${family.rowCount} rows`, { k, rows: family.rowCount });
  }
  const restarts = options.restarts ?? 5;
  assertPositiveInteger('restarts', restarts);
  const random = createRandom(options.seed ?? 42);
  let best: MixtureFit<Component> | null = null;
  let lastFailure: unknown = null;
  for (let restart = 0; restart < restarts; restart++) {
    const seedAssignments = clusterWithKMeans(family.seedingFeatures.values, family.seedingFeatures.dimension, k, random, 25);
    try {
      const fit = runExpectationMaximisation(family, k, seedAssignments, options);
      if (best === null || fit.logLikelihood > best.logLikelihood) best = fit;
    } catch (error) {
      if (!(error instanceof NotPositiveDefiniteError)) throw error;
      lastFailure = error;
    }
  }
  if (best === null) {
    throw new AnalyticsError('NUMERICAL_FAILURE', `Every EM run for k=${k} collapsed a component; try a smaller k or more regularisation`, {
      k,
      cause: String(lastFailure),
    });
  }
  return best;
}

function runExpectationMaximisation<Component>(
  family: MixtureFamily<Component>,
  k: number,
  seedAssignments: Int32Array,
  options: MixtureOptions,
): MixtureFit<Component> {
  const rows = family.rowCount;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-8;
  const responsibilities = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) responsibilities[i * k + seedAssignments[i]] = 1;
  const totals = new Float64Array(k);
  const weights = new Float64Array(k);
  let components = maximise(family, responsibilities, k, totals, weights);
  let logLikelihood = -Infinity;
  let converged = false;
  let iteration = 0;
  while (iteration < maxIterations) {
    iteration++;
    const next = computeResponsibilities(family, components, weights, k, responsibilities);
    const improvement = (next - logLikelihood) / rows;
    logLikelihood = next;
    if (Math.abs(improvement) < tolerance) {
      converged = true;
      break;
    }
    components = maximise(family, responsibilities, k, totals, weights);
  }
  const parameterCount = family.countParameters(k) + k - 1;
  return {
    k,
    weights: Array.from(weights),
    components,
    logLikelihood,
    bic: -2 * logLikelihood + parameterCount * Math.log(rows),
    parameterCount,
    iterations: iteration,
    converged,
    assignments: assignFromResponsibilities(responsibilities, rows, k),
  };
}

function maximise<Component>(
  family: MixtureFamily<Component>,
  responsibilities: Float64Array,
  k: number,
  totals: Float64Array,
  weights: Float64Array,
): Component[] {
  const rows = family.rowCount;
  totals.fill(0);
  for (let i = 0; i < rows; i++) for (let c = 0; c < k; c++) totals[c] += responsibilities[i * k + c];
  // As scikit-learn: a tiny floor keeps empty components from dividing by zero.
  for (let c = 0; c < k; c++) totals[c] += 10 * Number.EPSILON;
  for (let c = 0; c < k; c++) weights[c] = totals[c] / rows;
  return family.estimateComponents(responsibilities, k, totals);
}

/** E-step: overwrites log densities with responsibilities; returns the total log-likelihood. */
function computeResponsibilities<Component>(
  family: MixtureFamily<Component>,
  components: Component[],
  weights: Float64Array,
  k: number,
  responsibilities: Float64Array,
): number {
  family.writeLogDensities(components, responsibilities);
  const logWeights = Array.from(weights, (weight) => Math.log(weight));
  let total = 0;
  for (let i = 0; i < family.rowCount; i++) {
    const base = i * k;
    let maximum = -Infinity;
    for (let c = 0; c < k; c++) {
      const value = responsibilities[base + c] + logWeights[c];
      responsibilities[base + c] = value;
      if (value > maximum) maximum = value;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(responsibilities[base + c] - maximum);
    const logNormaliser = maximum + Math.log(sum);
    total += logNormaliser;
    for (let c = 0; c < k; c++) responsibilities[base + c] = Math.exp(responsibilities[base + c] - logNormaliser);
  }
  if (!Number.isFinite(total)) throw new NotPositiveDefiniteError();
  return total;
}

export function assignFromResponsibilities(responsibilities: Float64Array, rows: number, k: number): Int32Array {
  const assignments = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (responsibilities[i * k + c] > responsibilities[i * k + best]) best = c;
    assignments[i] = best;
  }
  return assignments;
}

/** Fits every k in the range and picks the lowest BIC. */
export function selectMixtureByBic<Component>(
  family: MixtureFamily<Component>,
  ks: number[],
  options: MixtureOptions = {},
): { best: MixtureFit<Component>; fits: MixtureFit<Component>[] } {
  if (ks.length === 0) throw new AnalyticsError('INVALID_PARAMETER', 'No values of k to try', { parameter: 'k' });
  const fits = ks.map((k) => fitMixture(family, k, options));
  const best = fits.reduce((left, right) => (right.bic < left.bic ? right : left));
  return { best, fits };
}
