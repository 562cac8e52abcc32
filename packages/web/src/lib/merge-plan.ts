// The merge screen's logic: which fields are compared, the default choice of each, and the requests
// that merge every other record into the survivor so that each field ends with the chosen value.
import type { RecordValues } from '../api/types';
import type { FieldDef, ObjectDef } from '../objects/definitions';

/** A record's id (keep that record's value) or 'combine' (lists: the server unites them). */
export type Choice = string | 'combine';

const LIST_KINDS = new Set(['phones', 'emails', 'tags']);

export function mergeFieldsFor(object: ObjectDef): FieldDef[] {
  return object.fields.filter((field) => (field.editable && !field.listOnly) || field.name === 'ownerId' || field.name === 'tags');
}

const isBlank = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Lists are combined; other fields keep the survivor's value, or the first non-blank one when it has none. */
export function defaultChoices(fields: FieldDef[], records: RecordValues[], survivorId: string): Record<string, Choice> {
  const survivor = records.find((record) => record.id === survivorId) ?? records[0];
  const choices: Record<string, Choice> = {};
  for (const field of fields) {
    if (LIST_KINDS.has(field.kind)) choices[field.name] = 'combine';
    else if (!isBlank(survivor[field.name])) choices[field.name] = survivor.id;
    else choices[field.name] = (records.find((record) => !isBlank(record[field.name])) ?? survivor).id;
  }
  return choices;
}

export interface MergeRequest {
  survivorId: string;
  mergedId: string;
  fields: Record<string, 'survivor' | 'merged'>;
}

/**
 * One request per merged record, in order. A field chosen from record X is 'merged' in X's request and
 * 'survivor' in every other (so it arrives once and stays); combined lists are left to the server.
 */
export function mergeRequests(fields: FieldDef[], records: RecordValues[], survivorId: string, choices: Record<string, Choice>): MergeRequest[] {
  return records
    .filter((record) => record.id !== survivorId)
    .map((record) => {
      const chosen: Record<string, 'survivor' | 'merged'> = {};
      for (const field of fields) {
        const choice = choices[field.name];
        if (!choice || choice === 'combine') continue;
        chosen[field.name] = choice === record.id ? 'merged' : 'survivor';
      }
      return { survivorId, mergedId: record.id, fields: chosen };
    });
}
