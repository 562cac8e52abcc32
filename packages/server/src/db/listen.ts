// LISTEN on a channel of the project's database: PGlite through its own listen(), PostgreSQL through a
// dedicated connection (a pooled one is handed to other queries between statements, and LISTEN belongs
// to the session). Used by the live notification stream and the authentication cache.
import pg from 'pg';
import type { Database } from './client.js';

/**
 * Calls `onPayload` with each notification on `channel` (a fixed identifier, not user input), and
 * `onLost` once if the PostgreSQL connection ends or fails afterwards. Returns `stop()`, which ends the
 * listening without calling `onLost`. Rejects if listening cannot start.
 */
export async function listenTo(database: Database, channel: string, onPayload: (payload: string | undefined) => void, onLost: () => void): Promise<() => Promise<void>> {
  if (database.pglite) return database.pglite.listen(channel, (payload) => onPayload(payload));
  const client = new pg.Client({ ...(database.pool!.options as pg.ClientConfig) });
  let ended = false;
  const lost = () => {
    if (ended) return;
    ended = true;
    client.end().catch(() => undefined);
    onLost();
  };
  client.on('error', lost);
  client.on('end', lost);
  client.on('notification', (message) => onPayload(message.payload));
  await client.connect();
  await client.query(`LISTEN ${channel}`);
  return async () => {
    ended = true;
    await client.end();
  };
}
