// Request bodies of the pipelines API. Stages are given as the whole ordered list: an item with an id
// keeps (renames, re-kinds, reorders) that stage, an item without one adds a stage, a stage left out
// is removed (its deals move to the stage named in moveDealsTo).
import { z } from 'zod';

export const stageKinds = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof stageKinds)[number];

const uuid = z.uuid({ message: 'must be a UUID' });
const name = z.string().trim().min(1, { message: 'must not be empty' }).max(100, { message: 'must be at most 100 characters' });

export const stageInputSchema = z.strictObject({
  id: uuid.optional(),
  name,
  probability: z.number().int({ message: 'must be a whole number' }).min(0, { message: 'must be from 0 to 100' }).max(100, { message: 'must be from 0 to 100' }).optional(),
  kind: z.enum(stageKinds, { message: 'must be open, won or lost' }).optional(),
});
export type StageInput = z.infer<typeof stageInputSchema>;

export const pipelineCreateSchema = z.strictObject({
  name,
  isDefault: z.boolean().optional(),
  position: z.number().int().min(0).max(10000).optional(),
  stages: z.array(stageInputSchema.omit({ id: true })).min(1, { message: 'must contain at least one stage' }).max(50, { message: 'at most 50 stages' }),
});

export const pipelineUpdateSchema = z.strictObject({
  name: name.optional(),
  isDefault: z.boolean().optional(),
  position: z.number().int().min(0).max(10000).optional(),
  stages: z.array(stageInputSchema).min(1, { message: 'must contain at least one stage' }).max(50, { message: 'at most 50 stages' }).optional(),
  /** { removedStageId: targetStageId } for every removed stage that holds deals. */
  moveDealsTo: z.record(uuid, uuid).optional(),
});

export type PipelineCreateInput = z.infer<typeof pipelineCreateSchema>;
export type PipelineUpdateInput = z.infer<typeof pipelineUpdateSchema>;
