// The only way the web app talks to the server: JSON over fetch, the CSRF header on every change,
// errors turned into ApiError (code, message, field details), and 401 sent back to the login page.

export interface FieldProblem {
  field?: string;
  problem: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field-level problems, keyed by field name (the first problem of each field). */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    if (Array.isArray(this.details)) {
      for (const item of this.details as FieldProblem[]) {
        if (!item || !item.field) continue;
        // phones[1] and custom.size are shown beside their field (phones, custom).
        const base = item.field.split(/[.[]/)[0];
        if (!result[item.field]) result[item.field] = item.problem;
        if (!result[base]) result[base] = item.problem;
      }
    }
    return result;
  }
}

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request (other than login and the session probe) answers 401. */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticatedHandler = handler;
}

export type QueryValue = string | number | boolean | null | undefined | string[];

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((item) => params.append(key, item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Do not redirect to the login page on 401 (the session probe, the login form). */
  allowUnauthenticated?: boolean;
}

export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  // FormData (a file upload) sets its own multipart content type.
  const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
  // A File or Blob goes as the raw body (the 1C exchange reads XML files as a stream).
  const isBlob = typeof Blob !== 'undefined' && options.body instanceof Blob;
  if (options.body !== undefined && !isForm) headers['content-type'] = isBlob ? 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}${buildQuery(options.query)}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : isBlob ? (options.body as Blob) : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached', null);
  }
  const text = await response.text();
  let payload: unknown = null;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (!response.ok) {
    const body = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const error = new ApiError(response.status, body?.code ?? `HTTP_${response.status}`, body?.message ?? response.statusText, body?.details ?? null);
    if (response.status === 401 && !options.allowUnauthenticated) unauthenticatedHandler?.();
    throw error;
  }
  return payload as T;
}

/** Whether an endpoint exists on this server (404 NOT_FOUND with "No route" means it has not landed). */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && /^No route/.test(error.message);
}
