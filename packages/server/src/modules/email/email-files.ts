// Email attachments are stored files (modules/files, owned by the documents part). This adapter is the
// only place that knows that module's interface: storeFile(tx, …) and readStoredFile(db, actor, id).
import type { Db } from '../../db/client.js';
import type { Actor } from '../../core/context.js';
import { AppError } from '../../core/errors.js';

export interface StoredFileInfo {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

interface FilesModule {
  storeFile(tx: Db, input: { workspaceId: string; name: string; contentType: string; content: Buffer; recordType?: string; recordId?: string; createdBy?: string }): Promise<StoredFileInfo & { sha256: string }>;
  readStoredFile(db: Db, actor: Actor, id: string): Promise<unknown>;
}

const filesModulePath = '../files/files.service.js';
let loaded: Promise<FilesModule> | undefined;

function filesModule(): Promise<FilesModule> {
  loaded ??= import(/* @vite-ignore */ filesModulePath) as Promise<FilesModule>;
  return loaded.catch((error: unknown) => {
    loaded = undefined;
    throw new AppError('VALIDATION_FAILED', { message: 'Stored files are not available in this build', details: [{ field: 'attachmentFileIds', problem: 'files are not available' }], cause: error });
  });
}

/** Stores an attachment of an incoming message as a file of the message's first record (or of none). */
export async function storeAttachment(tx: Db, input: { workspaceId: string; name: string; contentType: string; content: Buffer; recordType?: string; recordId?: string }): Promise<StoredFileInfo> {
  const files = await filesModule();
  const stored = await files.storeFile(tx, input);
  return { id: stored.id, name: stored.name, contentType: stored.contentType, size: stored.size };
}

/** A file the actor may read, with its content; throws the files module's 404 otherwise. */
export async function readAttachment(db: Db, actor: Actor, id: string): Promise<StoredFileInfo & { content: Buffer }> {
  const files = await filesModule();
  const result = (await files.readStoredFile(db, actor, id)) as Record<string, unknown>;
  const file = ((result.file ?? result) as Record<string, unknown>) ?? {};
  const content = (result.content ?? file.content) as Buffer | Uint8Array | undefined;
  if (!content) throw new Error(`stored file ${id} came back without content`);
  return {
    id,
    name: String(file.name ?? 'attachment'),
    contentType: String(file.contentType ?? 'application/octet-stream'),
    size: Number(file.size ?? content.length),
    content: Buffer.isBuffer(content) ? content : Buffer.from(content),
  };
}
