// A static segment's members from a pasted or imported list: one email, INN or id per line (or separated
// by commas, semicolons or tabs). Each is matched among the records the actor may read; a token that is none
// of the three is a 400 naming its line, one that matches nothing is reported back.
import { sql } from 'drizzle-orm';
import type { SegmentObject } from '@svyaz/shared';
import { isValidInn } from '@svyaz/shared';
import { rows } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

export interface MemberToken {
  kind: 'id' | 'email' | 'inn';
  value: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TOKENS = 100_000;

export function parseMemberText(text: string, object: SegmentObject): MemberToken[] {
  const tokens: MemberToken[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    for (const raw of line.split(/[,;\t]/)) {
      const value = raw.trim().replace(/^"|"$/g, '');
      if (!value) continue;
      if (UUID.test(value)) tokens.push({ kind: 'id', value: value.toLowerCase() });
      else if (EMAIL.test(value)) tokens.push({ kind: 'email', value: value.toLowerCase() });
      else if (/^\d{10}$|^\d{12}$/.test(value) && object === 'companies') {
        if (!isValidInn(value)) throw invalid('text', `line ${index + 1}: "${value}" is not a valid INN (checksum)`);
        tokens.push({ kind: 'inn', value });
      } else {
        const expected = object === 'companies' ? 'an email, an INN or an id' : 'an email or an id';
        throw invalid('text', `line ${index + 1}: "${value.slice(0, 80)}" is not ${expected}`);
      }
      if (tokens.length > MAX_TOKENS) throw invalid('text', `at most ${MAX_TOKENS} entries at once`);
    }
  }
  return tokens;
}

/** Record ids matching the tokens among readable records, and the tokens that matched none. */
export async function resolveMemberTokens(ctx: Ctx, object: SegmentObject, tokens: MemberToken[]): Promise<{ ids: string[]; notFound: string[] }> {
  const of = (kind: MemberToken['kind']) => Array.from(new Set(tokens.filter((token) => token.kind === kind).map((token) => token.value)));
  const [ids, emails, inns] = [of('id'), of('email'), of('inn')];
  const table = sql.raw(`"${object}" as "t"`);
  const found = await rows<{ id: string; emails: string[]; inn: string | null }>(
    ctx.db,
    sql`select t.id::text as id, t.emails, ${object === 'companies' ? sql`t.inn` : sql`null::text`} as inn from ${table}
        where ${accessCondition(ctx.actor, object, 'read', 't')}
          and (t.id = any(${pgArrayLiteral(ids)}::uuid[]) or t.emails && ${pgArrayLiteral(emails)}::text[] ${object === 'companies' ? sql`or t.inn = any(${pgArrayLiteral(inns)}::text[])` : sql``})`,
  );
  const matched = new Set<string>();
  for (const row of found) {
    matched.add(row.id);
    for (const email of row.emails ?? []) matched.add(email.toLowerCase());
    if (row.inn) matched.add(row.inn);
  }
  const notFound = [...ids, ...emails, ...inns].filter((value) => !matched.has(value));
  return { ids: found.map((row) => row.id), notFound };
}
