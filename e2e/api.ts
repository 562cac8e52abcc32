// A tiny API client for preparing e2e data (session cookie + CSRF, like the browser).
export const PASSWORD = 'e2e-password-1';
export const DEMO_ADMIN = { email: 'admin@demo.svyaz.local', password: 'svyaz-demo' };

export interface ApiSession {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test data of any shape
  call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function login(baseUrl: string, email: string, password: string): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    async call(method, path, body) {
      const result = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await result.text();
      return { status: result.status, body: text ? JSON.parse(text) : null };
    },
  };
}

export const e2eUsers = {
  head: { email: 'head@e2e.svyaz.local', name: 'Ирина Руководитель', role: 'head_of_sales' },
  managerA: { email: 'anna@e2e.svyaz.local', name: 'Анна Менеджер', role: 'sales_manager' },
  managerB: { email: 'boris@e2e.svyaz.local', name: 'Борис Менеджер', role: 'sales_manager' },
} as const;

/** Creates the sales team used by the tests (idempotent per server). */
export async function createSalesTeam(baseUrl: string): Promise<void> {
  const admin = await login(baseUrl, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const existing = await admin.call<{ data: { email: string }[] }>('GET', '/users');
  const known = new Set(existing.body.data.map((user) => user.email));
  const ids: Record<string, string> = {};
  for (const [key, user] of Object.entries(e2eUsers)) {
    if (known.has(user.email)) continue;
    const created = await admin.call('POST', '/users', { email: user.email, name: user.name, password: PASSWORD, role: user.role });
    if (created.status !== 201) throw new Error(`create user ${user.email}: ${JSON.stringify(created.body)}`);
    ids[key] = created.body.id;
  }
  if (ids.head) {
    const team = await admin.call('POST', '/teams', { name: 'Отдел продаж', headUserId: ids.head });
    for (const id of Object.values(ids)) await admin.call('PATCH', `/users/${id}`, { teamId: team.body.id });
  }
}
