import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { createTestDatabase } from '../../test/databases.js';
import { seedWorkspace } from '../demo/seed.service.js';
import { backupWorkspace, restoreWorkspace, workspaceTables } from './backup.service.js';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../cli.ts');

describeWithWorld('backup and restore', (world) => {
  it('round-trips a workspace: same row counts in every table and identical rows', async () => {
    const w = world();
    await seedWorkspace(w.db, w.workspaceId, { companies: 30, contacts: 60, deals: 20, orders: 40, activities: 30, tasks: 20, products: 15 }, { seed: 3, domain: `backup-${w.kind}.local` });
    const directory = mkdtempSync(path.join(tmpdir(), 'svyaz-backup-'));
    const file = path.join(directory, 'workspace.jsonl.gz');
    const counts = await backupWorkspace(w.db, w.workspaceId, file);
    expect(counts.companies).toBeGreaterThanOrEqual(30);
    expect(counts.audit_events).toBeGreaterThan(0);
    const target = await createTestDatabase(w.kind);
    try {
      const restored = await restoreWorkspace(target.db, file);
      expect(restored.workspaceId).toBe(w.workspaceId);
      for (const table of await workspaceTables(w.db)) expect(restored.counts[table.name] ?? 0, table.name).toBe(counts[table.name]);
      const sample = sql`select id, name, inn, phones, custom, created_at from companies where workspace_id = ${w.workspaceId} order by id limit 10`;
      expect(await rows(target.db, sample)).toEqual(await rows(w.db, sample));
      await expect(restoreWorkspace(target.db, file)).rejects.toThrow(/already exists/);
      const replaced = await restoreWorkspace(target.db, file, { replace: true });
      expect(replaced.counts.companies).toBe(counts.companies);
    } finally {
      await target.close();
      rmSync(directory, { recursive: true, force: true });
    }
  }, 180_000);
});

it('runs the real CLI: migrate, user:create, token:create and a clear usage error', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'svyaz-cli-'));
  const env = { ...process.env, DATA_DIR: directory, DATABASE_URL: '' };
  try {
    const migrated = await run(process.execPath, ['--import', 'tsx', cli, 'migrate'], { env });
    expect(migrated.stdout).toContain('Migrations applied');
    const unknown = await run(process.execPath, ['--import', 'tsx', cli, 'frobnicate'], { env }).catch((error) => error);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const noWorkspace = await run(process.execPath, ['--import', 'tsx', cli, 'user:create', '--email', 'x@y.local', '--name', 'X', '--role', 'admin'], { env }).catch((error) => error);
    expect(noWorkspace.stderr).toContain('no workspace yet');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}, 120_000);
