import { configDefaults, defineConfig } from 'vitest/config';

// The SDK warns on Node before 22 (this machine's 20) about its 2027 releases; the function runs on nodejs24.x.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
// What the CDK constructs synthesize, played through the built bundle: needs the emulator.
const CDK_AGAINST_THE_EMULATOR = 'test/cdk/**/*.emulator.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        // Pure rules and the lifecycle against aws-sdk-client-mock: no emulator, seconds.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env },
      },
      {
        // The built bundle against moto and the emulator's stand-ins (moto started once for the run), the
        // emulator and the local deployment themselves, and the bench.
        test: {
          name: 'integration',
          include: [
            'test/integration/**/*.test.ts',
            'test/emulator/**/*.test.ts',
            'test/local/**/*.test.ts',
            'test/bench/**/*.test.ts',
            CDK_AGAINST_THE_EMULATOR,
          ],
          exclude: ['test/emulator/model/**'],
          globalSetup: ['test/support/global-setup.ts'],
          env,
          testTimeout: 120_000,
        },
      },
      {
        // Requests and stand-in answers against botocore's models (emulator/model): botocore on disk, no emulator.
        test: { name: 'model', include: ['test/emulator/model/**/*.test.ts'], env },
      },
      {
        // template.yaml, the examples and the generated StackSet template: cfn-lint and the IAM policy simulator.
        test: { name: 'templates', include: ['test/templates/**/*.test.ts'], env },
      },
      {
        // The CDK constructs (cdk/): synthesized templates, cfn-lint, the per-stack provider against
        // template.yaml, the example app. The package is built once for the run (from dist/).
        test: {
          name: 'cdk',
          include: ['test/cdk/**/*.test.ts'],
          exclude: [...configDefaults.exclude, CDK_AGAINST_THE_EMULATOR],
          globalSetup: ['test/cdk/global-setup.ts'],
          env,
          // A file's first synth loads aws-cdk-lib: seconds on a busy machine.
          testTimeout: 60_000,
        },
      },
    ],
  },
});
