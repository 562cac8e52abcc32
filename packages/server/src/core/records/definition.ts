// An object definition tells the generic record engine how one owned table maps to the API.
import type { SQL } from 'drizzle-orm';
import type { ZodType } from 'zod';
import type { OwnedObject } from '../access.js';
import type { Ctx } from '../context.js';
import type { Db } from '../../db/client.js';

export type FieldType = 'text' | 'integer' | 'decimal' | 'date' | 'timestamp' | 'boolean' | 'uuid' | 'text[]' | 'uuid[]' | 'json';

export interface FieldSpec {
  column: string;
  type: FieldType;
  /** May be sorted on (the engine keeps keyset pagination correct, nullable or not). */
  sortable?: boolean;
  nullable?: boolean;
  /** Sort with the ICU collation so Cyrillic and Latin names order correctly. */
  collate?: boolean;
  /** Computed in SELECT (e.g. tasks.overdue); never written. */
  expression?: (alias: string) => SQL;
  /** Not accepted in create/update bodies (ids, timestamps, derived columns). */
  readOnly?: boolean;
  /** Left out of the default selection (large text). */
  hidden?: boolean;
}

export type Values = Record<string, unknown>;

/** A list filter that is not a column (`filter[segment][eq]=3` on companies): its SQL condition, given the operator and value. */
export type ListFilter = (op: string, value: string, alias: string, param: string) => SQL;

export interface WriteHooks {
  /** Validate references, fill derived columns (team from owner, stage from pipeline). Throws AppError. */
  prepare?(ctx: Ctx, tx: Db, values: Values, existing: Values | null): Promise<void>;
  /**
   * The same checks as `prepare` for a whole batch in a few statements (imports of thousands of rows).
   * When present, the batch paths (createRecordsInTransaction, applyUpdates) call it instead of
   * `prepare` per row; `prefixes[i]` goes in front of the field names of errors about item i.
   */
  prepareBatch?(ctx: Ctx, tx: Db, items: { values: Values; existing: Values | null }[], prefixes: string[]): Promise<void>;
  /**
   * Side effects inside the same transaction (stage history, link tables). The engine reads the record
   * again afterwards unless the hook answers 'unchanged' (it left the record's own row and the
   * expressions of its fields alone), which spares bulk writes a second read.
   */
  afterWrite?(ctx: Ctx, tx: Db, action: 'create' | 'update', before: Values | null, after: Values): Promise<void | 'unchanged'>;
  /** Likely duplicates of these values (excluding excludeId), for the 409 warning. */
  findDuplicates?(ctx: Ctx, values: Values, excludeId: string | null): Promise<DuplicateCandidate[]>;
}

export interface DuplicateCandidate {
  id: string;
  name: string;
  reasons: string[];
  score: number;
}

export interface ObjectDefinition extends WriteHooks {
  object: OwnedObject;
  recordType: string;
  table: string;
  fields: Record<string, FieldSpec>;
  createSchema: ZodType;
  updateSchema: ZodType;
  defaultSort: string;
  /** SQL for the record's display name, given the table alias. */
  displayName: (alias: string) => SQL;
  /** Filters beyond the fields, provided by other modules (analytics' segment on companies). */
  filters?: Record<string, ListFilter>;
}

const common: Record<string, FieldSpec> = {
  id: { column: 'id', type: 'uuid', readOnly: true, sortable: true },
  ownerId: { column: 'owner_id', type: 'uuid', nullable: true },
  teamId: { column: 'team_id', type: 'uuid', nullable: true, readOnly: true },
  collaboratorIds: { column: 'collaborator_ids', type: 'uuid[]' },
  tags: { column: 'tags', type: 'text[]' },
  custom: { column: 'custom', type: 'json' },
  createdBy: { column: 'created_by', type: 'uuid', readOnly: true, nullable: true },
  createdAt: { column: 'created_at', type: 'timestamp', readOnly: true, sortable: true },
  updatedAt: { column: 'updated_at', type: 'timestamp', readOnly: true, sortable: true },
  deletedAt: { column: 'deleted_at', type: 'timestamp', readOnly: true, nullable: true },
};

/** The fields every owned record has, plus the object's own. */
export function withCommonFields(fields: Record<string, FieldSpec>): Record<string, FieldSpec> {
  return { ...common, ...fields };
}
