// Fixture files as 1C writes them (import.xml in windows-1251 with CRLF, offers.xml in UTF-8 with a
// BOM), optionally with text replaced, re-encoded the way they came.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import type { TestWorld, UserKey } from '../../test/fixtures.js';

const directory = new URL('./fixtures/', import.meta.url);

export function fixture(name: 'import.xml' | 'offers.xml' | 'orders-from-1c.xml', replacements: [string | RegExp, string][] = []): Buffer {
  const bytes = readFileSync(new URL(name, directory));
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const encoding = bom ? 'utf-8' : /encoding="windows-1251"/.test(bytes.subarray(0, 100).toString('latin1')) ? 'windows-1251' : 'utf-8';
  let text = iconv.decode(bom ? bytes.subarray(3) : bytes, encoding);
  for (const [from, to] of replacements) text = text.replaceAll(from, to);
  const encoded = iconv.encode(text, encoding);
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encoded]) : encoded;
}

export async function upload(w: TestWorld, user: UserKey, file: Buffer, query = '') {
  return w.as(user, { method: 'POST', url: `/api/v1/1c/files${query}`, payload: file, headers: { 'content-type': 'application/octet-stream' } });
}

export async function productByExternalId(w: TestWorld, externalId: string) {
  const found = await w.as('admin', { method: 'GET', url: `/api/v1/products?filter[externalId][eq]=${encodeURIComponent(externalId)}&fields=sku,name,unit,category,price,currency,stockQuantity,custom,externalId,description,isActive` });
  return found.body.data[0];
}
