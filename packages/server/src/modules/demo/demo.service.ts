// The demo workspace created on first start: an administrator plus the full bilingual data set.
import { sql } from 'drizzle-orm';
import { firstRow, type Db } from '../../db/client.js';
import { createWorkspace } from '../workspaces/workspaces.service.js';
import { DEMO_PASSWORD, demoSize, seedWorkspace, type SeedSize, type SeedSummary } from './seed.service.js';

export const DEMO_ADMIN = { email: 'admin@demo.svyaz.local', password: DEMO_PASSWORD, name: 'Администратор' };

export interface DemoLogin {
  /** The demo workspace, when this start created it. */
  workspaceId?: string;
  email: string;
  password: string;
  created: boolean;
  others: { email: string; role: string }[];
  summary?: SeedSummary;
}

export async function ensureDemoWorkspace(db: Db, size: SeedSize = demoSize, log?: (message: string) => void): Promise<DemoLogin> {
  const existing = await firstRow(db, sql`select id from workspaces limit 1`);
  if (existing) return { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password, created: false, others: [] };
  const { workspaceId } = await createWorkspace(db, { name: 'Демо: ООО «Связь»', admin: DEMO_ADMIN });
  const summary = await seedWorkspace(db, workspaceId, size, { log });
  return { workspaceId, email: DEMO_ADMIN.email, password: DEMO_ADMIN.password, created: true, others: summary.logins, summary };
}
