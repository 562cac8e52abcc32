// What the web asks the call-lists API.
import { api } from '../../api/client';
import type { Filter } from '../../lib/list-query';

export interface CallerProgress {
  userId: string;
  name: string | null;
  done: number;
  pending: number;
  inProgress: number;
}

export interface CallList {
  id: string;
  name: string;
  object: 'contacts' | 'companies' | 'leads';
  status: 'active' | 'paused' | 'archived';
  callerIds: string[];
  createdBy: string;
  createdByName: string | null;
  isCaller: boolean;
  progress: { total: number; done: number; pending: number; waiting: number; inProgress: number; skipped: number; percent: number; byOutcome: Record<string, number>; byCaller: CallerProgress[] };
}

export interface CallListItem {
  id: string;
  name: string;
  phone: string;
  recordType: string;
  recordId: string;
  attempts: number;
  note: string | null;
  outcome: string | null;
  record: Record<string, unknown> | null;
}

export const listCallLists = async () => (await api<{ data: CallList[] }>('/call-lists')).data;
export const getCallList = (id: string) => api<CallList>(`/call-lists/${id}`);
export const createCallList = (body: { name: string; object: string; filters?: Filter[]; savedViewId?: string; callerIds: string[] }) => api<CallList>('/call-lists', { method: 'POST', body });
export const updateCallList = (id: string, body: { status?: string; name?: string }) => api<CallList>(`/call-lists/${id}`, { method: 'PATCH', body });
export const deleteCallList = (id: string) => api(`/call-lists/${id}`, { method: 'DELETE' });
export const nextItem = (id: string) => api<{ item: CallListItem | null; waiting: number; nextAvailableAt: string | null }>(`/call-lists/${id}/next`, { method: 'POST' });
export const recordOutcome = (id: string, itemId: string, body: { outcome: string; note?: string; followUp?: { dueAt: string } }) =>
  api<{ requeued: boolean }>(`/call-lists/${id}/items/${itemId}/outcome`, { method: 'POST', body });
