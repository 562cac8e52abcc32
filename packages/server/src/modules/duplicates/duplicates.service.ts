// findDuplicates hooks of companies, contacts and leads. The engine turns candidates into
// 409 DUPLICATE_SUSPECTED (details.candidates) unless the request says force=true.
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.js';
import type { Values } from '../../core/records/definition.js';
import { added, changed, emailCondition, loadCurrent, NAME_SIMILARITY, phoneCondition, runProbes, SURNAME_SIMILARITY, type DuplicateMatch, type Probe } from './duplicate-query.js';
import { alternativesQuery, nameTokens, similarWordGroups } from '../search/similar-words.js';

/** Dictionary spellings tried for a last name (search tries 4 per word; a missed duplicate costs more here). */
const DICTIONARY_ALTERNATIVES = 8;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** Same INN, email or phone; or a very similar name in the same city. */
export async function findCompanyDuplicates(ctx: Ctx, values: Values, excludeId: string | null): Promise<DuplicateMatch[]> {
  const current = await loadCurrent(ctx.db, 'companies', excludeId, 't.inn as inn, t.phones as phones, t.emails as emails, t.name as name, t.city as city');
  const probes: Probe[] = [];
  const base = { object: 'companies' as const, type: 'company' };
  const inn = text(values.inn);
  if (inn && changed(values, current, ['inn'])) probes.push({ ...base, reason: 'inn', score: sql`1`, where: sql`t.inn = ${inn}` });
  const emails = added(values.emails, current?.emails);
  if (emails.length) probes.push({ ...base, reason: 'email', score: sql`0.9`, where: emailCondition(emails) });
  const phones = added(values.phones, current?.phones);
  if (phones.length) probes.push({ ...base, reason: 'phone', score: sql`0.9`, where: phoneCondition(phones) });
  const name = text(values.name);
  const city = text(values.city);
  if (name && city && changed(values, current, ['name', 'city'])) {
    probes.push({
      ...base,
      reason: 'similar_name',
      score: sql`similarity(lower(t.name), ${name.toLowerCase()})`,
      where: sql`lower(t.name) % ${name.toLowerCase()} and lower(t.city) = ${city.toLowerCase()}`,
      usesTrigramOperator: true,
    });
  }
  return runProbes(ctx, probes, excludeId);
}

function fullNameOf(values: Values): string | null {
  return text([values.lastName, values.firstName, values.middleName].filter((part) => typeof part === 'string' && part.trim()).join(' '));
}

/**
 * Same email or phone; or a very similar full name (and last name) at the same company or in the same city.
 * Names are compared with pg_trgm's similarity, but the candidates come from indexes the table keeps
 * anyway (a trigram index over every full name cost a fifth of a contact insert; migration 0020):
 *   - at the same company, the company's contacts (b-tree);
 *   - in the same city, the contacts whose words include the last name or a dictionary word spelt like it
 *     (search_words, as search's misspelling round), found with the city's words in the full-text GIN index.
 */
export async function findContactDuplicates(ctx: Ctx, values: Values, excludeId: string | null): Promise<DuplicateMatch[]> {
  const current = await loadCurrent(
    ctx.db,
    'contacts',
    excludeId,
    't.phones as phones, t.emails as emails, t.last_name as "lastName", t.first_name as "firstName", t.middle_name as "middleName", t.city as city, t.company_id as "companyId"',
  );
  const probes: Probe[] = [];
  const base = { object: 'contacts' as const, type: 'contact' };
  const emails = added(values.emails, current?.emails);
  if (emails.length) probes.push({ ...base, reason: 'email', score: sql`0.9`, where: emailCondition(emails) });
  const phones = added(values.phones, current?.phones);
  if (phones.length) probes.push({ ...base, reason: 'phone', score: sql`0.9`, where: phoneCondition(phones) });
  const fullName = fullNameOf(values)?.toLowerCase();
  const city = text(values.city)?.toLowerCase();
  const companyId = text(values.companyId);
  if (fullName && (city || companyId) && changed(values, current, ['lastName', 'firstName', 'middleName', 'city', 'companyId'])) {
    // A contact always has a last name (contactCreateSchema); stored ones may differ only in spelling.
    const lastName = text(values.lastName)?.toLowerCase() ?? '';
    const alike = sql`similarity(lower(t.full_name), ${fullName}) >= ${NAME_SIMILARITY} and similarity(lower(t.last_name), ${lastName}) >= ${SURNAME_SIMILARITY}`;
    const similarName = { ...base, reason: 'similar_name', score: sql`similarity(lower(t.full_name), ${fullName})` };
    if (companyId) probes.push({ ...similarName, where: sql`t.company_id = ${companyId}::uuid and ${alike}` });
    const words = city ? await lastNameQuery(ctx, lastName) : null;
    if (city && words) {
      probes.push({
        ...similarName,
        // An English stop word for a last name ("Will") would leave the city's words alone: every contact there.
        where: sql`numnode(to_tsquery('english', ${words})) > 0 and t.search_vector @@ (to_tsquery('english', ${words}) && plainto_tsquery('simple', ${city}))
          and lower(t.city) = ${city} and ${alike}`,
      });
    }
  }
  return runProbes(ctx, probes, excludeId);
}

/**
 * The tsquery text that a stored contact with a similar last name matches: the last name's first word or a
 * dictionary word spelt like it. Last names are in the english part of the search vector, where Cyrillic
 * words stay whole. A word of one or two letters (Ли, Ю) has no spellings to look up.
 */
async function lastNameQuery(ctx: Ctx, lastName: string): Promise<string | null> {
  const word = lastName.match(/[\p{L}\p{N}]+/u)?.[0];
  if (!word) return null;
  const tokens = nameTokens(word, 1);
  if (tokens.length === 0) return alternativesQuery([word]);
  const { groups } = await similarWordGroups(ctx.db, ctx.actor.workspaceId, tokens, DICTIONARY_ALTERNATIVES);
  return alternativesQuery(groups.get(tokens[0])!);
}

/** Same email, phone or INN among leads, and among existing contacts and companies (the client may already be known). */
export async function findLeadDuplicates(ctx: Ctx, values: Values, excludeId: string | null): Promise<DuplicateMatch[]> {
  const current = await loadCurrent(ctx.db, 'leads', excludeId, 't.inn as inn, t.phones as phones, t.emails as emails');
  const probes: Probe[] = [];
  const inn = text(values.inn);
  const emails = added(values.emails, current?.emails);
  const phones = added(values.phones, current?.phones);
  const innChanged = inn && changed(values, current, ['inn']);
  for (const target of [
    { object: 'leads' as const, type: 'lead', hasInn: true },
    { object: 'contacts' as const, type: 'contact', hasInn: false },
    { object: 'companies' as const, type: 'company', hasInn: true },
  ]) {
    const base = { object: target.object, type: target.type };
    if (target.hasInn && innChanged) probes.push({ ...base, reason: 'inn', score: sql`1`, where: sql`t.inn = ${inn}` });
    if (emails.length) probes.push({ ...base, reason: 'email', score: sql`0.9`, where: emailCondition(emails) });
    if (phones.length) probes.push({ ...base, reason: 'phone', score: sql`0.9`, where: phoneCondition(phones) });
  }
  const matches = await runProbes(ctx, probes, excludeId);
  // A converted lead points at the contact and company made from it; those are not its duplicates.
  const converted = [values.convertedContactId, values.convertedCompanyId].filter(Boolean);
  return matches.filter((match) => !converted.includes(match.id));
}
