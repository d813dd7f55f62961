// The unit tests alone, as one plain vitest config: what StrykerJS (npm run test:mutation) runs
// for every mutant. Same settings as the `unit` project of vitest.config.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    pool: 'forks',
  },
});
