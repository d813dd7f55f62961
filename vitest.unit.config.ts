// The unit tests alone, as one plain vitest config: what StrykerJS (npm run test:mutation) runs
// for every mutant. The same files and environment as the `unit` project of vitest.config.ts, run
// without per-file isolation (all files in one worker: the AWS SDK loads once per run, not once per
// file, so a mutant's run takes a fraction of the time); test/unit/isolation.setup.ts gives each file
// its own instances of the modules of src/. The property-based test of the protocol
// (test/unit/runtime.property.test.ts, 2,000 random events) is left out: it covers nearly every mutant and
// would run for each of them, while the example tests pin each rule on their own.
// `npx vitest run --config vitest.unit.config.ts` runs it by hand; it must pass as `npm run test:unit` does.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: ['test/unit/**/*.property.test.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    pool: 'forks',
    isolate: false,
    setupFiles: ['test/unit/isolation.setup.ts'],
  },
});
