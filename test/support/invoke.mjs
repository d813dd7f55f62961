// Invokes the built bundle (dist/index.mjs) in a fresh Node process per event, like a
// Lambda invocation: environment as the template sets it plus the local endpoint, and a
// hard kill at the function's timeout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BOUNDARY_ARN, FUNCTION_ACCESS_KEY_ID, MANAGED_PATH_PREFIX, REGION, SECRET_ACCESS_KEY } from './deployment.mjs';

export const BUNDLE = fileURLToPath(new URL('../../dist/index.mjs', import.meta.url));
const RUNNER = fileURLToPath(new URL('../../local/lambda-runner.mjs', import.meta.url));

/**
 * Environment of a local invocation: the emulator endpoint, the function's own dummy
 * credentials (the gateway records what they are used for), the deployment parameters the
 * template passes (deployment.mjs), loopback responses.
 */
export function localEnv(endpoint, extra = {}) {
  return {
    PATH: process.env.PATH,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: FUNCTION_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    MANAGED_ROLE_PATH_PREFIX: MANAGED_PATH_PREFIX,
    ROLE_PERMISSIONS_BOUNDARY_ARN: BOUNDARY_ARN,
    ALLOW_LOOPBACK_RESPONSE_URL: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/**
 * Resolves with { code, killed, logs, stdout, stderr, durationMs, maxRssKiB, cpuMs,
 * cpuUserMs, cpuSystemMs, importMs, handlerMs } once the process ends (the handler settled,
 * or the timeout killed it). durationMs is the wall time from spawn to exit, seen from here.
 * The resource figures come from the runner's last line (lambda-runner.mjs); they are
 * undefined when the process never wrote it (killed at the timeout, crashed).
 */
export function invokeBundle(event, { env, timeoutMs = 30_000 }) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [RUNNER], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs + 200); // Lambda stops the process at its timeout; allow process start-up.
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const logs = `${stdout}\n${stderr}`
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => {
          try {
            return JSON.parse(line);
          } catch {
            return { unparsed: line };
          }
        });
      const runner = logs.findLast((l) => l.runner !== undefined) ?? {};
      const cpuMs = runner.cpuUserMs === undefined ? undefined : runner.cpuUserMs + runner.cpuSystemMs;
      resolve({
        code,
        killed,
        logs,
        stdout,
        stderr,
        durationMs: Date.now() - started,
        maxRssKiB: runner.maxRssKiB,
        cpuMs,
        cpuUserMs: runner.cpuUserMs,
        cpuSystemMs: runner.cpuSystemMs,
        importMs: runner.importMs,
        handlerMs: runner.handlerMs,
      });
    });
    child.stdin.end(JSON.stringify({ bundle: BUNDLE, event, timeoutMs }));
  });
}
