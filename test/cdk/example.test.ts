// examples/cdk synthesizes as `cdk synth` runs it (the app command of its cdk.json, with the
// variables the CDK CLI sets), against the built package (lib/, as published: the example's own
// tsconfig.json has no path to the sources), and its templates pass cfn-lint and CDK's own
// template validation. It also type-checks against the package's published declarations.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../templates/cfn.js';
import { ACCOUNT, expectLintCleanFile, REGION } from './support.js';

const EXAMPLE = join(ROOT, 'examples', 'cdk');
const SYNTH_TIMEOUT_MS = 120_000;

/** The stack templates of the cloud assembly `cdk synth` would write, run with `context`. */
function synth(context: Record<string, string>): { outdir: string; templates: Record<string, any> } {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-example-'));
  const { app } = JSON.parse(readFileSync(join(EXAMPLE, 'cdk.json'), 'utf8')) as { app: string };
  const result = spawnSync(app, {
    cwd: EXAMPLE,
    shell: true,
    encoding: 'utf8',
    timeout: SYNTH_TIMEOUT_MS,
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_DEFAULT_ACCOUNT: ACCOUNT,
      CDK_DEFAULT_REGION: REGION,
    },
  });
  expect(result.status, `${app}:\n${result.stdout}${result.stderr}`).toBe(0);
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  const stacks = Object.entries(manifest.artifacts as Record<string, any>).filter(
    ([, artifact]) => artifact.type === 'aws:cloudformation:stack',
  );
  const templates = Object.fromEntries(
    stacks.map(([name, artifact]) => [
      name,
      JSON.parse(readFileSync(join(outdir, artifact.properties.templateFile), 'utf8')),
    ]),
  );
  return { outdir, templates };
}

const types = (template: any): string[] => Object.values(template.Resources as Record<string, any>).map((r) => r.Type);

it(
  'type-checks against the published declarations (lib/*.d.ts)',
  () => {
    const result = spawnSync('npx', ['tsc', '-p', join(EXAMPLE, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  },
  SYNTH_TIMEOUT_MS,
);

describe.each([
  ['the stack’s own provider', {}],
  ['a shared deployment', { provider: 'shared' }],
])('examples/cdk with %s', (mode, context) => {
  const { outdir, templates } = synth(context);
  const template = templates.MessagingEvents;

  it('synthesizes one stack with an SMS and voice and an SES configuration set, each with its destination', () => {
    expect(Object.keys(templates)).toEqual(['MessagingEvents']);
    expect(types(template)).toEqual(
      expect.arrayContaining([
        'AWS::SMSVOICE::ConfigurationSet',
        'Custom::SmsVoiceEventDestination',
        'AWS::SES::ConfigurationSet',
        'Custom::SesEventDestination',
        'AWS::KinesisFirehose::DeliveryStream',
      ]),
    );
    const functions = types(template).filter((type) => type === 'AWS::Lambda::Function');
    expect(functions, mode).toHaveLength(Object.keys(context).length === 0 ? 1 : 0);
  });

  it('passes cfn-lint', () => expectLintCleanFile(join(outdir, 'MessagingEvents.template.json')), SYNTH_TIMEOUT_MS);

  it("passes CDK's own template validation without a finding", () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });
});
