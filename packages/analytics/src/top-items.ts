/**
 * Indices of the k highest scores, skipping excluded items (exclude[i] = 1), best first; ties go to the
 * lower index so rankings are deterministic. Items with score -Infinity are never returned.
 */
export function selectTopItems(scores: ArrayLike<number>, k: number, exclude?: Uint8Array): number[] {
  if (k <= 0) return [];
  const chosen: number[] = [];
  const chosenScores: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    if (score === -Infinity || Number.isNaN(score) || (exclude !== undefined && exclude[i] === 1)) continue;
    if (chosen.length === k && score <= chosenScores[k - 1]) continue;
    let position = chosen.length === k ? k - 1 : chosen.length;
    while (position > 0 && chosenScores[position - 1] < score) position--;
    chosen.splice(position, 0, i);
    chosenScores.splice(position, 0, score);
    if (chosen.length > k) {
      chosen.pop();
      chosenScores.pop();
    }
  }
  return chosen;
}
