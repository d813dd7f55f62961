// Section 3's comparison of bundle options: src/ built with scripts/build.mjs's options and one
// of them changed, each kind's path timed in the same paired runs as dist/ itself; and what init
// loads of the SDK's credential providers with and without the kept credentials option.
import { join } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { type Bundle, bundleOptions, variantBundle } from './bundles.js';
import { out, table } from './report.js';

/** One alternative to the kept options. */
export interface OptionVariant {
  readonly id: 'minify' | 'commonjs' | 'credentials' | 'http' | 'builtins' | 'sourcemaps';
  readonly label: string;
  /** What scripts/build.mjs keeps instead. */
  readonly kept: string;
  readonly bundle: Bundle;
  readonly nodeArgs?: readonly string[];
}

const without = (plugins: readonly Plugin[], name: string) => plugins.filter((p) => p.name !== name);

/** Builds each alternative into `scratch`; dist/ (`ours`) is the kept build. */
export async function optionVariants(ours: Bundle, scratch: string): Promise<OptionVariant[]> {
  const { BUNDLE_OPTIONS, builtinsByRequire, envCredentialsOnly } = await bundleOptions();
  const plugins = BUNDLE_OPTIONS.plugins ?? [];
  const others = without(plugins, 'builtins-by-require');
  const changes: (Omit<OptionVariant, 'bundle'> & { change: BuildOptions })[] = [
    { id: 'minify', label: 'minify: false', kept: 'minify: true', change: { minify: false } },
    {
      id: 'commonjs',
      label: "CommonJS: mainFields ['main'], conditions []",
      kept: "ES modules: mainFields ['module', 'main'], esbuild's default conditions (`module` first)",
      change: { mainFields: ['main'], conditions: [] },
    },
    {
      id: 'credentials',
      label: "credentials: the SDK's default chain",
      kept: "the environment only (build.mjs's envCredentialsOnly: what Lambda gives)",
      change: { plugins: without(plugins, envCredentialsOnly.name) },
    },
    {
      id: 'http',
      label: 'node:http imported as an ES module',
      kept: "node:http through require() (build.mjs's builtinsByRequire)",
      change: { plugins: others },
    },
    {
      id: 'builtins',
      label: 'every node: built-in through require()',
      kept: 'only node:http through require()',
      change: { plugins: [...others, builtinsByRequire(/^node:/)] },
    },
  ];
  const built: OptionVariant[] = [];
  for (const { change, ...c } of changes)
    built.push({ ...c, bundle: await variantBundle(change, join(scratch, `option-${c.id}`)) });
  built.push({
    id: 'sourcemaps',
    label: '--enable-source-maps (NODE_OPTIONS)',
    kept: 'no flag (template.yaml sets no NODE_OPTIONS; the maps ship in dist/)',
    bundle: ours,
    nodeArgs: ['--enable-source-maps'],
  });
  return built;
}

/** What init loads (the entry and its static imports) and what only loads on demand, per package group. */
export function credentialReport(ours: Bundle, chain: Bundle | undefined): void {
  const split = (b: Bundle) => {
    const init = b.closure(b.entry);
    const kinds = new Set([...b.chunks.values()].flatMap((c) => [...b.closure(c)]));
    return { b, init, lazy: b.files.filter((f) => !init.has(f) && !kinds.has(f)) };
  };
  const bundles = [split(ours), ...(chain ? [split(chain)] : [])];
  const groups: [string, (pkg: string) => boolean][] = [
    ['@aws-sdk/credential-provider-env', (p) => p === '@aws-sdk/credential-provider-env'],
    ['@aws-sdk/credential-provider-node (the default chain)', (p) => p === '@aws-sdk/credential-provider-node'],
    [
      'other @aws-sdk/credential-provider-* (ini, sso, process, web identity, http, login)',
      (p) => p.startsWith('@aws-sdk/credential-provider-') && !/-(env|node)$/.test(p),
    ],
    ['@smithy/credential-provider-imds', (p) => p === '@smithy/credential-provider-imds'],
    ['@aws-sdk/nested-clients (STS, SSO, SSO OIDC, sign-in)', (p) => p === '@aws-sdk/nested-clients'],
    ['@aws-sdk/token-providers', (p) => p === '@aws-sdk/token-providers'],
    ['bowser (browser user agent)', (p) => p === 'bowser'],
    ['ours (src/)', (p) => p === 'ours'],
    ['everything', () => true],
  ];
  const k1 = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  out("\nWhat init loads (dist/index.mjs and its static imports: esbuild's metafile) and what is only loaded on");
  out(
    "demand by something other than a kind's request, kept build" +
      (chain ? " and with the SDK's default chain:" : ':'),
  );
  out('');
  table(
    ['code', ...bundles.flatMap((_, i) => (i ? ['chain: init', 'chain: on demand'] : ['init', 'on demand']))],
    [
      ...groups.map(([label, which]) => [
        label,
        ...bundles.flatMap(({ b, init, lazy }) => [k1(b.bytes(init, which)), k1(b.bytes(lazy, which))]),
      ]),
      ['files', ...bundles.flatMap(({ init, lazy }) => [init.size, lazy.length])],
    ],
  );
}
