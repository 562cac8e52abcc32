// Campaigns over HTTP: the record engine's surface (list, get, create, update, delete, restore) plus starting,
// pausing, resuming, cancelling, the preview per recipient, the test send, recipients, the report, the ROI
// list, sending rates per domain and the suppression list. The public tracking routes are in campaign-tracking.routes.ts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { campaignAudienceSummarySchema, campaignPreviewSchema, campaignStartSchema, campaignTestSendSchema, sendingDomainSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses } from '../../http/openapi.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { registerRecordRoutes } from '../../core/records/record-routes.js';
import { campaignDefinition } from './campaigns.definition.js';
import { changeCampaignState, summariseCampaignAudience, deleteSuppression, listCampaignRecipients, listSendingDomains, listSuppressions, previewCampaign, setSendingDomain, startCampaign, testSendCampaign } from './campaigns.service.js';
import { campaignReport, campaignRoiList } from './campaign-report.js';

type WithId = { Params: { id: string } };
const record = z.record(z.string(), z.unknown());
const list = z.object({ data: z.array(record) }).passthrough();
// What each answer holds at least (documentation only: the serializer is JSON.stringify).
const campaign = z.object({ id: z.string(), name: z.string(), status: z.string(), audienceCount: z.number().nullable() }).passthrough();
const audienceSummary = z.object({ total: z.number(), sendable: z.number(), noEmail: z.number(), suppressed: z.number(), noConsent: z.number(), confirmRequired: z.boolean() });
const preview = z.object({ subject: z.string(), html: z.string(), text: z.string(), emptyPlaceholders: z.array(z.string()), sendable: z.boolean().nullable(), skipReason: z.string().nullable() }).passthrough();
const report = z.object({ campaignId: z.string(), sent: z.number(), delivered: z.number(), bounced: z.number(), opened: z.number(), clicked: z.number(), unsubscribed: z.number(), roi: z.number().nullable() }).passthrough();

export function registerCampaignRoutes(app: FastifyInstance, jobs: JobQueue): void {
  const tags = ['campaigns'];
  app.get('/api/v1/campaigns/roi', { schema: { tags, response: responses(200, z.object({ data: z.array(record), bySource: z.array(record) })), summary: 'Started campaigns with cost, attributed deals and orders, revenue and ROI; won revenue by contact source' } }, async (request) =>
    campaignRoiList(ctxOf(request)),
  );
  app.post('/api/v1/campaigns/audience-summary', { schema: { tags, body: campaignAudienceSummarySchema, response: responses(200, audienceSummary), summary: 'The size of an audience for me and who of it would be skipped (no email, suppressed, no marketing consent); confirmRequired when a start needs the count confirmed' } }, async (request) =>
    summariseCampaignAudience(ctxOf(request), request.body),
  );
  registerRecordRoutes(app, campaignDefinition);
  app.post<WithId>('/api/v1/campaigns/:id/start', { schema: { tags, body: campaignStartSchema, response: responses(200, campaign), summary: 'Start now or at startAt; a large audience or everyone needs confirmCount equal to the count (409 CAMPAIGN_CONFIRMATION_REQUIRED tells it); a second start is a 409' } }, async (request) =>
    startCampaign(ctxOf(request), request.params.id, request.body, jobs),
  );
  for (const action of ['pause', 'resume', 'cancel'] as const) {
    app.post<WithId>(`/api/v1/campaigns/:id/${action}`, { schema: { tags, response: responses(200, campaign), summary: `${action[0].toUpperCase()}${action.slice(1)} the campaign` } }, async (request) =>
      changeCampaignState(ctxOf(request), request.params.id, action, jobs),
    );
  }
  app.post<WithId>('/api/v1/campaigns/:id/preview', { schema: { tags, body: campaignPreviewSchema, response: responses(200, preview), summary: 'The message as a recipient (contactId, default the first of the audience) gets it, with the placeholders empty for them' } }, async (request) =>
    previewCampaign(ctxOf(request), request.params.id, request.body),
  );
  app.post<WithId>('/api/v1/campaigns/:id/test-send', { schema: { tags, body: campaignTestSendSchema, response: responses(200, z.object({ sent: z.boolean(), address: z.string() })), summary: 'Send the message to an address now (no tracking)' } }, async (request) =>
    testSendCampaign(ctxOf(request), request.params.id, request.body),
  );
  app.get<WithId>('/api/v1/campaigns/:id/recipients', { schema: { tags, response: responses(200, list), summary: 'Recipients with their state; ?status=, keyset ?after=<id>' } }, async (request) =>
    listCampaignRecipients(ctxOf(request), request.params.id, request.query as Record<string, unknown>),
  );
  app.get<WithId>('/api/v1/campaigns/:id/report', { schema: { tags, response: responses(200, report), summary: 'Sent, delivered, bounced, opened, clicked, unsubscribed, replies, attributed deals and revenue, cost, ROI, A/B variants' } }, async (request) =>
    campaignReport(ctxOf(request), request.params.id),
  );
  app.get('/api/v1/campaign-sending-domains', { schema: { tags, response: responses(200, list), summary: 'Messages per minute per sending domain' } }, async (request) => listSendingDomains(ctxOf(request)));
  app.put<{ Params: { domain: string } }>('/api/v1/campaign-sending-domains/:domain', { schema: { tags, body: sendingDomainSchema, response: responses(200, z.object({ domain: z.string(), perMinute: z.number() })), summary: 'Set the rate of a sending domain (administrators)' } }, async (request) =>
    setSendingDomain(ctxOf(request), request.params.domain, request.body),
  );
  app.get('/api/v1/email-suppressions', { schema: { tags, response: responses(200, list), summary: 'Addresses campaigns never mail: unsubscribed, bounced, complained' } }, async (request) =>
    listSuppressions(ctxOf(request), request.query as Record<string, unknown>),
  );
  app.delete<{ Params: { address: string } }>('/api/v1/email-suppressions/:address', { schema: { tags, response: responses(200, okSchema), summary: 'Lift a suppression (administrators)' } }, async (request) =>
    deleteSuppression(ctxOf(request), request.params.address),
  );
}
