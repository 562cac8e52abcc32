import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { companyLinkSchema, linkContactToCompany, listContactCompanies, unlinkContactFromCompany } from './contact-companies.service.js';

export function registerContactCompanyRoutes(app: FastifyInstance): void {
  const tags = ['contacts'];
  app.get<{ Params: { id: string } }>('/api/v1/contacts/:id/company-links', { schema: { tags, summary: 'Companies this contact works for, with roles' } }, async (request) => ({
    data: await listContactCompanies(ctxOf(request), request.params.id),
  }));
  app.post<{ Params: { id: string } }>('/api/v1/contacts/:id/company-links', { schema: { tags, body: companyLinkSchema } }, async (request) => ({
    data: await linkContactToCompany(ctxOf(request), request.params.id, request.body),
  }));
  app.delete<{ Params: { id: string; companyId: string } }>('/api/v1/contacts/:id/company-links/:companyId', { schema: { tags } }, async (request) => ({
    data: await unlinkContactFromCompany(ctxOf(request), request.params.id, request.params.companyId),
  }));
}
