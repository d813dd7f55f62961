// The bundles section 3 loads: dist/ itself (checked against an in-memory build with
// scripts/build.mjs's options), the same sources built with one option changed (written to a
// scratch directory), and the floor (floor.ts) built with the same options. Everything about a
// bundle's files comes from esbuild's metafile: which chunk is a kind's, what a file loads with
// it (its static imports, transitively), and which packages its bytes come from.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import { FLOOR_NAMESPACE, floorModule, floorPlugin, sdkImports } from './floor.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');
const RESOURCES = 'src/resources/';

interface Output {
  readonly path: string;
  /** src/resources/<kind>.ts or bench-floor:<kind> -> <kind>; undefined for shared chunks. */
  readonly kind: string | undefined;
  readonly bytes: number;
  readonly imports: readonly string[];
  /** Bytes in this file from each input package (`ours` for the project's own sources). */
  readonly packages: ReadonlyMap<string, number>;
}

export interface Bundle {
  readonly entry: string;
  /** Each kind's chunk (the kind's module name -> its file). */
  readonly chunks: ReadonlyMap<string, string>;
  /** The files loading `path` loads with it (itself and its static imports, transitively). */
  closure(path: string): ReadonlySet<string>;
  /** Bytes of these files, in all or from the packages `which` selects. */
  bytes(paths: Iterable<string>, which?: (pkg: string) => boolean): number;
  /** The packages (`ours` for src/) with code in these files. */
  packages(paths: Iterable<string>): ReadonlySet<string>;
  readonly files: readonly string[];
}

export const packageOf = (input: string): string =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? (input.startsWith('src/') ? 'ours' : input);

const BUILD_SCRIPT = pathToFileURL(join(ROOT, 'scripts/build.mjs')).href;

/** scripts/build.mjs's options and its plugins (the one place they live). */
export async function bundleOptions() {
  return (await import(BUILD_SCRIPT)) as {
    BUNDLE_OPTIONS: BuildOptions;
    builtinsByRequire: (filter: RegExp) => Plugin;
    envCredentialsOnly: Plugin;
  };
}

function analyse(metafile: Metafile, entryName: string): Bundle {
  const cwd = process.cwd(); // esbuild's absWorkingDir: the metafile's paths are relative to it
  const outputs: Output[] = Object.entries(metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .map(([file, o]) => {
      const entryPoint = o.entryPoint ?? '';
      const packages = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(o.inputs))
        packages.set(packageOf(input), (packages.get(packageOf(input)) ?? 0) + bytesInOutput);
      const source = entryPoint.startsWith(`${FLOOR_NAMESPACE}:`) ? '' : relative(ROOT, resolve(cwd, entryPoint));
      const kind = entryPoint.startsWith(`${FLOOR_NAMESPACE}:`)
        ? entryPoint.slice(FLOOR_NAMESPACE.length + 1)
        : source.startsWith(RESOURCES)
          ? source.slice(RESOURCES.length).replace(/\.ts$/, '')
          : undefined;
      return {
        path: resolve(cwd, file),
        kind,
        bytes: o.bytes,
        imports: o.imports.filter((i) => i.kind === 'import-statement').map((i) => resolve(cwd, i.path)),
        packages,
      };
    });
  const byPath = new Map(outputs.map((o) => [o.path, o]));
  const entry = outputs.find((o) => o.path.endsWith(`/${entryName}`))?.path;
  if (!entry) throw new Error(`no ${entryName} in the build's outputs`);
  const closure = (start: string) => {
    const seen = new Set<string>();
    const visit = (p: string) => {
      const output = byPath.get(p);
      if (seen.has(p) || !output) return;
      seen.add(p);
      for (const i of output.imports) visit(i);
    };
    visit(start);
    return seen;
  };
  return {
    entry,
    chunks: new Map(outputs.flatMap((o) => (o.kind && o.path !== entry ? [[o.kind, o.path] as const] : []))),
    closure,
    bytes: (paths, which = () => true) =>
      [...paths].reduce(
        (sum, p) => sum + [...(byPath.get(p)?.packages ?? [])].reduce((s, [pkg, b]) => s + (which(pkg) ? b : 0), 0),
        0,
      ),
    packages: (paths) =>
      new Set([...paths].flatMap((p) => [...(byPath.get(p)?.packages ?? [])].flatMap(([k, b]) => (b > 0 ? [k] : [])))),
    files: outputs.map((o) => o.path),
  };
}

/**
 * dist/ as it is, analysed through an in-memory build with BUNDLE_OPTIONS. Its file names must be
 * dist/'s (else dist/ was built from other sources: `npm run build`); differing contents are counted.
 */
export async function distBundle(): Promise<{ bundle: Bundle; differing: number }> {
  const { build } = await import('esbuild');
  const { BUNDLE_OPTIONS } = await bundleOptions();
  const result = await build({ ...BUNDLE_OPTIONS, write: false, logLevel: 'silent', metafile: true });
  const bundle = analyse(result.metafile, 'index.mjs');
  const contents = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
  const missing = bundle.files.filter((f) => !existsSync(f)).map((f) => relative(ROOT, f));
  if (missing.length)
    throw new Error(
      `dist/ does not match src/ (missing ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}): ` +
        'run `npm run build`',
    );
  const differing = bundle.files.filter(
    (f) => Buffer.compare(Buffer.from(contents.get(f) ?? []), readFileSync(f)) !== 0,
  ).length;
  return { bundle, differing };
}

/** src/ built with BUNDLE_OPTIONS and `change` on top, into `outdir`. */
export async function variantBundle(change: BuildOptions, outdir: string): Promise<Bundle> {
  const { build } = await import('esbuild');
  const { BUNDLE_OPTIONS } = await bundleOptions();
  const result = await build({ ...BUNDLE_OPTIONS, ...change, outdir, logLevel: 'silent', metafile: true });
  return analyse(result.metafile, 'index.mjs');
}

/** The AWS SDK client packages whose code is in these files. */
const clientPackages = (bundle: Bundle, paths: Iterable<string>): string[] =>
  [...bundle.packages(paths)].filter((pkg) => pkg.startsWith('@aws-sdk/client-')).sort();

/**
 * The floor of `ours` (dist/): for the entry, a module with the SDK clients the entry holds; for
 * each kind, one with the clients its chunk adds. Built with BUNDLE_OPTIONS into `outdir`.
 */
export async function floorBundle(
  ours: Bundle,
  outdir: string,
): Promise<{ floor: Bundle; clients: ReadonlyMap<string, readonly string[]> }> {
  const { build } = await import('esbuild');
  const { BUNDLE_OPTIONS } = await bundleOptions();
  const imports = sdkImports(join(ROOT, 'src'));
  const entryClosure = ours.closure(ours.entry);
  const entryClients = clientPackages(ours, entryClosure);
  const modules: Record<string, string> = { index: floorModule(entryClients, imports) };
  const clients = new Map([['index', entryClients]]);
  for (const [kind, chunk] of ours.chunks) {
    const own = clientPackages(
      ours,
      [...ours.closure(chunk)].filter((p) => !entryClosure.has(p)),
    );
    modules[kind] = floorModule(own, imports);
    clients.set(kind, own);
  }
  const result = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: Object.keys(modules).map((name) => ({ in: `${FLOOR_NAMESPACE}:${name}`, out: name })),
    outdir,
    plugins: [...(BUNDLE_OPTIONS.plugins ?? []), floorPlugin(modules, ROOT)],
    logLevel: 'silent',
    metafile: true,
  });
  return { floor: analyse(result.metafile, 'index.mjs'), clients };
}
