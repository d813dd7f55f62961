// 3. Cold start against the floor: for each kind, a fresh process that imports dist/index.mjs and
// the kind's chunk (what a cold request loads) against one that imports the same AWS SDK clients
// and nothing of ours (floor.ts), built with the same options; then the bundle options compared
// (options.ts), and what the entry's static imports hold of the SDK's credential providers.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { KINDS, localEnv, REGION } from '../../local/index.js';
import { SDK_RETRY } from '../../src/aws/clients.js';
import { type Bundle, DIST, distBundle, floorBundle } from './bundles.js';
import { COLD_ENV, COLD_RUNS, GOALS } from './knobs.js';
import { runtimeNodeVersion } from './node.js';
import { credentialReport, optionVariants } from './options.js';
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
  out(
    `Node: ${process.execPath} (${onRuntime ? `the Lambda runtime's, nodejs24.x = ${runtime} as .ci/run pins it` : `NOT the Lambda runtime's ${runtime}: BENCH_NODE`}).`,
  );
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

export async function coldStartSection(): Promise<void> {
  const scratch = mkdtempSync(join(os.tmpdir(), 'bench-bundles-'));
  try {
    const { bundle: ours, differing } = await distBundle();
    const { floor, clients } = await floorBundle(ours, join(scratch, 'floor'));
    const variants = await optionVariants(ours, scratch);
    const env: NodeJS.ProcessEnv = COLD_ENV === 'inherit' ? process.env : localEnv('http://127.0.0.1:9');
    const kinds = KINDS.map((k) => k.module);

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
      kinds: kinds.map((k) => at({ ...path(v.bundle, k), ...(v.nodeArgs ? { nodeArgs: v.nodeArgs } : {}) })),
    }));
    process.stderr.write(`cold start: ${COLD_RUNS} pairs of ${loads.length} processes on node ${process.version}\n`);
    const times = pairedRuns(loads, COLD_RUNS, env);
    const t = (i: number): Timing[] => times[i] ?? [];

    header();
    const bare = compare(t(0), t(0));
    const init = compare(t(1), t(2));
    const floorInit = compare(t(2), t(2));
    const extra = (chunk: string | undefined) =>
      chunk ? kib(ours.bytes([...ours.closure(chunk)].filter((p) => !ours.closure(ours.entry).has(p)))) : '';
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
        ...rows.map((r) => {
          const c = compare(t(r.ours), t(r.floor));
          const withNew = compare(t(r.ours), t(r.construct));
          const goal = verdict(
            `cold start ${r.kind.label} <= ${GOALS.coldFloorRatio}x its floor (node ${process.version})`,
            `${x(c.ratio.median)} (${ms(c.wall.median)} ms vs ${ms(compare(t(r.floor), t(r.floor)).wall.median)} ms)`,
            c.ratio.median <= GOALS.coldFloorRatio,
          );
          const f = compare(t(r.floor), t(r.floor));
          return [
            `${r.kind.label} (chunk +${extra(ours.chunks.get(r.kind.module))})`,
            (clients.get(r.kind.module) ?? []).map((c) => `+ ${c}`).join(', ') || '(none beyond the entry)',
            pair(c.wall),
            pair(f.wall),
            pair(c.ratio, x),
            `${ms(c.cpu.median)} / ${ms(f.cpu.median)}`,
            `${ms(median(t(r.construct).map((v) => v.wallMs)))}, ${x(withNew.ratio.median)}`,
            goal,
          ];
        }),
      ],
    );
    out(
      `\nInit CPU (Node start + importing dist/index.mjs, before the first request): ${ms(init.cpu.median)} ms ` +
        `median (floor ${ms(floorInit.cpu.median)} ms, bare node ${ms(bare.cpu.median)} ms).`,
    );

    out(`\n### Bundle options, in the same paired runs (median wall ms of each kind's path)`);
    out('');
    const kept = rows.map((r) => t(r.ours));
    table(
      ['build', ...KINDS.map((k) => k.label), 'x kept: median / p95', 'CPU x kept', 'kept instead'],
      [
        [
          'kept: scripts/build.mjs, dist/',
          ...kept.map((k) => ms(median(k.map((v) => v.wallMs)))),
          '1.00x',
          '1.00x',
          '',
        ],
        ...options.map((o) => {
          const per = o.kinds.map((i, j) => compare(t(i), kept[j] ?? []));
          const all = o.kinds.flatMap((i, j) => t(i).map((v, n) => v.wallMs / (kept[j]?.[n]?.wallMs ?? v.wallMs)));
          const cpu = o.kinds.flatMap((i, j) => t(i).map((v, n) => v.cpuMs / (kept[j]?.[n]?.cpuMs ?? v.cpuMs)));
          const s = stats(all);
          return [o.variant.label, ...per.map((p) => ms(p.wall.median)), pair(s, x), x(median(cpu)), o.variant.kept];
        }),
      ],
    );
    out('"x kept" pools every kind\'s per-pair ratios to the kept build\'s same kind: above 1.00x, the kept option is');
    out('faster. Each alternative changes one option of scripts/build.mjs and keeps the others.');

    credentialReport(ours, variants.find((v) => v.id === 'credentials')?.bundle);
    const mjs = readdirSync(DIST, { recursive: true })
      .map((f) => join(DIST, String(f)))
      .filter((f) => f.endsWith('.mjs'));
    out(
      `\nBundle: ${mjs.length} .mjs files, ${kib(mjs.reduce((s, f) => s + statSync(f).size, 0))} in all; init loads ` +
        `${kib(ours.bytes(ours.closure(ours.entry)))}. Chunk names of the in-memory build match dist/` +
        `${differing ? `; ${differing} file(s) differ in content (dist/ is older than src/: numbers are for dist/)` : ' (same content)'}.`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
