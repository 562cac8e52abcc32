// Every module's routes, registered in one list.
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from './app.js';
import { registerAuthRoutes } from '../modules/auth/auth.routes.js';
import { registerUserRoutes } from '../modules/users/users.routes.js';
import { registerRecordRoutes } from '../core/records/record-routes.js';
import { companyDefinition } from '../modules/companies/companies.definition.js';
import { contactDefinition } from '../modules/contacts/contacts.definition.js';
import { registerPipelineRoutes } from '../modules/pipelines/pipelines.routes.js';
import { registerDealRoutes } from '../modules/deals/deals.routes.js';
import { registerLeadRoutes } from '../modules/leads/leads.routes.js';
import { registerContactCompanyRoutes } from '../modules/contacts/contact-companies.routes.js';
import { activityDefinition } from '../modules/activities/activities.definition.js';
import { registerTaskRoutes } from '../modules/tasks/tasks.routes.js';
import { NotificationBus } from '../modules/notifications/notification-bus.js';
import { registerNotificationRoutes } from '../modules/notifications/notifications.routes.js';
import { registerSearchRoutes } from '../modules/search/search.routes.js';
import { registerMergeRoutes } from '../modules/merge/merge.routes.js';
import { registerTimelineRoutes } from '../modules/timeline/timeline.routes.js';
import { leadDefinition } from '../modules/leads/leads.definition.js';
import { dealDefinition } from '../modules/deals/deals.definition.js';
import { registerRelatedRoutes } from '../modules/related/related.routes.js';
import { registerImportRoutes } from '../modules/imports/imports.routes.js';
import { registerExportRoutes } from '../modules/exports/exports.routes.js';

export function registerModules(app: FastifyInstance, options: AppOptions): void {
  const db = options.database.db;
  registerAuthRoutes(app, db, { secureCookie: options.config?.COOKIE_SECURE === 'true' });
  registerUserRoutes(app);
  registerRecordRoutes(app, companyDefinition);
  registerRecordRoutes(app, contactDefinition);
  registerPipelineRoutes(app);
  registerDealRoutes(app);
  registerLeadRoutes(app);
  registerContactCompanyRoutes(app);
  registerRecordRoutes(app, activityDefinition);
  registerTaskRoutes(app);
  registerNotificationRoutes(app, new NotificationBus(options.database));
  registerSearchRoutes(app);
  registerMergeRoutes(app, companyDefinition);
  registerMergeRoutes(app, contactDefinition);
  registerMergeRoutes(app, leadDefinition);
  registerMergeRoutes(app, dealDefinition);
  registerTimelineRoutes(app);
  registerRelatedRoutes(app, [companyDefinition, contactDefinition, dealDefinition]);
  registerImportRoutes(app);
  registerExportRoutes(app, [companyDefinition, contactDefinition, dealDefinition, leadDefinition]);
}
