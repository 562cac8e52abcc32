import { sql } from 'drizzle-orm';
import { companyCreateSchema } from '@svyaz/shared';
import { withCommonFields, type ObjectDefinition } from '../../core/records/definition.js';
import { findCompanyDuplicates } from '../duplicates/duplicates.service.js';
import { segmentFilter } from '../analytics/analytics.segment-filter.js';

export const companyDefinition: ObjectDefinition = {
  object: 'companies',
  recordType: 'company',
  table: 'companies',
  defaultSort: '-createdAt',
  createSchema: companyCreateSchema,
  updateSchema: companyCreateSchema.partial(),
  displayName: (alias) => sql.raw(`"${alias}"."name"`),
  fields: withCommonFields({
    name: { column: 'name', type: 'text', sortable: true, collate: true },
    legalForm: { column: 'legal_form', type: 'text', nullable: true },
    inn: { column: 'inn', type: 'text', nullable: true, sortable: true },
    kpp: { column: 'kpp', type: 'text', nullable: true },
    ogrn: { column: 'ogrn', type: 'text', nullable: true },
    industry: { column: 'industry', type: 'text', nullable: true, sortable: true },
    size: { column: 'size', type: 'text', nullable: true },
    region: { column: 'region', type: 'text', nullable: true, sortable: true },
    city: { column: 'city', type: 'text', nullable: true, sortable: true },
    address: { column: 'address', type: 'text', nullable: true },
    website: { column: 'website', type: 'text', nullable: true },
    phones: { column: 'phones', type: 'text[]' },
    emails: { column: 'emails', type: 'text[]' },
    source: { column: 'source', type: 'text', nullable: true, sortable: true },
  }),
  findDuplicates: findCompanyDuplicates,
  filters: { segment: segmentFilter },
};
