// What the document endpoints return, for the OpenAPI document (http/openapi.ts).
import { z } from 'zod';
import { documentKinds, documentRecordTypes, vatModes } from '@svyaz/shared';
import { listOf, timestamp, uuid } from '../../http/openapi.js';

export const documentSchema = z.object({
  id: uuid,
  kind: z.enum(documentKinds),
  number: z.string().describe('Gap-free per kind and year; a regenerated document keeps its number'),
  version: z.number().int(),
  documentDate: z.string().describe('YYYY-MM-DD (Moscow time)'),
  recordType: z.enum(documentRecordTypes),
  recordId: uuid,
  format: z.enum(['pdf', 'docx']),
  fileId: uuid.describe('A stored file of the record: attach it to an email with attachmentFileIds'),
  fileName: z.string(),
  size: z.number().int(),
  subtotal: z.string(),
  vat: z.string(),
  total: z.string(),
  currency: z.string(),
  createdBy: uuid.nullable(),
  createdByName: z.string().nullable(),
  createdAt: timestamp,
});
export const documentListSchema = listOf(documentSchema);

export const documentSettingsResponseSchema = z.object({
  name: z.string(),
  inn: z.string().nullable(),
  kpp: z.string().nullable(),
  ogrn: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  bankName: z.string().nullable(),
  bik: z.string().nullable(),
  account: z.string().nullable(),
  corrAccount: z.string().nullable(),
  director: z.string().nullable(),
  accountant: z.string().nullable(),
  vatRate: z.number(),
  vatMode: z.enum(vatModes),
});

export const templateSchema = z.object({
  kind: z.enum(documentKinds),
  custom: z.boolean().describe('false: the built-in default is used'),
  fileId: uuid.nullable(),
  fileName: z.string().nullable(),
  size: z.number().int().nullable(),
  placeholders: z.array(z.string()),
  uploadedBy: uuid.nullable(),
  uploadedAt: timestamp.nullable(),
});
export const templateListSchema = listOf(templateSchema).extend({ placeholders: z.array(z.string()), linePlaceholders: z.array(z.string()) });

/** A file download: the bytes, not JSON. */
export const binaryResponse = (contentType: string, description: string) => ({ description, content: { [contentType]: { schema: z.string().describe('binary') } } });
