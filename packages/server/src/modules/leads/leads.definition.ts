// Leads: unqualified interest (a form, a call, an import) before it becomes a contact, company and deal.
// Status 'converted' is reached only through POST /leads/:id/convert, and is final.
import { sql } from 'drizzle-orm';
import { leadCreateSchema } from '@svyaz/shared';
import { invalid } from '../../core/errors.js';
import { withCommonFields, type ObjectDefinition } from '../../core/records/definition.js';
import { findLeadDuplicates } from '../duplicates/duplicates.service.js';

export const leadDefinition: ObjectDefinition = {
  object: 'leads',
  recordType: 'lead',
  table: 'leads',
  defaultSort: '-createdAt',
  createSchema: leadCreateSchema,
  updateSchema: leadCreateSchema.partial(),
  displayName: (alias) => sql.raw(`"${alias}"."title"`),
  fields: withCommonFields({
    title: { column: 'title', type: 'text', sortable: true, collate: true },
    source: { column: 'source', type: 'text', nullable: true, sortable: true },
    status: { column: 'status', type: 'text', sortable: true },
    firstName: { column: 'first_name', type: 'text', nullable: true, sortable: true, collate: true },
    lastName: { column: 'last_name', type: 'text', nullable: true, sortable: true, collate: true },
    companyName: { column: 'company_name', type: 'text', nullable: true, sortable: true, collate: true },
    position: { column: 'position', type: 'text', nullable: true },
    phones: { column: 'phones', type: 'text[]' },
    emails: { column: 'emails', type: 'text[]' },
    inn: { column: 'inn', type: 'text', nullable: true },
    city: { column: 'city', type: 'text', nullable: true, sortable: true },
    amount: { column: 'amount', type: 'decimal', nullable: true, sortable: true },
    currency: { column: 'currency', type: 'text' },
    notes: { column: 'notes', type: 'text', nullable: true },
    convertedContactId: { column: 'converted_contact_id', type: 'uuid', nullable: true, readOnly: true },
    convertedCompanyId: { column: 'converted_company_id', type: 'uuid', nullable: true, readOnly: true },
    convertedDealId: { column: 'converted_deal_id', type: 'uuid', nullable: true, readOnly: true },
    convertedAt: { column: 'converted_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
  }),
  findDuplicates: findLeadDuplicates,
  async prepare(_ctx, _tx, values, existing) {
    // convertedAt is never in a request body (strict schema): only the conversion sets it.
    const converting = values.convertedAt !== undefined;
    if (values.status === 'converted' && !converting && existing?.status !== 'converted') {
      throw invalid('status', 'convert a lead with POST /api/v1/leads/{id}/convert');
    }
    if (existing?.status === 'converted' && values.status !== undefined && values.status !== 'converted') {
      throw invalid('status', 'a converted lead stays converted');
    }
  },
};
