// Shared by the PostgreSQL benchmarks: the server they create their databases on, and admin statements.
// Environment: DATABASE_URL_BENCH (DATABASE_URL_BENCH_ADMIN is still read; default
// postgres://postgres@127.0.0.1:5432/postgres).
import pg from 'pg';

export const ADMIN_URL = process.env.DATABASE_URL_BENCH ?? process.env.DATABASE_URL_BENCH_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of another database on the benchmark server. */
export function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` on a fresh client of `url`, closed afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One statement on the server's admin database (create or drop a benchmark database). */
export async function adminQuery(text: string): Promise<void> {
  await withClient(ADMIN_URL, (client) => client.query(text));
}
