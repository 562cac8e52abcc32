/** Adjusted Rand index (Hubert, Arabie 1985) between two labelings of the same rows. */
export function computeAdjustedRandIndex(left: ArrayLike<number>, right: ArrayLike<number>): number {
  const table = new Map<string, number>();
  const leftSizes = new Map<number, number>();
  const rightSizes = new Map<number, number>();
  for (let i = 0; i < left.length; i++) {
    const key = `${left[i]}:${right[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    leftSizes.set(left[i], (leftSizes.get(left[i]) ?? 0) + 1);
    rightSizes.set(right[i], (rightSizes.get(right[i]) ?? 0) + 1);
  }
  const pairs = (count: number) => (count * (count - 1)) / 2;
  let index = 0;
  for (const count of table.values()) index += pairs(count);
  let leftPairs = 0;
  for (const count of leftSizes.values()) leftPairs += pairs(count);
  let rightPairs = 0;
  for (const count of rightSizes.values()) rightPairs += pairs(count);
  const expected = (leftPairs * rightPairs) / pairs(left.length);
  const maximum = (leftPairs + rightPairs) / 2;
  return maximum === expected ? 1 : (index - expected) / (maximum - expected);
}
