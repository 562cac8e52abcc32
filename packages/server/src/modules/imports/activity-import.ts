// Activities of an import belong to the record their row names: a deal by its title, a contact by
// email, phone or full name, a company by INN or name, looked up for the whole batch at once among
// the records the importer may read. The most specific record found wins (deal, then contact, then
// company). A row that names a record nobody can find fails rather than losing its link.
import type { Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import type { ObjectDefinition, Values } from '../../core/records/definition.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { dealDefinition } from '../deals/deals.definition.js';
import type { BatchItem } from './import-writer.js';
import { loadMatches } from './record-matcher.js';
import type { RowProblem } from './row-converter.js';

type Target = 'deal' | 'contact' | 'company';

/** The match keys a row's link gives for each kind of record, in order of preference. */
function keysOfLink(link: Values): Record<Target, string[]> {
  const text = (key: string) => (typeof link[key] === 'string' && link[key] !== '' ? (link[key] as string) : undefined);
  const keys: Record<Target, string[]> = { deal: [], contact: [], company: [] };
  if (text('dealTitle')) keys.deal.push(`title:${text('dealTitle')!.toLowerCase()}`);
  if (text('email')) keys.contact.push(`email:${text('email')}`);
  if (text('phone')) keys.contact.push(`phone:${text('phone')}`);
  if (text('contactName')) {
    // Stored full names read "Фамилия Имя Отчество"; a file may write "Имя Фамилия".
    const words = text('contactName')!.toLowerCase().split(/\s+/).filter(Boolean);
    keys.contact.push(`fullName:${words.join(' ')}`);
    if (words.length > 1) keys.contact.push(`fullName:${[words[words.length - 1], ...words.slice(0, -1)].join(' ')}`);
  }
  if (text('inn')) keys.company.push(`inn:${text('inn')}`);
  if (text('companyName')) keys.company.push(`name:${text('companyName')!.toLowerCase()}`);
  if (text('phone')) keys.company.push(`phone:${text('phone')}`);
  return keys;
}

const definitions: Record<Target, ObjectDefinition> = { deal: dealDefinition, contact: contactDefinition, company: companyDefinition };

/** Sets recordType/recordId of each row's activity, or fails the row naming what was not found. */
export async function resolveActivityLinks(ctx: Ctx, tx: Db, items: BatchItem[], failed: Map<number, RowProblem[]>): Promise<void> {
  const rows = items.filter((item) => item.converted.activity && item.converted.link && !failed.has(item.number));
  if (!rows.length) return;
  const found = {} as Record<Target, Map<string, Values>>;
  for (const target of ['deal', 'contact', 'company'] as Target[]) {
    const keys = new Set(rows.flatMap((item) => keysOfLink(item.converted.link!)[target]));
    found[target] = keys.size ? await loadMatches(tx, ctx.actor, definitions[target], keys) : new Map();
  }
  for (const item of rows) {
    const keys = keysOfLink(item.converted.link!);
    let linked = false;
    for (const target of ['deal', 'contact', 'company'] as Target[]) {
      const record = keys[target].map((key) => found[target].get(key)).find(Boolean);
      if (!record) continue;
      item.converted.activity!.recordType = target;
      item.converted.activity!.recordId = record.id;
      linked = true;
      break;
    }
    if (linked || !Object.values(keys).some((list) => list.length)) continue;
    const named = Object.entries(item.converted.link!)
      .filter(([, value]) => typeof value === 'string' && value !== '')
      .map(([key, value]) => `${linkLabels[key] ?? key} "${String(value)}"`)
      .join(', ');
    failed.set(item.number, [{ field: 'link', problem: `no deal, contact or company you can see matches ${named}` }]);
  }
}

const linkLabels: Record<string, string> = { email: 'email', phone: 'phone', contactName: 'contact', companyName: 'company', inn: 'INN', dealTitle: 'deal' };
