// Named RFM segments from the recency and frequency scores (1-5), the usual grid of RFM analyses: the monetary
// score is shown beside them but does not move a customer between segments.
export const rfmSegments = ['champions', 'loyal', 'promising', 'needsAttention', 'atRisk', 'hibernating', 'lost'] as const;
export type RfmSegment = (typeof rfmSegments)[number];

export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 4 && f >= 4) return 'champions';
  if (r >= 3 && f >= 3) return 'loyal';
  if (r >= 4) return 'promising';
  if (r === 3) return 'needsAttention';
  if (f >= 3) return 'atRisk';
  if (r === 2) return 'hibernating';
  return 'lost';
}
