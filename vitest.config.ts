import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts moto and the local emulator gateway once for the integration tests.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration files share one moto; unit files are fast either way.
    fileParallelism: true,
    pool: 'forks',
  },
});
