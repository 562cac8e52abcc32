// Fails when a message is missing in either language, when a plural form is missing, when the two
// languages disagree on a message's {{variables}}, or when the code asks for a key that exists in neither.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '@svyaz/shared';
import { en } from './en';
import { ru } from './ru';
import type { Messages } from './messages';
import { objects, operatorsFor } from '../objects/definitions';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') result.set(name, value);
    else for (const [inner, text] of flatten(value, name)) result.set(inner, text);
  }
  return result;
}

const flat = { ru: flatten(ru), en: flatten(en) };
const base = (key: string) => key.replace(PLURAL, '');
const bases = { ru: new Set([...flat.ru.keys()].map(base)), en: new Set([...flat.en.keys()].map(base)) };
const variables = (text: string) => Array.from(text.matchAll(/\{\{(\w+)\}\}/g), (match) => match[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('translations', () => {
  it('have the same keys in Russian and English', () => {
    const missingInEn = [...bases.ru].filter((key) => !bases.en.has(key));
    const missingInRu = [...bases.en].filter((key) => !bases.ru.has(key));
    expect({ missingInEn, missingInRu }).toEqual({ missingInEn: [], missingInRu: [] });
  });

  it('have every plural form each language needs', () => {
    const problems: string[] = [];
    const need = { ru: ['one', 'few', 'many', 'other'], en: ['one', 'other'] };
    for (const language of ['ru', 'en'] as const) {
      const plurals = new Set([...flat[language].keys()].filter((key) => PLURAL.test(key)).map(base));
      for (const key of plurals) for (const form of need[language]) if (!flat[language].has(`${key}_${form}`)) problems.push(`${language}: ${key}_${form}`);
    }
    expect(problems).toEqual([]);
  });

  it('use the same {{variables}} in both languages', () => {
    const problems: string[] = [];
    for (const [key, text] of flat.ru) {
      const other = flat.en.get(key) ?? flat.en.get(`${base(key)}_other`);
      if (other !== undefined && variables(text).join() !== variables(other).join()) problems.push(key);
    }
    expect(problems).toEqual([]);
  });

  it('cover every key the code asks for', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const used = new Set<string>();
    for (const file of sourceFiles(root)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*['"]([a-zA-Z0-9_.]+)['"]/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((key) => !bases.ru.has(key) || !bases.en.has(key));
    expect(missing).toEqual([]);
  });

  it('cover every field, object, status, operator and error code', () => {
    const needed: string[] = [];
    for (const object of Object.values(objects)) {
      for (const part of ['title', 'one', 'new', 'empty']) needed.push(`objects.${object.key}.${part}`);
      for (const field of object.fields) {
        needed.push(`fields.${object.key}.${field.name}`);
        for (const option of field.options ?? []) needed.push(`enums.${field.enumKey}.${option}`);
        for (const op of operatorsFor(field)) needed.push(`operators.${op}`);
      }
    }
    for (const code of errorCodes) needed.push(`errors.${code}`);
    for (const role of ['admin', 'head_of_sales', 'sales_manager', 'read_only']) needed.push(`roles.${role}`);
    const missing = needed.filter((key) => !bases.ru.has(key) || !bases.en.has(key));
    expect(missing).toEqual([]);
  });

  it('has no empty or untranslated Russian messages', () => {
    const empty = [...flat.ru, ...flat.en].filter(([, text]) => !text.trim()).map(([key]) => key);
    expect(empty).toEqual([]);
    // A Russian message identical to the English one (longer than an abbreviation) was probably forgotten.
    const same = [...flat.ru].filter(([key, text]) => /[a-z]{4}/i.test(text.replace(/\{\{\w+\}\}/g, '')) && !/[а-яё]/i.test(text) && flat.en.get(key) === text).map(([key]) => key);
    expect(same).toEqual([]);
  });
});
