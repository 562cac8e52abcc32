// What the web asks the telephony API: my extensions (is click-to-call possible?), my calls, click-to-call.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface Caller {
  status: 'found' | 'hidden' | 'unknown';
  object?: string;
  recordType?: string;
  id?: string;
  name?: string;
  companyName?: string | null;
}

export interface Call {
  id: string;
  state: 'ringing' | 'answered' | 'ended';
  direction: 'in' | 'out';
  phone: string | null;
  extension: string | null;
  startedAt: string | null;
  caller: Caller;
}

export interface MyTelephony {
  extensions: { integrationId: string; name: string; extension: string; canOriginate: boolean }[];
  clickToCall: boolean;
}

/** My telephony, asked once per session (it changes only when an administrator maps extensions). */
export function useMyTelephony() {
  return useQuery({
    queryKey: ['telephony', 'me'],
    queryFn: () => api<MyTelephony>('/telephony/me'),
    staleTime: 10 * 60_000,
    retry: false,
  });
}

export function originateCall(phone: string): Promise<unknown> {
  return api('/telephony/originate', { method: 'POST', body: { phone } });
}
