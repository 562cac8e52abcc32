// A survey's report: only answers (and invitations) whose contact the actor may read count, so a
// manager's figures are those of their own contacts and a head's of their team's.
// CSAT % = answers scoring 4–5 of all scored answers; NPS = % promoters (9–10) − % detractors (0–6).
// Complaints and refusals (a case category) get their own report in the cases module.
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { getSurveyRow } from './surveys.service.js';

const round1 = (value: number) => Math.round(value * 10) / 10;

export async function getSurveyReport(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'contacts', 'read');
  const survey = await getSurveyRow(ctx, id);
  const visible = accessCondition(ctx.actor, 'contacts', 'read', 'c');
  const [totals] = await rows<{ invitations: number; responses: number; completed: number; scored: number; satisfied: number; promoters: number; detractors: number; low: number; average: number | null }>(
    ctx.db,
    sql`select (select count(*) from survey_invitations i join contacts c on c.id = i.contact_id where i.survey_id = ${survey.id}::uuid and ${visible}) as invitations,
          count(r.id) as responses, count(*) filter (where r.completed) as completed, count(r.score) as scored,
          count(*) filter (where r.score >= 4) as satisfied, count(*) filter (where r.score >= 9) as promoters, count(*) filter (where r.score <= 6) as detractors,
          count(*) filter (where r.is_low) as low, avg(r.score)::float8 as average
        from survey_responses r join contacts c on c.id = r.contact_id where r.survey_id = ${survey.id}::uuid and ${visible}`,
  );
  const n = (value: unknown) => Number(value ?? 0);
  const scored = n(totals.scored);
  const distribution = await rows<{ score: number; count: number }>(
    ctx.db,
    sql`select r.score, count(*) as count from survey_responses r join contacts c on c.id = r.contact_id
        where r.survey_id = ${survey.id}::uuid and r.score is not null and ${visible} group by r.score order by r.score`,
  );
  const trend = await rows<{ week: string; responses: number; average: number | null; satisfied: number; promoters: number; detractors: number; scored: number }>(
    ctx.db,
    sql`select to_char(date_trunc('week', r.answered_at at time zone 'UTC'), 'YYYY-MM-DD') as week, count(*) as responses, avg(r.score)::float8 as average, count(r.score) as scored,
          count(*) filter (where r.score >= 4) as satisfied, count(*) filter (where r.score >= 9) as promoters, count(*) filter (where r.score <= 6) as detractors
        from survey_responses r join contacts c on c.id = r.contact_id where r.survey_id = ${survey.id}::uuid and ${visible} group by 1 order by 1`,
  );
  const groups = (column: 'owner_id' | 'team_id', names: 'users' | 'teams') =>
    rows<{ id: string | null; name: string | null; responses: number; scored: number; satisfied: number; promoters: number; detractors: number; average: number | null }>(
      ctx.db,
      sql`select c.${sql.raw(column)} as id, (select x.name from ${sql.raw(names)} x where x.id = c.${sql.raw(column)}) as name, count(*) as responses, count(r.score) as scored,
            count(*) filter (where r.score >= 4) as satisfied, count(*) filter (where r.score >= 9) as promoters, count(*) filter (where r.score <= 6) as detractors, avg(r.score)::float8 as average
          from survey_responses r join contacts c on c.id = r.contact_id where r.survey_id = ${survey.id}::uuid and ${visible} group by c.${sql.raw(column)} order by count(*) desc`,
    );
  const figure = (row: { scored: unknown; satisfied: unknown; promoters: unknown; detractors: unknown }) => {
    const total = n(row.scored);
    if (total === 0) return { csatPercent: null, nps: null };
    return {
      csatPercent: survey.kind === 'csat' ? round1((n(row.satisfied) * 100) / total) : null,
      nps: survey.kind === 'nps' ? round1(((n(row.promoters) - n(row.detractors)) * 100) / total) : null,
    };
  };
  const shape = (row: Awaited<ReturnType<typeof groups>>[number]) => ({ id: row.id, name: row.name, responses: n(row.responses), average: row.average === null ? null : round1(Number(row.average)), ...figure(row) });
  return {
    surveyId: survey.id,
    kind: survey.kind,
    invitations: n(totals.invitations),
    responses: n(totals.responses),
    completed: n(totals.completed),
    responseRate: n(totals.invitations) ? round1((n(totals.responses) * 100) / n(totals.invitations)) : null,
    average: scored && totals.average !== null ? round1(Number(totals.average)) : null,
    lowScores: n(totals.low),
    ...figure(totals),
    promoters: survey.kind === 'nps' ? n(totals.promoters) : null,
    detractors: survey.kind === 'nps' ? n(totals.detractors) : null,
    distribution: distribution.map((row) => ({ score: n(row.score), count: n(row.count) })),
    trend: trend.map((row) => ({ week: row.week, responses: n(row.responses), average: row.average === null ? null : round1(Number(row.average)), ...figure(row) })),
    byOwner: (await groups('owner_id', 'users')).map(shape),
    byTeam: (await groups('team_id', 'teams')).map(shape),
  };
}
