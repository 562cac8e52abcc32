// Custom field values are validated against their definitions. Hidden or archived definitions keep
// their stored values; writing to an archived field is refused.
import { sql } from 'drizzle-orm';
import { normaliseEmail } from '@svyaz/shared';
import { rows, type Db } from '../db/client.js';
import { invalid } from './errors.js';

export interface CustomFieldDefinition {
  key: string;
  type: string;
  options: string[];
  required: boolean;
  isArchived: boolean;
}

export async function loadCustomFieldDefinitions(db: Db, workspaceId: string, object: string): Promise<CustomFieldDefinition[]> {
  return rows<CustomFieldDefinition>(
    db,
    sql`select key, type, options, required, is_archived as "isArchived" from custom_field_defs where workspace_id = ${workspaceId} and object = ${object}`,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns the validated values merged over the existing ones (null removes a value). */
export function validateCustomValues(
  definitions: CustomFieldDefinition[],
  input: Record<string, unknown>,
  existing: Record<string, unknown> = {},
  options: { isCreate: boolean } = { isCreate: false },
): Record<string, unknown> {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const result: Record<string, unknown> = { ...existing };
  for (const [key, value] of Object.entries(input)) {
    const definition = byKey.get(key);
    const field = `custom.${key}`;
    if (!definition) throw invalid(field, 'is not a custom field of this object');
    if (definition.isArchived) throw invalid(field, 'is archived and cannot be changed');
    if (value === null) {
      if (definition.required) throw invalid(field, 'is required');
      delete result[key];
      continue;
    }
    result[key] = coerceCustomValue(definition, value, field);
  }
  if (options.isCreate) {
    for (const definition of definitions) {
      if (definition.required && !definition.isArchived && (result[definition.key] === undefined || result[definition.key] === '')) {
        throw invalid(`custom.${definition.key}`, 'is required');
      }
    }
  }
  return result;
}

function coerceCustomValue(definition: CustomFieldDefinition, value: unknown, field: string): unknown {
  switch (definition.type) {
    case 'text':
      if (typeof value !== 'string' || value.length > 5000) throw invalid(field, 'must be text of at most 5000 characters');
      return value;
    case 'number':
    case 'money': {
      const number = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw invalid(field, 'must be a number');
      return number;
    }
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw invalid(field, 'must be a date YYYY-MM-DD');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
      return value;
    case 'select':
      if (typeof value !== 'string' || !definition.options.includes(value)) throw invalid(field, `must be one of: ${definition.options.join(', ')}`);
      return value;
    case 'multi_select':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !definition.options.includes(item))) {
        throw invalid(field, `must be a list of: ${definition.options.join(', ')}`);
      }
      return Array.from(new Set(value));
    case 'user':
      if (typeof value !== 'string' || !UUID.test(value)) throw invalid(field, 'must be a user id');
      return value;
    case 'link':
      if (typeof value !== 'string' || !(/^https?:\/\/\S+$/.test(value) || normaliseEmail(value))) throw invalid(field, 'must be an http(s) link');
      return value;
    default:
      throw invalid(field, `has an unknown type ${definition.type}`);
  }
}
