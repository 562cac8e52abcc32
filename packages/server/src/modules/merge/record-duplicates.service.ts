// Likely duplicates of a record that is already stored: the object's own duplicate check run on all of
// its values (not only changed ones), without the record itself. Candidates say only what the duplicate
// warning says ({type, id, name, reasons, score, canOpen, ownerName}); the record must be readable (404).
import type { Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { requirePermission } from '../../core/access.js';
import { notFound } from '../../core/errors.js';
import type { DuplicateCandidate, ObjectDefinition } from '../../core/records/definition.js';
import { findRecord } from '../../core/records/record-service.js';

export async function findRecordDuplicates(ctx: Ctx, definition: ObjectDefinition, id: string): Promise<{ data: DuplicateCandidate[] }> {
  requirePermission(ctx.actor, definition.object, 'read');
  const record = await findRecord(ctx, definition, id, 'read');
  if (!record || !definition.findDuplicates) throw notFound(definition.recordType, id);
  // The name check sets a transaction-local similarity threshold.
  const candidates = await ctx.db.transaction(async (transaction) => definition.findDuplicates!({ ...ctx, db: transaction as unknown as Db }, record, null));
  return { data: candidates.filter((candidate) => candidate.id !== id) };
}
