/**
 * cfn-lint passes (exit 0) on template.yaml, every examples/*.yaml and the generated
 * StackSet template. cfn-lint is a Python tool: `pip install cfn-lint`. When it is missing
 * these tests fail (they never skip) and say how to install it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toStackSetTemplate } from '../../scripts/stackset-template.mjs';
import { exampleTemplates, ROOT, TEMPLATE } from './cfn.js';

const CFN_LINT = process.env.CFN_LINT ?? 'cfn-lint';
const INSTALL_HINT =
  `cfn-lint is not installed or not on PATH (tried "${CFN_LINT}"): ` +
  'install it with `pip install cfn-lint` (or set CFN_LINT to its path)';
const LINT_TIMEOUT_MS = 180_000;

function cfnLintVersion(): string | undefined {
  const result = spawnSync(CFN_LINT, ['--version'], { encoding: 'utf8' });
  return result.error || result.status !== 0 ? undefined : `${result.stdout}${result.stderr}`.trim();
}

const version = cfnLintVersion();

function lint(file: string): void {
  if (version === undefined) expect.fail(INSTALL_HINT);
  const result = spawnSync(CFN_LINT, ['--', file], { cwd: ROOT, encoding: 'utf8', timeout: LINT_TIMEOUT_MS });
  if (result.error) throw result.error;
  const output = `${result.stdout}${result.stderr}`.trim();
  expect(result.status, `${version} on ${relative(ROOT, file)} exited ${result.status}:\n${output}`).toBe(0);
}

const workDir = mkdtempSync(join(tmpdir(), 'stackset-template-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('cfn-lint', () => {
  it('is installed', () => {
    if (version === undefined) expect.fail(INSTALL_HINT);
    expect(version).toMatch(/cfn-lint/);
  });

  it('passes on template.yaml', () => lint(TEMPLATE), LINT_TIMEOUT_MS);

  const examples = exampleTemplates();
  it('finds the example templates', () => {
    expect(examples.map((file) => relative(ROOT, file))).toContain('examples/sms-voice-event-destination.yaml');
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((file) => [relative(ROOT, file), file] as const))(
    'passes on %s',
    (_name, file) => lint(file),
    LINT_TIMEOUT_MS,
  );

  it(
    'passes on the generated StackSet template',
    () => {
      const file = join(workDir, 'stackset-template.yaml');
      writeFileSync(file, toStackSetTemplate(readFileSync(TEMPLATE, 'utf8')));
      lint(file);
    },
    LINT_TIMEOUT_MS,
  );
});
