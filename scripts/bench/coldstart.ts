// 3. Cold start: `node -e ''` against importing dist/index.mjs plus each kind's chunk, in
// paired runs (every row once per pair, in rotating order).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';
import { KINDS, type Kind, localEnv } from '../../local/index.js';
import { COLD_ENV, COLD_RUNS, GOALS } from './knobs.js';
import { kib, median, ms, out, range, table, verdict, x } from './report.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist');
/** The one set of bundle options (a plain .mjs script, loaded by URL). */
const BUILD_SCRIPT = pathToFileURL(join(ROOT, 'scripts/build.mjs')).href;
/** The floor of any AWS SDK call: the Node built-ins its HTTP handler, signer and user agent load. */
const SDK_BUILTINS = ['stream', 'net', 'http', 'https', 'tls', 'crypto', 'zlib', 'os', 'fs/promises'];

interface Output {
  readonly path: string;
  readonly entryPoint: string | undefined;
  readonly imports: Metafile['outputs'][string]['imports'];
  readonly bytes: number;
}

/**
 * Each kind's chunk, found from esbuild's metafile: the bundle is rebuilt in memory with the
 * one set of options (scripts/build.mjs) and the outputs whose entryPoint is
 * src/resources/<kind>.ts are the kinds' chunks. Their names must be files in dist/ (else dist/
 * was built from other sources: `npm run build`).
 */
async function kindChunks() {
  const { build } = await import('esbuild');
  const { BUNDLE_OPTIONS } = (await import(BUILD_SCRIPT)) as { BUNDLE_OPTIONS: BuildOptions };
  const result = await build({ ...BUNDLE_OPTIONS, write: false, logLevel: 'silent', metafile: true });
  const cwd = process.cwd(); // esbuild's absWorkingDir: the metafile's paths are relative to it
  const outputs: Output[] = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .map(([file, o]) => ({
      path: resolve(cwd, file),
      entryPoint: o.entryPoint && resolve(cwd, o.entryPoint),
      imports: o.imports,
      bytes: o.bytes,
    }));
  const contents = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
  const missing: string[] = [];
  let differing = 0;
  for (const o of outputs) {
    if (!existsSync(o.path)) missing.push(relative(ROOT, o.path));
    else if (Buffer.compare(Buffer.from(contents.get(o.path) ?? []), readFileSync(o.path)) !== 0) differing++;
  }
  if (missing.length)
    throw new Error(
      `dist/ does not match src/ (missing ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}): ` +
        'run `npm run build`',
    );
  const resources = resolve(ROOT, 'src/resources');
  const chunks = outputs.flatMap((o) =>
    o.entryPoint && dirname(o.entryPoint) === resources
      ? [{ name: o.entryPoint.slice(resources.length + 1).replace(/\.ts$/, ''), path: o.path }]
      : [],
  );
  // What each output loads with it (its static imports, transitively).
  const byPath = new Map(outputs.map((o) => [o.path, o]));
  const closure = (start: string) => {
    const seen = new Set<string>();
    const visit = (p: string) => {
      const output = byPath.get(p);
      if (seen.has(p) || !output) return;
      seen.add(p);
      for (const i of output.imports) if (i.kind === 'import-statement') visit(resolve(cwd, i.path));
    };
    visit(start);
    return seen;
  };
  return { chunks, outputs, closure, differing };
}

function timeNode(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0)
    throw new Error(`node ${args.join(' ').slice(0, 120)} exited ${r.status}: ${r.stderr?.slice(-400)}`);
  return elapsed;
}

interface Variant {
  readonly label: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly kind?: Kind;
  readonly chunk?: { readonly name: string; readonly path: string };
  readonly info?: 'env' | 'builtins' | 'maps';
}

export async function coldStartSection(): Promise<void> {
  const { chunks, outputs, closure, differing } = await kindChunks();
  const entry = resolve(DIST, 'index.mjs');
  const url = (p: string) => pathToFileURL(p).href;
  // Default: the function's own environment (as template.yaml sets it: no NODE_OPTIONS, nothing
  // else). BENCH_COLD_ENV=inherit: this shell's environment for every row.
  const inherit = COLD_ENV === 'inherit';
  const env: NodeJS.ProcessEnv = inherit ? process.env : localEnv('http://127.0.0.1:9');
  const importKind = (path: string) => [
    '-e',
    `import(${JSON.stringify(url(entry))}).then(() => import(${JSON.stringify(url(path))}))`,
  ];
  const kindVariants = KINDS.map((k): Variant => {
    const chunk = chunks.find((c) => c.name === k.module);
    if (!chunk) throw new Error(`no chunk with entryPoint src/resources/${k.module}.ts in the metafile`);
    return { label: `index + ${k.label}`, kind: k, chunk, args: importKind(chunk.path) };
  });
  const withSourceMaps = { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --enable-source-maps`.trim() };
  const variants: Variant[] = [
    { label: "bare `node -e ''`", args: ['-e', ''] },
    { label: 'import dist/index.mjs', args: ['-e', `import(${JSON.stringify(url(entry))})`] },
    ...kindVariants,
    // For comparison only, never a goal: the other environment's bare start (a
    // NODE_EXTRA_CA_CERTS, set in some sandboxes and CI images but not on Lambda nodejs22.x,
    // makes every node start load a CA bundle), the built-ins an SDK call needs, and the first
    // kind with --enable-source-maps (what template.yaml leaves out).
    {
      label: `(info) bare, ${inherit ? "the function's" : "this shell's"} environment`,
      args: ['-e', ''],
      env: inherit ? localEnv('http://127.0.0.1:9') : process.env,
      info: 'env',
    },
    {
      label: '(info) bare + the built-ins an SDK call needs',
      args: ['-e', `for (const m of ${JSON.stringify(SDK_BUILTINS)}) require(m)`],
      info: 'builtins',
    },
    {
      label: `(info) index + ${KINDS[0]?.label}, with --enable-source-maps`,
      args: kindVariants[0]?.args ?? [],
      env: withSourceMaps,
      info: 'maps',
    },
  ];
  for (const v of variants) timeNode(v.args, v.env ?? env); // warm the file cache; not counted
  const times: number[][] = variants.map(() => []);
  const ratios: number[][] = variants.map(() => []);
  for (let i = 0; i < COLD_RUNS; i++) {
    // One pair set: every variant once, in a rotating order, so drift hits them alike.
    const t: number[] = [];
    for (const j of range(variants.length).map((k) => (k + i) % variants.length))
      t[j] = timeNode(variants[j]?.args ?? [], variants[j]?.env ?? env);
    t.forEach((v, j) => {
      times[j]?.push(v);
      ratios[j]?.push(v / (t[0] ?? v));
    });
  }
  const entryClosure = closure(entry);
  const sizeOf = (paths: Iterable<string>) =>
    [...paths].reduce((sum, p) => sum + (outputs.find((o) => o.path === p)?.bytes ?? 0), 0);
  const distFiles = readdirSync(DIST, { recursive: true }).map((f) => join(DIST, String(f)));
  const mjs = distFiles.filter((f) => f.endsWith('.mjs'));
  const total = mjs.reduce((sum, f) => sum + statSync(f).size, 0);
  const mapBytes = distFiles.filter((f) => f.endsWith('.map')).reduce((sum, f) => sum + statSync(f).size, 0);

  out(`\n## 3. Cold start: module loading, median of ${COLD_RUNS} paired runs`);
  out('');
  out(
    inherit
      ? "Wall time of a whole `node` process (spawn to exit), in this shell's environment " +
          '(BENCH_COLD_ENV=inherit). Each pair'
      : "Wall time of a whole `node` process (spawn to exit), in the function's environment " +
          '(local/invoke.ts localEnv:\nas template.yaml sets it, without NODE_OPTIONS; nothing inherited from this ' +
          'shell). Each pair',
  );
  out('runs every row once, in rotating order; "x bare" is the median of the per-pair ratios to bare node.');
  out("A kind's row imports the entry, then the kind's chunk, as a request does; the chunks are found in");
  out("esbuild's metafile (in-memory rebuild with BUNDLE_OPTIONS). The (info) rows are not part of any goal.");
  out('');
  const bareMs = median(times[0] ?? []);
  const rows = variants.map((v, j) => {
    const r = median(ratios[j] ?? []);
    const medianMs = median(times[j] ?? []);
    let goal: string | undefined;
    let loads: string | undefined;
    if (v.kind && v.chunk) {
      goal = verdict(
        `cold start ${v.kind.label} <= ${GOALS.coldRatio}x bare node`,
        `${x(r)} (${ms(medianMs)} ms vs ${ms(bareMs)} ms)`,
        (r ?? Number.NaN) <= GOALS.coldRatio,
      );
      const extra = [...closure(v.chunk.path)].filter((p) => !entryClosure.has(p));
      loads = `${relative(DIST, v.chunk.path)} (+${kib(sizeOf(extra))} beyond the entry)`;
    } else if (j === 1) {
      loads = `${kib(sizeOf(entryClosure))} with its static chunks`;
    } else if (v.info === 'env') {
      const ca = v.env?.NODE_EXTRA_CA_CERTS;
      loads = ca ? `NODE_EXTRA_CA_CERTS=${ca}` : 'no NODE_EXTRA_CA_CERTS';
    } else if (v.info === 'builtins') {
      loads = SDK_BUILTINS.join(', ');
    } else if (v.info === 'maps') {
      loads = `NODE_OPTIONS=${v.env?.NODE_OPTIONS ?? ''}`;
    }
    return [v.label, ms(medianMs), j === 0 ? '1.00x' : x(r), goal ?? '', loads];
  });
  table(['what', 'median ms', 'x bare', `<= ${GOALS.coldRatio}x`, 'loads'], rows);
  out('');
  out(
    `Bundle: ${mjs.length} .mjs files, ${kib(total)} in all; entry dist/index.mjs ${kib(statSync(entry).size)}; ` +
      `source maps ${kib(mapBytes)} more (shipped, read only with --enable-source-maps).`,
  );
  const stale = `; ${differing} file(s) differ in content (dist/ is older than src/: numbers are for dist/)`;
  out(`Chunk names of the in-memory build match the files in dist/${differing ? stale : ' (same content)'}.`);
}
