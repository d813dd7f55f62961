// The one place the bundle's options live. `npm run build` runs this file, and so does
// `sam build` (template.yaml: BuildMethod makefile -> Makefile -> npm run build).
// `npm run bench` (section 3, scripts/bench/coldstart.ts) measures these options against their
// alternatives on the Lambda runtime's Node and prints why each one is kept.

import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const OUT_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

/**
 * An esbuild plugin: a static `import ... from '<builtin>'` whose name matches `filter` becomes
 * `require('<builtin>')` (the banner's require). On Node 22 and later (Lambda's nodejs24.x),
 * importing `node:http` as ESM builds its module facade, which reads every export, the lazy
 * WebSocket and EventSource getters included, and so loads undici: 15-30 ms of CPU on every
 * cold start, for a module the function needs only for loopback ResponseURLs in local runs.
 * require() returns the same module object without the facade. The AWS SDK already loads
 * node:http only on demand (import() when an endpoint is http), which this leaves alone.
 */
export const builtinsByRequire = (filter) => ({
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, namespace: 'builtin-by-require' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
});

/**
 * An esbuild plugin: the AWS SDK's default credential chain (@aws-sdk/credential-provider-node)
 * becomes its first link, the environment (@aws-sdk/credential-provider-env). Lambda gives the
 * function its execution role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN, and the local run and the tests do the same. The other links (SSO, INI
 * files, process, web identity, container and instance metadata, with the nested STS/SSO
 * clients) are never loaded there, but as chunks on demand they share code with the entry, and
 * esbuild splits that shared code into small chunks: init loads 13 files instead of 6. Without
 * credentials in the environment, every AWS call fails naming them (CredentialsProviderError).
 */
export const envCredentialsOnly = {
  name: 'env-credentials-only',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, (args) => ({
      path: args.path,
      namespace: 'env-credentials-only',
    }));
    b.onLoad({ filter: /.*/, namespace: 'env-credentials-only' }, () => ({
      contents: "export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';",
      loader: 'js',
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    }));
  },
};

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
  // Lambda runs nodejs24.x (template.yaml); the tools and tests also run the bundle on Node 20.
  target: 'node20',
  // Less code to read, parse and compile: minify: false loads about 7% slower (the bench).
  minify: true,
  // Maps ship for debugging stack traces (NODE_OPTIONS=--enable-source-maps); Node reads them only
  // with that flag, whose cost at a cold start the bench measures. template.yaml does not set it.
  sourcemap: true,
  sourcesContent: false,
  // The SDK's ES modules (`module`, and the `module` condition of its exports maps, on by default):
  // esbuild tree-shakes them, so only the commands src/ sends are bundled. CommonJS (`main`) bundles
  // whole clients: about 1.7x slower to load (the bench). Nothing is left to the runtime's copy.
  mainFields: ['module', 'main'],
  plugins: [builtinsByRequire(/^(node:)?http$/), envCredentialsOnly],
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // Some SDK dependencies still call require() for Node built-ins, and builtinsByRequire above.
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; " +
      'const require = __createRequire(import.meta.url);',
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
    `dist/: ${outputs.length} files, ${kib(total)} (entry ${kib(entry[1].bytes)}); ` +
      `SDK clients bundled: ${[...packages].sort().join(', ')}`,
  );
}
