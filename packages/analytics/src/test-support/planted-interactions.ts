import type { Interaction } from '../interactions.js';
import { createRandom } from '../random.js';

/**
 * Two planted communities: customers g0-* buy mostly items a0..a5, customers g1-* mostly b0..b5,
 * and everyone buys "staple". A recommender with signal ranks the own community's items first.
 */
export function plantCommunities(customersPerGroup = 60, seed = 5): Interaction[] {
  const random = createRandom(seed);
  const interactions: Interaction[] = [];
  for (const group of [0, 1]) {
    const own = group === 0 ? 'a' : 'b';
    const other = group === 0 ? 'b' : 'a';
    for (let c = 0; c < customersPerGroup; c++) {
      const customer = `g${group}-${c}`;
      interactions.push({ customer, item: 'staple', timestamp: 0 });
      for (let i = 0; i < 6; i++) {
        if (random.next() < 0.5) interactions.push({ customer, item: `${own}${i}`, timestamp: 1 + i });
        if (random.next() < 0.05) interactions.push({ customer, item: `${other}${i}`, timestamp: 1 + i });
      }
    }
  }
  return interactions;
}
