// The one place the bundle's options live. `npm run build` runs this file, and so does
// `sam build` (template.yaml: BuildMethod makefile -> Makefile -> npm run build).

import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const OUT_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

export const BUNDLE_OPTIONS = {
  entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
  outdir: OUT_DIR,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Each kind (src/resources/index.ts imports them on demand) and the SDK client it calls
  // becomes its own chunk: a request loads only what its kind uses. dist/ ships whole.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  // Runs on this machine's Node 20 and on the Lambda runtime nodejs22.x (template.yaml).
  target: 'node20',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  // Only the SDK clients src/ imports are bundled; nothing is left to the runtime's copy.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // Some SDK dependencies still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await rm(OUT_DIR, { recursive: true, force: true });
  const result = await build(BUNDLE_OPTIONS);
  const packages = new Set(
    Object.keys(result.metafile.inputs)
      .map((path) => /node_modules\/(@aws-sdk\/client-[^/]+)/.exec(path)?.[1])
      .filter(Boolean),
  );
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  const entry = outputs.find(([file]) => file.endsWith('dist/index.mjs'));
  const total = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
  console.log(
    `dist/: ${outputs.length} files, ${kib(total)} (entry ${kib(entry[1].bytes)}); SDK clients bundled: ${[...packages].sort().join(', ')}`,
  );
}
