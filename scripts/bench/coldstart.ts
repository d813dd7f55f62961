// 3. Cold start against the floor: for each kind, a fresh process that imports dist/index.mjs and
// the kind's chunk (what a cold request loads) against one that imports the same AWS SDK clients
// and nothing of ours (floor.ts), built with the same options; then the bundle options compared
// (options.ts), and what the entry's static imports hold of the SDK's credential providers.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { KINDS, type Kind, localEnv, REGION } from '../../local/index.js';
import { SDK_RETRY } from '../../src/aws/clients.js';
import { type Bundle, DIST, distBundle, floorBundle } from './bundles.js';
import { COLD_ENV, COLD_RUNS, GOALS } from './knobs.js';
import { runtimeNodeVersion } from './node.js';
import { credentialReport, type OptionVariant, optionVariants } from './options.js';
import { compare, type Load, pairedRuns, type Stats, stats, type Timing } from './processes.js';
import { kib, median, ms, out, table, verdict, x } from './report.js';

/** The clients as src/aws/clients.ts constructs them. */
const CLIENT_CONFIG = { region: REGION, ...SDK_RETRY };

const path = (b: Bundle, kind: string): Load => {
  const chunk = b.chunks.get(kind);
  if (!chunk) throw new Error(`no chunk for src/resources/${kind}.ts in the build`);
  return { files: [b.entry, chunk] };
};

const pair = (s: Stats, f: (v: number) => string | undefined = ms) => `${f(s.median)} / ${f(s.p95)}`;

function header(): void {
  const runtime = runtimeNodeVersion();
  const onRuntime = process.version === `v${runtime}`;
  out(`\n## 3. Cold start against the floor, ${COLD_RUNS} paired runs, on node ${process.version}`);
  out('');
  const which = onRuntime
    ? `the Lambda runtime's: nodejs24.x = ${runtime}, as .ci/run pins it`
    : `NOT the Lambda runtime's ${runtime}: BENCH_NODE`;
  out(`Node: ${process.execPath} (${which}).`);
  out(
    `Each row is a whole fresh \`node\` process (spawn to exit) in ${
      COLD_ENV === 'inherit'
        ? "this shell's environment (BENCH_COLD_ENV=inherit)"
        : "the function's environment (local/invoke.ts localEnv: as template.yaml sets it, nothing from this shell)"
    }.`,
  );
  out("A kind's path imports dist/index.mjs, then the kind's chunk, as a cold request does. Its floor is a bundle");
  out("with nothing of ours, built with scripts/build.mjs's options, whose entry imports what src/ imports from the");
  out("SDK clients the entry holds, and whose kind module what src/ imports from the clients the kind's chunk adds");
  out('(client classes and the commands src/ sends: scripts/bench/floor.ts). Every pair runs each row once, in a');
  out('rotating order; "x floor" is the median (and p95) of the per-pair ratios. The goal compares like with like');
  out('(both import, neither constructs); "floor + new Client()" also constructs the clients as src/aws/clients.ts');
  out('does, which a request then pays on either side. CPU = user + system time of the process once loaded.');
  out('');
}

/** Each kind's path against its floor (imports only) and its floor constructing the clients too. */
function kindTable(w: Measured): void {
  const { ours, clients, t } = w;
  const bare = compare(t(0), t(0));
  const init = compare(t(1), t(2));
  const floorInit = compare(t(2), t(2));
  const initFiles = ours.closure(ours.entry);
  const extra = (chunk: string) => kib(ours.bytes([...ours.closure(chunk)].filter((p) => !initFiles.has(p))));
  const rows = w.rows.map((r) => {
    const c = compare(t(r.ours), t(r.floor));
    const f = compare(t(r.floor), t(r.floor));
    const goal = verdict(
      `cold start ${r.kind.label} <= ${GOALS.coldFloorRatio}x its floor (node ${process.version})`,
      `${x(c.ratio.median)} (${ms(c.wall.median)} ms vs ${ms(f.wall.median)} ms)`,
      c.ratio.median <= GOALS.coldFloorRatio,
    );
    return [
      `${r.kind.label} (chunk +${extra(ours.chunks.get(r.kind.module) ?? '')})`,
      (clients.get(r.kind.module) ?? []).map((name) => `+ ${name}`).join(', ') || '(none beyond the entry)',
      pair(c.wall),
      pair(f.wall),
      pair(c.ratio, x),
      `${ms(c.cpu.median)} / ${ms(f.cpu.median)}`,
      `${ms(median(t(r.construct).map((v) => v.wallMs)))}, ${x(compare(t(r.ours), t(r.construct)).ratio.median)}`,
      goal,
    ];
  });
  table(
    [
      'what',
      'SDK clients (floor)',
      'ours: median / p95 ms',
      'floor: median / p95 ms',
      'x floor: median / p95',
      'CPU ms: ours / floor',
      'floor + new Client(): ms, x',
      `<= ${GOALS.coldFloorRatio}x`,
    ],
    [
      ["bare `node -e ''` (for scale)", '', pair(bare.wall), '', '', `${ms(bare.cpu.median)}`, '', ''],
      [
        'init: dist/index.mjs (entry + static imports)',
        (clients.get('index') ?? []).join(', '),
        pair(init.wall),
        pair(floorInit.wall),
        pair(init.ratio, x),
        `${ms(init.cpu.median)} / ${ms(floorInit.cpu.median)}`,
        '',
        '',
      ],
      ...rows,
    ],
  );
  out(
    `\nInit CPU (Node start + importing dist/index.mjs, before the first request): ${ms(init.cpu.median)} ms ` +
      `median (floor ${ms(floorInit.cpu.median)} ms, bare node ${ms(bare.cpu.median)} ms).`,
  );
}

/** Each alternative build against the kept one, kind by kind; "x kept" pools every kind's per-pair ratios. */
function optionsTable(w: Measured): void {
  const { t } = w;
  const kept = w.rows.map((r) => t(r.ours));
  const pooled = (rows: readonly number[], pick: (v: Timing) => number) =>
    stats(rows.flatMap((i, j) => t(i).map((v, n) => pick(v) / pick(kept[j]?.[n] ?? v))));
  out(`\n### Bundle options, in the same paired runs (median wall ms of each kind's path)`);
  out('');
  table(
    ['build', ...KINDS.map((k) => k.label), 'x kept: median / p95', 'CPU x kept', 'kept instead'],
    [
      ['kept: scripts/build.mjs, dist/', ...kept.map((k) => ms(median(k.map((v) => v.wallMs)))), '1.00x', '1.00x', ''],
      ...w.options.map((o) => [
        o.variant.label,
        ...o.kinds.map((i) => ms(median(t(i).map((v) => v.wallMs)))),
        pair(
          pooled(o.kinds, (v) => v.wallMs),
          x,
        ),
        x(pooled(o.kinds, (v) => v.cpuMs).median),
        o.variant.kept,
      ]),
    ],
  );
  out('"x kept" pools every kind\'s per-pair ratios to the kept build\'s same kind: above 1.00x, the kept option is');
  out('faster. Each alternative changes one option of scripts/build.mjs and keeps the others.');
}

interface Measured {
  readonly ours: Bundle;
  readonly clients: ReadonlyMap<string, readonly string[]>;
  readonly rows: readonly { kind: Kind; ours: number; floor: number; construct: number }[];
  readonly options: readonly { variant: OptionVariant; kinds: number[] }[];
  /** A row's timings, one per pair. */
  t(row: number): readonly Timing[];
}

/** Every process of the section in one set of paired runs: bare node, both inits, then per kind and per option. */
function measure(ours: Bundle, floor: Bundle, clients: Measured['clients'], variants: OptionVariant[]): Measured {
  const env: NodeJS.ProcessEnv = COLD_ENV === 'inherit' ? process.env : localEnv('http://127.0.0.1:9');
  const loads: Load[] = [{ files: [] }, { files: [ours.entry] }, { files: [floor.entry] }];
  const at = (l: Load) => loads.push(l) - 1;
  const rows = KINDS.map((k) => ({
    kind: k,
    ours: at(path(ours, k.module)),
    floor: at(path(floor, k.module)),
    construct: at({ ...path(floor, k.module), construct: CLIENT_CONFIG }),
  }));
  const options = variants.map((v) => ({
    variant: v,
    kinds: KINDS.map((k) => at({ ...path(v.bundle, k.module), ...(v.nodeArgs ? { nodeArgs: v.nodeArgs } : {}) })),
  }));
  process.stderr.write(`cold start: ${COLD_RUNS} pairs of ${loads.length} processes on node ${process.version}\n`);
  const times = pairedRuns(loads, COLD_RUNS, env);
  return { ours, clients, rows, options, t: (i) => times[i] ?? [] };
}

export async function coldStartSection(): Promise<void> {
  const scratch = mkdtempSync(join(os.tmpdir(), 'bench-bundles-'));
  try {
    const { bundle: ours, differing } = await distBundle();
    const { floor, clients } = await floorBundle(ours, join(scratch, 'floor'));
    const variants = await optionVariants(ours, scratch);
    const measured = measure(ours, floor, clients, variants);
    header();
    kindTable(measured);
    optionsTable(measured);
    credentialReport(ours, variants.find((v) => v.id === 'credentials')?.bundle);
    const mjs = readdirSync(DIST, { recursive: true })
      .map((f) => join(DIST, String(f)))
      .filter((f) => f.endsWith('.mjs'));
    const stale = `; ${differing} file(s) differ in content (dist/ is older than src/: numbers are for dist/)`;
    out(
      `\nBundle: ${mjs.length} .mjs files, ${kib(mjs.reduce((s, f) => s + statSync(f).size, 0))} in all; init loads ` +
        `${kib(ours.bytes(ours.closure(ours.entry)))}. Chunk names of the in-memory build match dist/` +
        `${differing ? stale : ' (same content)'}.`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
