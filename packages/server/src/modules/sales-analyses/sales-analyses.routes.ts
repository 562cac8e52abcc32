// Ready-made sales analyses (issue 13): each a GET over the records the caller may read.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { getCustomers, getForecast, getFunnel, getLeadSources, getPurchases, getRegions, getSalesCycle } from './sales-analyses.service.js';

const period = 'from, to (YYYY-MM-DD, default the last 12 months, at most three years), teamId (with sub-teams), tz (+03:00)';

export function registerSalesAnalysesRoutes(app: FastifyInstance): void {
  const tags = ['analyses'];
  app.get('/api/v1/analyses/funnel', { schema: { tags, summary: `Funnel of a pipeline (pipelineId, default pipeline) over the deals created in the period: reach, stage-to-stage conversion, median time per stage, losses by stage and reason. ${period}` } }, async (request) =>
    getFunnel(ctxOf(request), request.query),
  );
  app.get('/api/v1/analyses/forecast', { schema: { tags, summary: 'Open pipeline by expected close month weighted by stage probability and by historical stage-to-won rates, plan per month, accuracy of past months: pipelineId, teamId, tz, months (1-24), historyMonths (1-36), accuracyMonths (0-24)' } }, async (request) =>
    getForecast(ctxOf(request), request.query),
  );
  app.get('/api/v1/analyses/sales-cycle', { schema: { tags, summary: `Days from creation to won of the deals won in the period: histogram, median, quartiles, per pipeline (pipelineId: one). ${period}` } }, async (request) =>
    getSalesCycle(ctxOf(request), request.query),
  );
  app.get('/api/v1/analyses/regions', { schema: { tags, summary: `Companies, won deals and orders by company region and city. ${period}` } }, async (request) => getRegions(ctxOf(request), request.query));
  app.get('/api/v1/analyses/lead-sources', { schema: { tags, summary: `Leads, conversions, deals, won deals and won amount per source. ${period}` } }, async (request) =>
    getLeadSources(ctxOf(request), request.query),
  );
  app.get('/api/v1/analyses/customers', { schema: { tags, summary: `RFM scores and segments of the customers who bought in the period, repeat-purchase rate and churn. ${period}` } }, async (request) =>
    getCustomers(ctxOf(request), request.query),
  );
  app.get('/api/v1/analyses/purchases', { schema: { tags, summary: `Order lines by attribute: by = industry | region | city | category | month; filters industry, region, category. ${period}` } }, async (request) =>
    getPurchases(ctxOf(request), request.query),
  );
}
