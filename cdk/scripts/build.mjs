// Builds the package from the repository, after the function's own build (`npm run build` at the
// root writes dist/):
//   assets/function/               the bundle, copied by the Makefile's copy-bundle (the one
//                                  definition of which files under dist/ the bundle is)
//   assets/provider.template.json  scripts/stackset-template.mjs's template, derived from template.yaml
//   lib/index.js, lib/*.d.ts       the constructs (the function's validators bundled in) and their types
//
//   node scripts/build.mjs            everything
//   node scripts/build.mjs --assets   the assets only (what the synth tests need)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../../scripts/build.mjs';
import { parseTemplate } from '../../scripts/cfn-yaml.mjs';
import { DEFAULT_TEMPLATE, toStackSetTemplate } from '../../scripts/stackset-template.mjs';

const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const ROOT = join(PACKAGE, '..');
const ASSETS = join(PACKAGE, 'assets');
const LIB = join(PACKAGE, 'lib');

/** assets/: the bundle as `sam build` deploys it, and the transform-free template as JSON. */
export function buildAssets() {
  if (!existsSync(join(ROOT, 'dist', 'index.mjs'))) {
    throw new Error('dist/index.mjs is missing: run `npm run build` at the repository root first');
  }
  rmSync(ASSETS, { recursive: true, force: true });
  run('make', ['-s', 'copy-bundle', `DEST=${join(ASSETS, 'function')}`], ROOT);
  const template = parseTemplate(toStackSetTemplate(readFileSync(DEFAULT_TEMPLATE, 'utf8')), 'template.yaml');
  writeFileSync(join(ASSETS, 'provider.template.json'), `${JSON.stringify(template, null, 2)}\n`);
}

/** lib/: one ES module (aws-cdk-lib and constructs are the user's) and the declarations of src/. */
export async function buildLib() {
  rmSync(LIB, { recursive: true, force: true });
  await build({
    entryPoints: [join(PACKAGE, 'src', 'index.ts')],
    outfile: join(LIB, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
    legalComments: 'none',
    logLevel: 'warning',
    // The function's parsers pull in SDK modules that still call require() for Node built-ins.
    banner: BUNDLE_OPTIONS.banner,
  });
  const types = mkdtempSync(join(tmpdir(), 'pinpoint-event-stream-cdk-types-'));
  try {
    run('npx', ['tsc', '-p', join(PACKAGE, 'tsconfig.json'), '--outDir', types], ROOT);
    // tsc mirrors the repository (cdk/src next to the function's src): keep this package's declarations.
    const declarations = join(types, 'cdk', 'src');
    for (const file of readdirSync(declarations)) {
      const text = readFileSync(join(declarations, file), 'utf8');
      if (/from ['"]\.\.\/\.\.\//.test(text)) throw new Error(`${file} exposes a type of the function's src/`);
    }
    mkdirSync(LIB, { recursive: true });
    cpSync(declarations, LIB, { recursive: true });
  } finally {
    rmSync(types, { recursive: true, force: true });
  }
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildAssets();
  if (!process.argv.includes('--assets')) await buildLib();
}
