import { defineConfig } from 'vitest/config';

// One run covers every package; each package may add its own vitest.config.ts (a "project").
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
