// A small per-workspace cache of what `applyCaseSla` reads on every case write: the workspace's SLA policies in
// order and its compiled business calendar. Invalidated as the actor cache is (`forgetActor`): a change to the
// policies or the calendar forgets the workspace here inside its transaction, again once it has committed, and
// in every other process through `pg_notify` on `svyaz_sla_settings` (delivered at commit; `listenForSlaChanges`
// in app.ts). Entries also expire after a few seconds, so a process whose LISTEN connection was lost is stale
// for at most that long. A generation number per workspace keeps a load that began before a change from being
// remembered after it.
import { sql } from 'drizzle-orm';
import type { Db, Database } from '../../db/client.js';
import { listenTo } from '../../db/listen.js';

export const SLA_SETTINGS_CHANNEL = 'svyaz_sla_settings';
const TTL_MS = 5000;

interface Entry {
  at: number;
  values: Map<string, unknown>;
}

const entries = new Map<string, Entry>();
const generations = new Map<string, number>();

/** Forgets a workspace's cached SLA settings in this process (all workspaces without an id). */
export function forgetSlaSettings(workspaceId?: string): void {
  if (workspaceId === undefined) {
    entries.clear();
    for (const key of generations.keys()) generations.set(key, (generations.get(key) ?? 0) + 1);
    return;
  }
  entries.delete(workspaceId);
  generations.set(workspaceId, (generations.get(workspaceId) ?? 0) + 1);
}

/**
 * Call inside the transaction that changes a workspace's policies or calendar: forgotten here now, and in every
 * process (this one too) when the transaction commits. Call `forgetSlaSettings` after the commit as well.
 */
export async function slaSettingsChanged(tx: Db, workspaceId: string): Promise<void> {
  forgetSlaSettings(workspaceId);
  await tx.execute(sql`select pg_notify(${SLA_SETTINGS_CHANNEL}, ${workspaceId})`);
}

/** The cached value `key` of a workspace, loaded by `load` when missing or older than the TTL. */
export async function cachedSlaSetting<T>(workspaceId: string, key: string, load: () => Promise<T>): Promise<T> {
  const entry = entries.get(workspaceId);
  if (entry && Date.now() - entry.at < TTL_MS && entry.values.has(key)) return entry.values.get(key) as T;
  const generation = generations.get(workspaceId) ?? 0;
  const value = await load();
  if ((generations.get(workspaceId) ?? 0) === generation) {
    const current = entries.get(workspaceId);
    const fresh = current && Date.now() - current.at < TTL_MS ? current : { at: Date.now(), values: new Map<string, unknown>() };
    fresh.values.set(key, value);
    entries.set(workspaceId, fresh);
  }
  return value;
}

/** Listens for changes made by other processes; returns the function that stops listening. */
export async function listenForSlaChanges(database: Database): Promise<() => Promise<void>> {
  return listenTo(
    database,
    SLA_SETTINGS_CHANNEL,
    (workspaceId) => forgetSlaSettings(workspaceId || undefined),
    () => forgetSlaSettings(),
  );
}
