import type { FullConfig } from '@playwright/test';
import { buildWeb, startServer } from './server';
import { createSalesTeam } from './api';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  buildWeb();
  const server = await startServer();
  await createSalesTeam(server.url);
  process.env.SVYAZ_E2E_URL = server.url;
  return async () => {
    // Slow requests and server errors, for the CI log: a failed step is easier to explain beside them.
    const warnings = server.warnings();
    if (warnings.length > 0) console.log(`The e2e server logged ${warnings.length} warnings:\n${warnings.slice(-80).join('\n')}`);
    await server.stop();
  };
}
