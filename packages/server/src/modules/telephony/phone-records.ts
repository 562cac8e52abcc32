// The records a phone number can belong to, in one place: the call matcher (call-events.service.ts), the
// pop-up's caller (calls.service.ts) and call lists (call-lists.service.ts) all read this table.
import { sql, type SQL } from 'drizzle-orm';
import type { OwnedObject } from '../../core/access.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { leadDefinition } from '../leads/leads.definition.js';

export interface PhoneRecordType {
  recordType: 'contact' | 'company' | 'lead';
  object: OwnedObject & ('contacts' | 'companies' | 'leads');
  table: string;
  definition: ObjectDefinition;
  /** The name a person reads on the pop-up and the call list, given the table alias. */
  name: (alias: string) => SQL;
  /** Only these rows are matched by an incoming number (a converted lead lives on as its contact). */
  matchable: (alias: string) => SQL;
}

/** Where a phone is looked for, in this order: the person first, then their company, then a lead. */
export const PHONE_RECORD_TYPES: readonly PhoneRecordType[] = [
  { recordType: 'contact', object: 'contacts', table: 'contacts', definition: contactDefinition, name: (a) => sql.raw(`"${a}"."full_name"`), matchable: () => sql`true` },
  { recordType: 'company', object: 'companies', table: 'companies', definition: companyDefinition, name: (a) => sql.raw(`"${a}"."name"`), matchable: () => sql`true` },
  {
    recordType: 'lead',
    object: 'leads',
    table: 'leads',
    definition: leadDefinition,
    name: (a) => sql.raw(`coalesce(nullif(trim(concat_ws(' ', "${a}"."last_name", "${a}"."first_name")), ''), "${a}"."title")`),
    matchable: (a) => sql.raw(`"${a}"."status" <> 'converted'`),
  },
];

export function phoneRecordByType(recordType: string | null | undefined): PhoneRecordType | undefined {
  return PHONE_RECORD_TYPES.find((item) => item.recordType === recordType);
}

export function phoneRecordByObject(object: string): PhoneRecordType | undefined {
  return PHONE_RECORD_TYPES.find((item) => item.object === object);
}
