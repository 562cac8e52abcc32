// Gamification and competitions over HTTP, and the live progress stream (Server-Sent Events on the
// svyaz_gamification channel of the notification bus: event "progress" when someone's points or plan moved).
import type { FastifyInstance } from 'fastify';
import { competitionInputSchema, gamificationSettingsSchema } from '@svyaz/shared';
import type { Database } from '../../db/client.js';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses } from '../../http/openapi.js';
import { isUuid } from '../../core/records/record-service.js';
import { NotificationBus } from '../notifications/notification-bus.js';
import { registerUserStream } from '../notifications/user-stream.js';
import { getGamificationSettings, getLeaderboard, listGamificationTeams, saveGamificationSettings, setTeamOptOut } from './gamification.service.js';
import { createCompetition, deleteCompetition, getCompetition, listCompetitions, updateCompetition } from './competitions.service.js';
import { competitionListSchema, competitionSchema, gamificationSettingsResponseSchema, gamificationTeamsSchema, leaderboardSchema, optOutSchema, progressEventSchema } from './gamification.schemas.js';
import { GAMIFICATION_CHANNEL, registerGamificationSubscriber } from './gamification.subscriber.js';

type WithId = { Params: { id: string } };
type Query = { Querystring: Record<string, unknown> };

export function registerGamificationRoutes(app: FastifyInstance, database: Database): void {
  registerGamificationSubscriber();
  const tags = ['gamification'];
  app.get('/api/v1/gamification/settings', { schema: { tags, response: responses(200, gamificationSettingsResponseSchema), summary: 'Points per rule and the teams that opted out' } }, async (request) => {
    const ctx = ctxOf(request);
    return getGamificationSettings(ctx.db, ctx.actor.workspaceId);
  });
  app.put('/api/v1/gamification/settings', { schema: { tags, response: responses(200, gamificationSettingsResponseSchema), summary: 'Points per rule (settings update right); 0 switches a rule off', body: gamificationSettingsSchema } }, async (request) => saveGamificationSettings(ctxOf(request), request.body));
  app.get('/api/v1/gamification/teams', { schema: { tags, response: responses(200, gamificationTeamsSchema), summary: 'Teams whose leaderboard I may open' } }, async (request) => listGamificationTeams(ctxOf(request)));
  app.put<WithId>('/api/v1/gamification/teams/:id/opt-out', { schema: { tags, response: responses(200, optOutSchema), summary: 'Switch gamification off (optedOut: true) or on for a team (its head or an administrator)' } }, async (request) => setTeamOptOut(ctxOf(request), request.params.id, request.body));
  app.get<Query>('/api/v1/gamification/leaderboard', { schema: { tags, response: responses(200, leaderboardSchema), summary: 'A team\'s members ranked by points in a period (teamId default mine, periodKind, date, tz)' } }, async (request) => getLeaderboard(ctxOf(request), request.query));
  registerUserStream(app, {
    path: '/api/v1/gamification/stream',
    bus: new NotificationBus(database, GAMIFICATION_CHANNEL),
    event: 'progress',
    tags,
    summary: 'Server-Sent Events: event "progress" { userId } when a team-mate\'s (or, for a head, a member\'s) points or plan progress moved',
    load: async (_ctx, id) => (isUuid(id) ? { userId: id, at: new Date().toISOString() } : null),
    response: responses(200, progressEventSchema.describe('text/event-stream: each event "progress" carries this JSON')),
  });

  const competitionTags = ['competitions'];
  app.get<Query>('/api/v1/competitions', { schema: { tags: competitionTags, response: responses(200, competitionListSchema), summary: 'Competitions I may see (state all|active|finished|upcoming)' } }, async (request) => listCompetitions(ctxOf(request), request.query));
  app.post('/api/v1/competitions', { schema: { tags: competitionTags, response: responses(201, competitionSchema), summary: 'Start a competition: name, teamId (null: the whole workspace, administrators), measure, startsOn, endsOn, target, prize', body: competitionInputSchema } }, async (request, reply) => {
    reply.status(201);
    return createCompetition(ctxOf(request), request.body);
  });
  app.get<WithId & Query>('/api/v1/competitions/:id', { schema: { tags: competitionTags, response: responses(200, competitionSchema), summary: 'A competition with its standings' } }, async (request) => getCompetition(ctxOf(request), request.params.id, request.query));
  app.patch<WithId>('/api/v1/competitions/:id', { schema: { tags: competitionTags, response: responses(200, competitionSchema), body: competitionInputSchema.partial() } }, async (request) => updateCompetition(ctxOf(request), request.params.id, request.body));
  app.delete<WithId>('/api/v1/competitions/:id', { schema: { tags: competitionTags, response: responses(200, okSchema) } }, async (request) => deleteCompetition(ctxOf(request), request.params.id));
}
