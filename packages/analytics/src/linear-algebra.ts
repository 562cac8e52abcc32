/** Small dense linear algebra on row-major arrays (n x n), enough for mixtures, ALS and EASE. */

export class NotPositiveDefiniteError extends Error {
  constructor() {
    super('matrix is not positive definite');
  }
}

/** Lower Cholesky factor L (L L^T = A) written into out; throws NotPositiveDefiniteError. */
export function decomposeCholesky(matrix: ArrayLike<number>, size: number, out: Float64Array | number[]): void {
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * size + j];
      for (let k = 0; k < j; k++) sum -= out[i * size + k] * out[j * size + k];
      if (i === j) {
        if (!(sum > 0)) throw new NotPositiveDefiniteError();
        out[i * size + i] = Math.sqrt(sum);
      } else {
        out[i * size + j] = sum / out[j * size + j];
      }
    }
    for (let j = i + 1; j < size; j++) out[i * size + j] = 0;
  }
}

/** log det A from its Cholesky factor. */
export function computeLogDeterminantFromCholesky(lower: ArrayLike<number>, size: number): number {
  let sum = 0;
  for (let i = 0; i < size; i++) sum += Math.log(lower[i * size + i]);
  return 2 * sum;
}

/** Solves L y = b in place (forward substitution). */
export function solveLowerInPlace(lower: ArrayLike<number>, size: number, vector: Float64Array): void {
  for (let i = 0; i < size; i++) {
    let sum = vector[i];
    for (let k = 0; k < i; k++) sum -= lower[i * size + k] * vector[k];
    vector[i] = sum / lower[i * size + i];
  }
}

/** Solves L^T x = y in place (backward substitution). */
export function solveUpperTransposedInPlace(lower: ArrayLike<number>, size: number, vector: Float64Array): void {
  for (let i = size - 1; i >= 0; i--) {
    let sum = vector[i];
    for (let k = i + 1; k < size; k++) sum -= lower[k * size + i] * vector[k];
    vector[i] = sum / lower[i * size + i];
  }
}

/** Inverse of a symmetric positive definite matrix via Cholesky; O(n^3). */
export function invertSymmetricPositiveDefinite(matrix: ArrayLike<number>, size: number): Float64Array {
  const lower = new Float64Array(size * size);
  decomposeCholesky(matrix, size, lower);
  const inverse = new Float64Array(size * size);
  const column = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    column.fill(0);
    column[j] = 1;
    solveLowerInPlace(lower, size, column);
    solveUpperTransposedInPlace(lower, size, column);
    for (let i = 0; i < size; i++) inverse[i * size + j] = column[i];
  }
  return inverse;
}

/** Solves A x = b for symmetric positive definite A. */
export function solveSymmetricPositiveDefinite(matrix: ArrayLike<number>, size: number, rightHandSide: ArrayLike<number>): Float64Array {
  const lower = new Float64Array(size * size);
  decomposeCholesky(matrix, size, lower);
  const solution = Float64Array.from(rightHandSide);
  solveLowerInPlace(lower, size, solution);
  solveUpperTransposedInPlace(lower, size, solution);
  return solution;
}
