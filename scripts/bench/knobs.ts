// The bench's knobs (environment variables; defaults in brackets) and its goals.
//   BENCH_DELAYS_MS            emulated IAM propagation delays, comma-separated [0,3000,8000]
//   BENCH_RUNS                 runs per strategy and delay [5]
//   BENCH_STRATEGIES           which strategies of section 1 [project,fixed,terraform,once]
//   BENCH_FIXED_SLEEP_MS       the fixed-sleep strategy's sleep [10000] (tests shorten it)
//   BENCH_COLD_RUNS            paired cold-start runs [20]
//   BENCH_NODE                 the Node every section runs on: a version (installed from the npm
//                              registry by scripts/with-node.sh) or a node binary's path [the
//                              Lambda runtime's version, as .ci/run pins it: NODE_RUNTIME_VERSION]
//   BENCH_SVG                  where section 1 writes its chart; empty: nowhere [docs/bench-propagation.svg]
//   BENCH_SCALE                concurrent Creates in section 4 [50]
//   BENCH_SCALE_IAM_PER_SECOND mutating IAM calls a second the gateway admits in section 4 [4]
//   BENCH_CPU_RUNS             cold Creates per kind for CPU time and peak RSS [3]
//   BENCH_COLD_ENV             environment of the cold-start processes: function (the
//                              function's own, as on Lambda) or inherit (this shell's) [function]
//   BENCH_SECTIONS             which sections [propagation,roundtrips,coldstart,scale]

const list = (name: string, fallback: string): string[] =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const int = (name: string, fallback: number, min = 0): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number >= ${min}, got "${raw}"`);
  return value;
};

export const STRATEGY_NAMES = ['project', 'fixed', 'terraform', 'once'] as const;
export type Strategy = (typeof STRATEGY_NAMES)[number];
export const SECTION_NAMES = ['propagation', 'roundtrips', 'coldstart', 'scale'] as const;
export type Section = (typeof SECTION_NAMES)[number];

const isStrategy = (s: string): s is Strategy => (STRATEGY_NAMES as readonly string[]).includes(s);
const isSection = (s: string): s is Section => (SECTION_NAMES as readonly string[]).includes(s);

export const DELAYS_MS = list('BENCH_DELAYS_MS', '0,3000,8000').map(Number);
if (DELAYS_MS.some((d) => !Number.isInteger(d) || d < 0))
  throw new Error(`BENCH_DELAYS_MS must list whole numbers of ms, got "${process.env.BENCH_DELAYS_MS}"`);
export const RUNS = int('BENCH_RUNS', 5, 1);
export const STRATEGIES: readonly Strategy[] = list('BENCH_STRATEGIES', STRATEGY_NAMES.join(',')).map((s) => {
  if (!isStrategy(s)) throw new Error(`BENCH_STRATEGIES: unknown strategy "${s}"`);
  return s;
});
export const FIXED_SLEEP_MS = int('BENCH_FIXED_SLEEP_MS', 10_000);
export const COLD_RUNS = int('BENCH_COLD_RUNS', 20, 1);
export const SCALE = int('BENCH_SCALE', 50, 1);
export const SCALE_IAM_PER_SECOND = int('BENCH_SCALE_IAM_PER_SECOND', 4, 1);
export const CPU_RUNS = int('BENCH_CPU_RUNS', 3, 1);
export const NODE = process.env.BENCH_NODE ?? '';
export const SVG = process.env.BENCH_SVG ?? 'docs/bench-propagation.svg';
export const COLD_ENV = process.env.BENCH_COLD_ENV || 'function';
if (!['function', 'inherit'].includes(COLD_ENV))
  throw new Error(`BENCH_COLD_ENV must be function or inherit, got "${COLD_ENV}"`);
export const SECTIONS: readonly Section[] = list('BENCH_SECTIONS', SECTION_NAMES.join(',')).map((s) => {
  if (!isSection(s)) throw new Error(`BENCH_SECTIONS: unknown section "${s}"`);
  return s;
});

/** The knobs as the report's header prints them. */
export const KNOBS_LINE =
  `Knobs: BENCH_DELAYS_MS=${DELAYS_MS.join(',')} BENCH_RUNS=${RUNS} BENCH_STRATEGIES=${STRATEGIES.join(',')} ` +
  `BENCH_FIXED_SLEEP_MS=${FIXED_SLEEP_MS} BENCH_COLD_RUNS=${COLD_RUNS} BENCH_COLD_ENV=${COLD_ENV} ` +
  `BENCH_SCALE=${SCALE} BENCH_SCALE_IAM_PER_SECOND=${SCALE_IAM_PER_SECOND} BENCH_CPU_RUNS=${CPU_RUNS} ` +
  `BENCH_SECTIONS=${SECTIONS.join(',')} BENCH_NODE=${NODE || "(the runtime's)"} BENCH_SVG=${SVG}`;

/** Lambda allocates CPU in proportion to memory: 1,769 MB is one full vCPU. */
export const MB_PER_VCPU = 1769;
export const MEMORY_SIZES = [128, 256, 512, 1024];

export const GOALS = {
  beyondMedianMs: 500,
  beyondP95Ms: 1000,
  goalDelaysMs: [3000, 8000],
  callsPerSecond: 2,
  createCalls: 5,
  deleteCalls: 6,
  /** A kind's cold start against its floor (the same SDK clients and nothing of ours). */
  coldFloorRatio: 1.15,
  peakRssMiB: 128,
} as const;
