// Response schemas of gamification and competitions for the OpenAPI document.
import { z } from 'zod';
import { competitionMeasures } from '@svyaz/shared';
import { uuid, timestamp } from '../../http/openapi.js';
import { periodSchema } from '../plans/plans.schemas.js';

export const gamificationSettingsResponseSchema = z.object({
  points: z.object({ deal_won: z.number(), call_logged: z.number(), task_done_on_time: z.number() }),
  optedOutTeamIds: z.array(uuid),
});

export const leaderboardSchema = z.object({
  period: periodSchema,
  tz: z.string(),
  team: z.object({ id: uuid, name: z.string(), optedOut: z.boolean() }),
  data: z.array(z.object({ rank: z.number(), userId: uuid, name: z.string(), points: z.number(), wins: z.number(), badges: z.array(z.string()) })),
});

export const gamificationTeamsSchema = z.object({ data: z.array(z.object({ id: uuid, name: z.string(), optedOut: z.boolean(), canManage: z.boolean() })) });
export const optOutSchema = z.object({ teamId: uuid, optedOut: z.boolean() });
export const progressEventSchema = z.object({ userId: uuid.describe('Whose points or plan progress moved'), at: timestamp });

const competition = {
  id: uuid,
  name: z.string(),
  teamId: uuid.nullable(),
  teamName: z.string().nullable(),
  measure: z.enum(competitionMeasures),
  startsOn: z.string(),
  endsOn: z.string(),
  target: z.number().nullable(),
  prize: z.string().nullable(),
  createdBy: uuid.nullable(),
  createdAt: timestamp,
  canEdit: z.boolean(),
};
export const competitionListSchema = z.object({ canCreate: z.boolean(), data: z.array(z.object(competition)) });
export const competitionSchema = z.object({
  ...competition,
  standings: z.array(z.object({ rank: z.number(), userId: uuid, name: z.string(), teamId: uuid.nullable(), value: z.number(), percent: z.number().nullable() })),
});
