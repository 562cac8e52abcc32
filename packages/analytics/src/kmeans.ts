import type { Random } from './random.js';

/**
 * k-means++ seeding (Arthur, Vassilvitskii 2007) followed by Lloyd iterations; used to start EM.
 * Points are rows of a row-major matrix; returns the hard assignment of every row.
 */
export function clusterWithKMeans(values: Float64Array, dimension: number, k: number, random: Random, maxIterations = 100): Int32Array {
  const rows = values.length / dimension;
  const centres = seedCentresWithKMeansPlusPlus(values, dimension, k, random);
  const assignments = new Int32Array(rows).fill(-1);
  const sums = new Float64Array(k * dimension);
  const sizes = new Int32Array(k);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let changed = 0;
    for (let i = 0; i < rows; i++) {
      const nearest = findNearestCentre(values, i * dimension, centres, dimension, k);
      if (nearest !== assignments[i]) {
        assignments[i] = nearest;
        changed++;
      }
    }
    // Seeding EM needs a good start, not a converged k-means: stop once under 0.1% of rows move.
    if (changed <= rows * 0.001) break;
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < rows; i++) {
      const c = assignments[i];
      sizes[c]++;
      for (let d = 0; d < dimension; d++) sums[c * dimension + d] += values[i * dimension + d];
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue;
      for (let d = 0; d < dimension; d++) centres[c * dimension + d] = sums[c * dimension + d] / sizes[c];
    }
  }
  return assignments;
}

export function seedCentresWithKMeansPlusPlus(values: Float64Array, dimension: number, k: number, random: Random): Float64Array {
  const rows = values.length / dimension;
  const centres = new Float64Array(k * dimension);
  const distances = new Float64Array(rows).fill(Infinity);
  let chosen = random.nextInt(rows);
  for (let c = 0; c < k; c++) {
    centres.set(values.subarray(chosen * dimension, (chosen + 1) * dimension), c * dimension);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      let distance = 0;
      for (let d = 0; d < dimension; d++) {
        const diff = values[i * dimension + d] - centres[c * dimension + d];
        distance += diff * diff;
      }
      if (distance < distances[i]) distances[i] = distance;
      total += distances[i];
    }
    if (c + 1 === k) break;
    if (total === 0) {
      chosen = random.nextInt(rows);
      continue;
    }
    let threshold = random.next() * total;
    chosen = rows - 1;
    for (let i = 0; i < rows; i++) {
      threshold -= distances[i];
      if (threshold < 0) {
        chosen = i;
        break;
      }
    }
  }
  return centres;
}

function findNearestCentre(values: Float64Array, offset: number, centres: Float64Array, dimension: number, k: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    let distance = 0;
    for (let d = 0; d < dimension; d++) {
      const diff = values[offset + d] - centres[c * dimension + d];
      distance += diff * diff;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return best;
}
