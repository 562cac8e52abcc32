// The documents API as the web app sees it (modules/documents on the server).
import type { DocumentFormat, DocumentKind } from '@svyaz/shared';
import { api } from '../../api/client';

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  number: string;
  version: number;
  documentDate: string;
  recordType: 'deal' | 'order';
  recordId: string;
  format: DocumentFormat;
  fileId: string;
  fileName: string;
  size: number;
  total: string;
  currency: string;
  createdByName: string | null;
  createdAt: string;
}

/** deals → deal, orders → order: the documents API names records in the singular. */
export function documentRecordType(object: string): 'deal' | 'order' | null {
  return object === 'deals' ? 'deal' : object === 'orders' ? 'order' : null;
}

export function generateDocument(body: { kind: DocumentKind; format: DocumentFormat; recordType: 'deal' | 'order'; recordId: string; language: 'ru' | 'en' }): Promise<DocumentView> {
  return api<DocumentView>('/documents', { method: 'POST', body });
}

export const documentFileUrl = (id: string, inline = false) => `/api/v1/documents/${id}/file${inline ? '?inline=1' : ''}`;

/** The newest version of each kind and format, newest first: what "New version" regenerates. */
export function latestVersions(documents: DocumentView[]): Set<string> {
  const seen = new Set<string>();
  const latest = new Set<string>();
  for (const document of [...documents].sort((a, b) => b.version - a.version || b.createdAt.localeCompare(a.createdAt))) {
    const key = `${document.kind}/${document.format}`;
    if (seen.has(key)) continue;
    seen.add(key);
    latest.add(document.id);
  }
  return latest;
}
