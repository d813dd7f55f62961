// Which Node the bench runs on (BENCH_NODE). By default the Lambda runtime's: the version .ci/run
// pins for nodejs24.x, installed once from the npm registry by scripts/with-node.sh. main.ts runs
// itself again on that Node when it was started on another, so that every section's processes
// (the cold starts, the invocations local/invoke.ts spawns with process.execPath) run on it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Lambda runtime's Node version, as CI pins it (.ci/run: NODE_RUNTIME_VERSION=...). */
export function runtimeNodeVersion(): string {
  const version = /^NODE_RUNTIME_VERSION=(\S+)$/m.exec(readFileSync(join(ROOT, '.ci/run'), 'utf8'))?.[1];
  if (!version) throw new Error('.ci/run does not set NODE_RUNTIME_VERSION');
  return version;
}

/** The node binary BENCH_NODE names: a path as it is, a version (default: the runtime's) through with-node.sh. */
export function resolveNode(knob: string): string {
  if (knob.includes('/')) {
    if (!existsSync(knob)) throw new Error(`BENCH_NODE: no node binary at ${knob}`);
    return knob;
  }
  const version = knob || runtimeNodeVersion();
  if (!/^\d+\.\d+\.\d+$/.test(version))
    throw new Error(`BENCH_NODE must be a node binary's path or a version such as 24.22.3, got "${knob}"`);
  return execFileSync(join(ROOT, 'scripts/with-node.sh'), [version, 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export const isRunningOn = (node: string): boolean => realpathSync(node) === realpathSync(process.execPath);

/** Runs `script` (TypeScript, through tsx) on `node` with this process's environment; resolves its exit code. */
export function rerunOn(node: string, script: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--import', 'tsx', script], { cwd: ROOT, stdio: 'inherit', env });
    // Ctrl-C reaches the whole process group; a SIGTERM sent to this process alone is passed on.
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', () => undefined);
    process.on('SIGTERM', forward('SIGTERM'));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}
