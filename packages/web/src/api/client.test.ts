import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, onUnauthenticated, setCsrfToken } from './client';

function respond(status: number, body: unknown) {
  return vi.fn(async () => new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  onUnauthenticated(null);
  setCsrfToken(null);
});

describe('api client', () => {
  it('sends the CSRF token with changes but not with reads, and encodes list parameters', async () => {
    const fetchMock = respond(200, { data: [] });
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('token-1');
    await api('/companies', { query: { 'filter[city][eq]': 'Москва', limit: 50, cursor: undefined, 'filter[tags][in]': ['a', 'b'] } });
    await api('/companies', { method: 'POST', body: { name: 'X' } });
    const [readUrl, read] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const [, write] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(decodeURIComponent(readUrl)).toBe('/api/v1/companies?filter[city][eq]=Москва&limit=50&filter[tags][in]=a&filter[tags][in]=b');
    expect((read.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((write.headers as Record<string, string>)['x-csrf-token']).toBe('token-1');
    expect(write.body).toBe('{"name":"X"}');
  });

  it('turns an error body into an ApiError with the problems of each field', async () => {
    vi.stubGlobal('fetch', respond(400, { error: { code: 'VALIDATION_FAILED', message: 'inn: bad', details: [{ field: 'inn', problem: 'is not a valid INN' }, { field: 'phones[1]', problem: 'is not a phone' }] } }));
    const error = (await api('/companies', { method: 'POST', body: {} }).catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(error.fieldErrors()).toMatchObject({ inn: 'is not a valid INN', phones: 'is not a phone' });
  });

  it('sends the user to the login page on 401, except for the session probe', async () => {
    const handler = vi.fn();
    onUnauthenticated(handler);
    vi.stubGlobal('fetch', respond(401, { error: { code: 'UNAUTHENTICATED', message: 'Log in first' } }));
    await expect(api('/auth/me', { allowUnauthenticated: true })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(handler).not.toHaveBeenCalled();
    await expect(api('/companies')).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server as a NETWORK error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api('/companies')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });
});
