// `npm run bench` runs: scripts/bench/main.ts (through tsx) against the already built dist/, with the
// smallest parameters, as a child process (it starts its own moto), on the Node that runs the tests
// (BENCH_NODE: no Node 24 is installed here). Only that it runs to the end and prints every table
// (the cold-start floor and the bundle options included) and writes its chart is checked, never
// its numbers: timings depend on the machine.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE } from '../../local/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const SCRATCH = mkdtempSync(join(os.tmpdir(), 'bench-test-'));
const SVG = join(SCRATCH, 'propagation.svg');

const TINY = {
  BENCH_NODE: process.execPath,
  BENCH_SVG: SVG,
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
  afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

  it('runs every section with tiny parameters, exits 0, prints every table and writes the chart', async () => {
    expect(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\``).toBe(true);
    const { code, stdout, stderr } = await runBench(TINY);
    expect(code, `bench exited ${code}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`).toBe(0);
    expect(stdout).toContain(`node ${process.version} (${process.execPath})`);
    for (const heading of [
      '## 1. Propagation',
      '### This project against the others',
      '## 2. Round trips',
      '## 3. Cold start against the floor',
      '### Bundle options',
      '## 4. Scale and cost',
      '### One cold invocation',
      '### A cold Create at Lambda memory sizes',
      '## Summary',
    ]) {
      expect(stdout, heading).toContain(heading);
    }
    for (const strategy of ['this project', 'fixed 0.1 s sleep', "Terraform's schedule", 'one call, no wait'])
      expect(stdout, strategy).toContain(strategy);
    // Every kind against its floor, with a verdict; every alternative build measured.
    expect(stdout.match(/^\| cold start .+ <= 1\.15x its floor .*\| (PASS|FAIL) +\|$/gm)).toHaveLength(4);
    const lines = stdout.split('\n');
    for (const option of ['minify: false', 'CommonJS', "credentials: the SDK's default chain", '--enable-source-maps'])
      expect(
        lines.find((l) => l.startsWith(`| ${option}`)),
        option,
      ).toMatch(/\| \d+ +\|.*\d\.\d\dx/);
    const svg = readFileSync(SVG, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('fill="#ffffff"'); // an opaque card: readable on light and dark themes
    for (const strategy of ['this project', 'fixed 0.1 s sleep', "Terraform's schedule", 'one call, no wait'])
      expect(svg, strategy).toContain(strategy);
  }, 300_000);
});
