// The package as npm would publish it: its files, the bundle it ships (the same files as dist/),
// its version (that of the function it ships), and lib/index.js loading in plain Node.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../templates/cfn.js';

const PACKAGE = join(ROOT, 'cdk');
const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8'));

function packedFiles(): string[] {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: PACKAGE,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout)[0].files as { path: string }[]).map((file) => file.path).sort();
}

/** The bundle's files under dist/, as the Makefile's copy-bundle selects them. */
function bundleFiles(): string[] {
  const result = spawnSync('find', ['.', '-type', 'f', '(', '-name', '*.mjs', '-o', '-name', '*.mjs.map', ')'], {
    cwd: join(ROOT, 'dist'),
    encoding: 'utf8',
  });
  return result.stdout
    .trim()
    .split('\n')
    .map((file) => file.replace(/^\.\//, ''))
    .sort();
}

describe('the npm package', () => {
  const files = packedFiles();

  it('publishes the code, its declarations, the bundle, the template and the README: nothing else', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'lib/index.js', 'lib/index.d.ts']));
    expect(files).toContain('assets/provider.template.json');
    const other = files.filter((file) => !/^(package\.json|README\.md|lib\/.+|assets\/.+)$/.test(file));
    expect(other).toEqual([]);
  });

  it('ships the very bundle npm run build made: every file of dist/ that sam build deploys, byte for byte', () => {
    const bundle = bundleFiles();
    expect(bundle).toContain('index.mjs');
    expect(files.filter((file) => file.startsWith('assets/function/'))).toEqual(
      bundle.map((file) => `assets/function/${file}`),
    );
    for (const file of bundle) {
      expect(
        readFileSync(join(PACKAGE, 'assets', 'function', file)).equals(readFileSync(join(ROOT, 'dist', file))),
        file,
      ).toBe(true);
    }
  });

  it("carries the function's version, and leaves aws-cdk-lib and constructs to the app", () => {
    expect(manifest.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect(manifest.dependencies).toBeUndefined();
  });

  it('loads in plain Node by its name', () => {
    const script =
      "const m = await import('pinpoint-event-stream-resource-cdk'); console.log(Object.keys(m).sort().join(' '));";
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split(' ')).toEqual(
      expect.arrayContaining([
        'PerStackProvider',
        'PinpointEmailSendingRole',
        'PinpointEventStream',
        'Provider',
        'SesEventDestination',
        'SmsVoiceEventDestination',
      ]),
    );
  });
});
