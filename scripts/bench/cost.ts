// What a cold Create costs at Lambda's memory sizes: Lambda gives CPU in proportion to memory
// (1,769 MB = one vCPU) and bills the init phase with the invocation, in GB-seconds (MemorySize
// in GB x billed seconds). The CPU-bound part of a cold Create takes CPU ms x 1769 / MemorySize;
// the waits (AWS round trips, IAM propagation) take the same time at every size.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUNDLE } from '../../local/index.js';
import { COLD_RUNS, DELAYS_MS, MB_PER_VCPU, MEMORY_SIZES } from './knobs.js';
import { timeLoad } from './processes.js';
import { median, ms, out, range, table } from './report.js';

const TEMPLATE = fileURLToPath(new URL('../../template.yaml', import.meta.url));

/** template.yaml's MemorySize (undefined when it sets none). */
export const templateMemorySize = (): number | undefined => {
  const value = /^\s*MemorySize:\s*(\d+)/m.exec(readFileSync(TEMPLATE, 'utf8'))?.[1];
  return value === undefined ? undefined : Number(value);
};

/** Init CPU: user + system time of a fresh process once it has imported dist/index.mjs (median of COLD_RUNS). */
export function initCpuMs(env: NodeJS.ProcessEnv): number {
  timeLoad({ files: [BUNDLE] }, env); // warm the file cache; not counted
  return median(range(COLD_RUNS).map(() => timeLoad({ files: [BUNDLE] }, env).cpuMs)) ?? Number.NaN;
}

const gbSeconds = (memoryMb: number, durationMs: number) => (memoryMb / 1024) * (durationMs / 1000);
const expected = (cpuMs: number, memoryMb: number) => (cpuMs * MB_PER_VCPU) / memoryMb;

/**
 * The table: per memory size, the init phase and the cold Create's CPU-bound part as they would
 * take there, and the GB-seconds of one cold Create waiting 0 s and each emulated delay.
 * Returns the MemorySize to pick: the smallest with room for the peak RSS (1.5x) whose cold
 * Create needs at most 1 s of CPU-bound time.
 */
export function costTable(cost: { kind: string; initCpu: number; createCpu: number; peakMiB: number }): number {
  const waits = [...new Set([0, ...DELAYS_MS])].sort((a, b) => a - b);
  const template = templateMemorySize();
  out(
    `\n### A cold Create at Lambda memory sizes (CPU share = MemorySize / ${MB_PER_VCPU} MB of one vCPU; ` +
      'GB-s = MemorySize GB x billed s)',
  );
  out('');
  out(
    `Measured here on node ${process.version}: init CPU ${ms(cost.initCpu)} ms (Node start + importing ` +
      `dist/index.mjs), a whole cold Create ${ms(cost.createCpu)} ms (${cost.kind}, the heaviest kind: start, init ` +
      'and handler). One core here taken as one vCPU (Lambda runs arm64; its cores differ). Lambda bills the init ' +
      'phase (since 2025-08-01): a cold Create is billed init + handler. The init column is an upper bound: the ' +
      'init phase has been observed to run with more CPU than its memory size gives (not documented). ' +
      '"waiting" = time off the CPU (AWS round trips, IAM ' +
      "propagation: this project's Create takes about the emulated delay + 0.3 s, section 1), billed at every size.",
  );
  out('');
  table(
    [
      'MemorySize MB',
      'vCPU share',
      'init ms',
      'cold Create CPU-bound ms',
      ...waits.map((w) => `GB-s, waiting ${w / 1000} s`),
    ],
    MEMORY_SIZES.map((m) => [
      m === template ? `**${m}** (template.yaml)` : m,
      (m / MB_PER_VCPU).toFixed(3),
      ms(expected(cost.initCpu, m)),
      ms(expected(cost.createCpu, m)),
      ...waits.map((w) => gbSeconds(m, expected(cost.createCpu, m) + w).toFixed(3)),
    ]),
  );
  out(
    `\nThe CPU-bound part costs the same GB-s at every size below ${MB_PER_VCPU} MB ` +
      `(${gbSeconds(MB_PER_VCPU, cost.createCpu).toFixed(3)} GB-s); each second of waiting costs ` +
      'MemorySize / 1024 GB-s.',
  );
  const fits = (m: number) => m >= 1.5 * cost.peakMiB && expected(cost.createCpu, m) <= 1000;
  const pick = MEMORY_SIZES.find(fits) ?? MEMORY_SIZES.at(-1) ?? 0;
  out(
    `\nRecommendation: MemorySize ${pick} MB: the smallest size with room for the peak RSS ` +
      `(>= 1.5 x ${cost.peakMiB.toFixed(0)} MiB) whose cold Create needs <= 1 s of CPU-bound time ` +
      `(~${ms(expected(cost.createCpu, pick))} ms); more memory only shortens that part, while every second spent ` +
      'waiting for IAM propagation costs more GB-s, and invocations are a few per deployment.' +
      (template ? ` (template.yaml has MemorySize: ${template}.)` : ''),
  );
  return pick;
}
