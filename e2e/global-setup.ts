import type { FullConfig } from '@playwright/test';
import { buildWeb, startServer } from './server';
import { createSalesTeam } from './api';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  buildWeb();
  const server = await startServer();
  await createSalesTeam(server.url);
  process.env.SVYAZ_E2E_URL = server.url;
  return () => server.stop();
}
