// Web forms in Settings over HTTP: CRUD (settings rights), the embeddable snippet, key rotation, submissions.
import type { FastifyInstance } from 'fastify';
import { webFormInputSchema } from '@svyaz/shared';
import type { Database } from '../../db/client.js';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses } from '../../http/openapi.js';
import { createWebForm, deleteWebForm, getWebForm, getWebFormSnippet, listWebFormSubmissions, listWebForms, rotateWebFormKey, updateWebForm } from './web-forms.service.js';
import { snippetSchema, submissionListSchema, webFormListSchema, webFormSchema } from './web-forms.schemas.js';
import { baseUrlOf, registerWebFormPublicRoutes } from './web-forms.public.routes.js';

type WithId = { Params: { id: string } };

export function registerWebFormRoutes(app: FastifyInstance, database: Database, options: { submissionsPerMinute?: number } = {}): void {
  const tags = ['web forms'];
  app.get('/api/v1/web-forms', { schema: { tags, response: responses(200, webFormListSchema), summary: 'Web forms of the workspace (settings read right)' } }, async (request) => listWebForms(ctxOf(request)));
  app.get<WithId>('/api/v1/web-forms/:id', { schema: { tags, response: responses(200, webFormSchema) } }, async (request) => getWebForm(ctxOf(request), request.params.id));
  app.post('/api/v1/web-forms', { schema: { tags, response: responses(201, webFormSchema), summary: 'Create a form; a public key is generated', body: webFormInputSchema } }, async (request, reply) => {
    reply.status(201);
    return createWebForm(ctxOf(request), request.body);
  });
  app.patch<WithId>('/api/v1/web-forms/:id', { schema: { tags, response: responses(200, webFormSchema), summary: 'Change a form: the given keys replace the stored ones and the whole form is validated again', body: webFormInputSchema.partial() } }, async (request) =>
    updateWebForm(ctxOf(request), request.params.id, request.body),
  );
  app.delete<WithId>('/api/v1/web-forms/:id', { schema: { tags, response: responses(200, okSchema), summary: 'Delete a form (its public URLs stop answering; submissions and leads stay)' } }, async (request) => deleteWebForm(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/web-forms/:id/rotate-key', { schema: { tags, response: responses(200, webFormSchema), summary: 'A new public key; the old snippet stops working' } }, async (request) => rotateWebFormKey(ctxOf(request), request.params.id));
  app.get<WithId>('/api/v1/web-forms/:id/snippet', { schema: { tags, response: responses(200, snippetSchema), summary: 'The script tag and the plain HTML form to put on a site' } }, async (request) =>
    getWebFormSnippet(ctxOf(request), request.params.id, baseUrlOf(request)),
  );
  app.get<WithId>('/api/v1/web-forms/:id/submissions', { schema: { tags, response: responses(200, submissionListSchema), summary: 'Submissions, newest first (?cursor&limit); the lead is linked where you may open it' } }, async (request) =>
    listWebFormSubmissions(ctxOf(request), request.params.id, request.query as { cursor?: string; limit?: string }),
  );
  registerWebFormPublicRoutes(app, database, { submissionsPerMinute: options.submissionsPerMinute ?? 20 });
}
