// Helpers for the import API tests: multipart bodies and waiting for a background import.
import type { TestWorld, UserKey } from '../../test/fixtures.js';

export function multipart(fileName: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = `----svyaz${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(world: TestWorld, user: UserKey, fileName: string, content: Buffer, fields: Record<string, string> = {}) {
  const body = multipart(fileName, content, fields);
  return world.as(user, { method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: body.headers });
}

/** Polls the import until it is no longer queued or running. */
export async function waitForImport(world: TestWorld, user: UserKey, id: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await world.as(user, { method: 'GET', url: `/api/v1/imports/${id}` });
    if (!['queued', 'running'].includes(response.body.status)) return response.body;
    if (Date.now() > until) throw new Error(`import ${id} still ${response.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
