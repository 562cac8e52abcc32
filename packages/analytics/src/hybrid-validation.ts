import { AnalyticsError } from './errors.js';
import { describeSplit, splitInteractions, type SplitSpec } from './evaluation-splits.js';
import { BLEND_SOURCES, learnBlendWeights, prepareValidationCase, type BlendComponents, type BlendFit, type BlendWeights, type PreparedCase } from './hybrid-blend.js';
import type { HybridOptions } from './hybrid.js';
import { buildInteractionMatrix, type Interaction, type InteractionMatrix } from './interactions.js';
import { createRandom, shuffleInPlace } from './random.js';
import { recountSegmentPopularity, type CustomerRecord, type SegmentModel } from './segments.js';

const FIXED_BLEND: BlendWeights = { collaborative: 1, ease: 0, rules: 1, popularity: 0.5, segment: 0 };
const MIN_VALIDATION_CUSTOMERS = 20;

/** The validation split the weights are learnt on when none is given. */
function defaultValidation(interactions: readonly Interaction[]): SplitSpec[] {
  let first: number | undefined;
  const dated = interactions.some((entry) => entry.timestamp !== undefined && (first ??= entry.timestamp) !== entry.timestamp);
  return dated ? [{ kind: 'time', testFraction: 0.2 }, { kind: 'random', testFraction: 0.2 }] : [{ kind: 'random', testFraction: 0.2 }];
}

/**
 * The held-out items of a random:F validation split, as leave-one-out: one random item of each customer
 * who has at least ceil(1/F) distinct items, so that holding it out takes no larger a share of their
 * history than the test split took (random:F again would cut a 3-item basket to 2, and a 2-item one in
 * half). Training the components without those items then mimics the test with as little extra damage
 * as one item per validation customer. Null when fewer than MIN_VALIDATION_CUSTOMERS qualify: the caller
 * falls back to random:F itself.
 */
export function holdOutOneItem(interactions: readonly Interaction[], testFraction: number, seed: number): Map<string, Set<string>> | null {
  const minItems = Math.max(2, Math.ceil(1 / testFraction - 1e-9));
  const random = createRandom(seed);
  const itemsOf = new Map<string, Set<string>>();
  for (const entry of interactions) {
    let items = itemsOf.get(entry.customer);
    if (items === undefined) itemsOf.set(entry.customer, (items = new Set()));
    items.add(entry.item);
  }
  const test = new Map<string, Set<string>>();
  for (const [customer, items] of itemsOf) {
    if (items.size < minItems) continue;
    const list = [...items];
    test.set(customer, new Set([list[random.nextInt(list.length)]]));
  }
  return test.size >= MIN_VALIDATION_CUSTOMERS ? test : null;
}

export interface BlendChoiceInput {
  interactions: readonly Interaction[];
  customers: readonly CustomerRecord[];
  matrix: InteractionMatrix;
  segments: SegmentModel | null;
  components: BlendComponents;
  options: HybridOptions;
  /** Trains the blend's components on a matrix (the same function the model itself is trained with). */
  trainComponents: (matrix: InteractionMatrix, segments: SegmentModel | null, options: HybridOptions) => BlendComponents;
}

/**
 * Fixed weights when given; otherwise carves a validation split from the training interactions (never
 * anything else), trains the same components without its held-out items, and learns the weights that
 * rank those items best. Too little data to validate on keeps the fixed defaults, and says so.
 */
export function chooseBlend(input: BlendChoiceInput): { blend: BlendWeights; blendFit: BlendFit } {
  const { interactions, customers, matrix, segments, components, options } = input;
  const k = options.learning?.k ?? 10;
  if (options.blend !== undefined) {
    const blend = Object.fromEntries(BLEND_SOURCES.map((source) => [source, options.blend![source] ?? 0])) as BlendWeights;
    return { blend, blendFit: { method: 'fixed', validation: 'given', validationCustomers: 0, k, ndcg: 0, singleSourceNdcg: {} } };
  }
  const seed = options.learning?.seed ?? 42;
  const specs = options.learning?.validation ? [options.learning.validation] : defaultValidation(interactions);
  const attributesById = new Map(customers.map((customer) => [customer.id, customer.attributes]));
  const itemIndex = new Map(matrix.itemIds.map((item, index) => [item, index]));
  let reason = 'too few customers to validate on';
  for (const spec of specs) {
    let split: { train: Interaction[] | null; test: Map<string, Set<string>> };
    let protocol = describeSplit(spec);
    const oneItem = spec.kind === 'random' ? holdOutOneItem(interactions, spec.testFraction, seed) : null;
    if (oneItem !== null && spec.kind === 'random') {
      split = { train: null, test: oneItem };
      protocol += ` as leave-one-out of customers with ${Math.max(2, Math.ceil(1 / spec.testFraction - 1e-9))}+ items`;
    } else {
      try {
        split = splitInteractions(interactions, spec, seed);
      } catch (error) {
        if (error instanceof AnalyticsError) {
          reason = error.message;
          continue;
        }
        throw error;
      }
    }
    const sampled = shuffleInPlace([...split.test.keys()], createRandom(seed)).slice(0, options.learning?.maxCustomers ?? 3000);
    // A time split trains everyone on the past. Otherwise the sample is cut into folds and each fold is
    // scored by components trained without that fold's held-out items only, so the others' baskets stay
    // whole: holding out from every customer at once halves the co-occurrence counts the item models see
    // and makes them look worse than they are (EASE more than item-kNN).
    const folds = spec.kind === 'time' ? 1 : Math.max(1, Math.min(options.learning?.folds ?? 3, sampled.length));
    const prepared: PreparedCase[] = [];
    let ease = true;
    let rules = false;
    for (let fold = 0; fold < folds; fold++) {
      const members = new Set(sampled.filter((_, index) => index % folds === fold));
      const train = spec.kind === 'time' && split.train !== null ? split.train : interactions.filter((entry) => !(members.has(entry.customer) && split.test.get(entry.customer)!.has(entry.item)));
      const validationMatrix = buildInteractionMatrix(train, options.weighting, matrix.itemIds);
      const validationComponents = input.trainComponents(validationMatrix, segments === null ? null : recountSegmentPopularity(segments, [...customers], validationMatrix), options);
      ease &&= validationComponents.ease !== null;
      rules ||= validationComponents.rules.rules.length > 0;
      const rowOf = new Map(validationMatrix.customerIds.map((id, row) => [id, row]));
      for (const customer of members) {
        const row = rowOf.get(customer);
        if (row === undefined) continue; // cold start is served by the segment fallback, not by the blend
        const relevant = [...split.test.get(customer)!].map((item) => itemIndex.get(item)).filter((index) => index !== undefined);
        if (relevant.length === 0) continue;
        const history = {
          items: Array.from(validationMatrix.columns.subarray(validationMatrix.rowOffsets[row], validationMatrix.rowOffsets[row + 1])),
          weights: Array.from(validationMatrix.values.subarray(validationMatrix.rowOffsets[row], validationMatrix.rowOffsets[row + 1])),
        };
        prepared.push(prepareValidationCase(validationComponents, { history, attributes: attributesById.get(customer) ?? {}, relevant }, k));
      }
    }
    if (prepared.length < MIN_VALIDATION_CUSTOMERS) {
      reason = `${protocol} leaves ${prepared.length} validation customers with a history`;
      continue;
    }
    const withAttributes = segments !== null && sampled.some((customer) => Object.keys(attributesById.get(customer) ?? {}).length > 0);
    const sources = BLEND_SOURCES.filter((source) => (source !== 'ease' || (ease && components.ease !== null)) && (source !== 'segment' || withAttributes) && (source !== 'rules' || rules));
    const fit = learnBlendWeights(prepared, { k, sources, minZ: options.learning?.minZ });
    return {
      blend: fit.weights,
      blendFit: {
        method: 'learned',
        validation: `${protocol}${folds > 1 ? `, ${folds} folds` : ''}`,
        validationCustomers: prepared.length,
        k,
        ndcg: fit.ndcg,
        singleSourceNdcg: fit.singleSourceNdcg,
        standardError: fit.standardError,
      },
    };
  }
  return { blend: { ...FIXED_BLEND }, blendFit: { method: 'fixed', validation: reason, validationCustomers: 0, k, ndcg: 0, singleSourceNdcg: {} } };
}
