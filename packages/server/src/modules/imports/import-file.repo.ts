// The uploaded file lives in the database in 4 MB chunks (works on PGlite and PostgreSQL alike),
// written and read as streams so that a 200 MB file never sits in memory whole.
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { AppError } from '../../core/errors.js';

export const CHUNK_SIZE = 4 * 1024 * 1024;
export const MAX_FILE_SIZE = 200 * 1024 * 1024;
/** The upload limit in force (tests lower it to exercise the 413 without sending 200 MB). */
export const uploadLimits = { maxFileSize: MAX_FILE_SIZE };

export function fileTooLarge(): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', {
    message: `The file is larger than ${Math.round(uploadLimits.maxFileSize / 1024 / 1024)} MB; split it into several files`,
    details: [{ field: 'file', problem: `is larger than ${Math.round(uploadLimits.maxFileSize / 1024 / 1024)} MB` }],
  });
}

/** Stores a stream as chunks of the import; returns the size and the first bytes. */
export async function storeFileChunks(tx: Db, importId: string, input: AsyncIterable<Buffer | Uint8Array | string>): Promise<{ size: number; head: Buffer }> {
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let size = 0;
  let seq = 0;
  let head: Buffer | null = null;
  const flush = async () => {
    if (pendingSize === 0) return;
    const chunk = Buffer.concat(pending, pendingSize);
    head ??= chunk.subarray(0, 64 * 1024);
    await tx.execute(sql`insert into import_file_chunks (import_id, seq, data) values (${importId}, ${seq++}, ${chunk})`);
    pending = [];
    pendingSize = 0;
  };
  for await (const piece of input) {
    const buffer = typeof piece === 'string' ? Buffer.from(piece) : Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    size += buffer.length;
    if (size > uploadLimits.maxFileSize) throw fileTooLarge();
    pending.push(buffer);
    pendingSize += buffer.length;
    if (pendingSize >= CHUNK_SIZE) await flush();
  }
  await flush();
  return { size, head: head ?? Buffer.alloc(0) };
}

/** A fresh stream of the stored file, one chunk query at a time. */
export function openStoredFile(db: Db, importId: string): Readable {
  async function* chunks() {
    for (let seq = 0; ; seq++) {
      const [row] = await rows<{ data: Uint8Array }>(db, sql`select data from import_file_chunks where import_id = ${importId} and seq = ${seq}`);
      if (!row) return;
      yield Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
