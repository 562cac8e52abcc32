import { sql } from 'drizzle-orm';
import { contactCreateSchema } from '@svyaz/shared';
import { firstRow } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import { invalid } from '../../core/errors.js';
import { withCommonFields, type ObjectDefinition } from '../../core/records/definition.js';
import { findContactDuplicates } from '../duplicates/duplicates.service.js';

export const contactDefinition: ObjectDefinition = {
  object: 'contacts',
  recordType: 'contact',
  table: 'contacts',
  defaultSort: '-createdAt',
  createSchema: contactCreateSchema,
  updateSchema: contactCreateSchema.partial(),
  displayName: (alias) => sql.raw(`"${alias}"."full_name"`),
  fields: withCommonFields({
    firstName: { column: 'first_name', type: 'text', nullable: true, sortable: true, collate: true },
    lastName: { column: 'last_name', type: 'text', sortable: true, collate: true },
    middleName: { column: 'middle_name', type: 'text', nullable: true },
    fullName: { column: 'full_name', type: 'text', readOnly: true },
    position: { column: 'position', type: 'text', nullable: true, sortable: true },
    phones: { column: 'phones', type: 'text[]' },
    emails: { column: 'emails', type: 'text[]' },
    birthday: { column: 'birthday', type: 'date', nullable: true, sortable: true },
    city: { column: 'city', type: 'text', nullable: true, sortable: true },
    source: { column: 'source', type: 'text', nullable: true },
    companyId: { column: 'company_id', type: 'uuid', nullable: true },
    // Marketing consent (issue 14, migration 0048): campaigns mail only contacts with it; the date is the engine's.
    marketingConsent: { column: 'marketing_consent', type: 'boolean', sortable: true },
    marketingConsentAt: { column: 'marketing_consent_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    marketingConsentSource: { column: 'marketing_consent_source', type: 'text', nullable: true },
  }),
  findDuplicates: findContactDuplicates,
  async prepare(ctx, tx, values, existing) {
    // An import row or a bulk create without the column passes null: no consent recorded is "no consent".
    if (values.marketingConsent === null) values.marketingConsent = false;
    if (values.marketingConsent !== undefined && values.marketingConsent !== (existing?.marketingConsent ?? false)) {
      values.marketingConsentAt = new Date().toISOString();
      if (values.marketingConsentSource === undefined) values.marketingConsentSource = existing ? 'contact card' : 'created with consent';
    }
    if (values.companyId) {
      // Linking to a company requires being able to see it.
      const company = await firstRow(tx, sql`select id from companies c where ${accessCondition(ctx.actor, 'companies', 'read', 'c')} and c.id = ${values.companyId as string}`);
      if (!company) throw invalid('companyId', 'is not a company you can see');
    }
  },
  async afterWrite(_ctx, tx, _action, before, after) {
    if (after.companyId && after.companyId !== before?.companyId) {
      await tx.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id) select workspace_id, id, company_id from contacts where id = ${after.id as string}
        on conflict do nothing`);
    }
    // The link table is not part of the contact's own fields.
    return 'unchanged';
  },
};
