/** The CI workflow and .ci/run: actions pinned by commit, and the same Node versions in both. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ROOT } from './cfn.js';

const workflowText = readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8');
const workflow = YAML.parse(workflowText) as {
  jobs: Record<string, { strategy?: { matrix?: { node?: number[] } }; steps: { uses?: string }[] }>;
};
const ciRun = readFileSync(join(ROOT, '.ci/run'), 'utf8');
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

describe('CI', () => {
  it('pins every action by a full commit SHA, naming the release it came from', () => {
    const uses = steps.flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    for (const line of workflowText.split('\n').filter((l) => l.includes('uses:'))) {
      expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    }
  });

  it("tests on the machine's Node and on the Lambda runtime's, in the workflow as in .ci/run", () => {
    const runtime = /^NODE_RUNTIME_VERSION=(\d+)\.\d+\.\d+$/m.exec(ciRun)?.[1];
    expect(runtime).toBe('24');
    expect(ciRun).toMatch(/^npm test$/m);
    expect(ciRun).toMatch(/^scripts\/with-node\.sh "\$\{NODE_RUNTIME_VERSION\}" npm test$/m);
    const matrix = Object.values(workflow.jobs).flatMap((job) => job.strategy?.matrix?.node ?? []);
    expect(matrix).toEqual([20, Number(runtime)]);
  });
});
