// The cold-start floor: a bundle with nothing of ours, that only imports what src/ imports from
// the AWS SDK clients (each client class and the commands src/ sends) and constructs the clients
// as src/aws/clients.ts does. Its modules are generated from src/'s own import statements, so the
// floor follows src/ without a list to keep in step; scripts/build.mjs's options build it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';

/** `import { A, type B, C as D } from '@aws-sdk/client-x'`: the value names of each client package. */
const SDK_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/client-[\w-]+)['"]/g;

/** The names src/ imports as values from each @aws-sdk/client-* package (type-only imports left out). */
export function sdkImports(srcDir: string): ReadonlyMap<string, readonly string[]> {
  const names = new Map<string, Set<string>>();
  const files = readdirSync(srcDir, { recursive: true }).map(String);
  for (const file of files.filter((f) => f.endsWith('.ts'))) {
    for (const [, typeOnly, list = '', pkg = ''] of readFileSync(join(srcDir, file), 'utf8').matchAll(SDK_IMPORT)) {
      if (typeOnly) continue;
      const values = list
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith('type '))
        .map((s) => s.split(/\s+as\s+/)[0] ?? s);
      const set = names.get(pkg) ?? new Set<string>();
      for (const v of values) set.add(v);
      names.set(pkg, set);
    }
  }
  return new Map([...names].map(([pkg, set]) => [pkg, [...set].sort()]));
}

/**
 * A floor module: imports `packages`' names as src/ does, keeps them all (exported, so that
 * esbuild tree-shakes the same way), and `construct(config)` makes each client class.
 */
export function floorModule(packages: readonly string[], imports: ReadonlyMap<string, readonly string[]>): string {
  const lines: string[] = [];
  const kept: string[] = [];
  const clients: string[] = [];
  for (const pkg of packages) {
    const names = imports.get(pkg);
    if (!names?.length) throw new Error(`the bundle holds ${pkg}, but no value import of it was found in src/`);
    lines.push(`import { ${names.join(', ')} } from '${pkg}';`);
    kept.push(...names);
    clients.push(...names.filter((n) => n.endsWith('Client')));
  }
  lines.push(`export const imported = [${kept.join(', ')}];`);
  lines.push(`export const construct = (config) => [${clients.map((c) => `new ${c}(config)`).join(', ')}];`);
  return `${lines.join('\n')}\n`;
}

export const FLOOR_NAMESPACE = 'bench-floor';

/** Serves `modules` (name -> source) as `bench-floor:<name>`, resolving their imports from `resolveDir`. */
export function floorPlugin(modules: Readonly<Record<string, string>>, resolveDir: string): Plugin {
  return {
    name: 'bench-floor',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${FLOOR_NAMESPACE}:`) }, (args) => ({
        path: args.path.slice(FLOOR_NAMESPACE.length + 1),
        namespace: FLOOR_NAMESPACE,
      }));
      b.onLoad({ filter: /.*/, namespace: FLOOR_NAMESPACE }, (args) => ({
        contents: modules[args.path] ?? '',
        loader: 'js',
        resolveDir,
      }));
    },
  };
}
