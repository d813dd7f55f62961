// `npm run bench` runs: scripts/bench/main.ts (through tsx) against the already built dist/, with the
// smallest parameters, as a child process (it starts its own moto). Only that it runs to the end and
// prints every table is checked, never its numbers: timings depend on the machine.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLE } from '../../local/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const TINY = {
  BENCH_DELAYS_MS: '0',
  BENCH_RUNS: '1',
  BENCH_FIXED_SLEEP_MS: '100', // the fixed-sleep strategy, shortened
  BENCH_COLD_RUNS: '2',
  BENCH_SCALE: '3',
  BENCH_CPU_RUNS: '1',
};

function runBench(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench/main.ts'],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run bench', () => {
  it('runs every section with tiny parameters, exits 0 and prints each table heading and the summary', async () => {
    expect(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\``).toBe(true);
    const { code, stdout, stderr } = await runBench(TINY);
    expect(code, `bench exited ${code}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`).toBe(0);
    for (const heading of [
      '## 1. Propagation',
      '### This project against the others',
      '## 2. Round trips',
      '## 3. Cold start',
      '## 4. Scale and cost',
      '### One cold invocation',
      '### Cold-start CPU time at Lambda memory sizes',
      '## Summary',
    ]) {
      expect(stdout, heading).toContain(heading);
    }
    for (const strategy of ['this project', 'fixed 0.1 s sleep', "Terraform's schedule", 'one call, no wait'])
      expect(stdout, strategy).toContain(strategy);
    expect(stdout).toContain('Recommendation: MemorySize');
    expect(stdout).not.toContain('could not run');
  }, 300_000);
});
