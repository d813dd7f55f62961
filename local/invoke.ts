/**
 * Invokes the built bundle (dist/index.mjs) in a fresh Node process per event, like a Lambda
 * invocation: environment as the template sets it plus the local endpoint, and a hard kill at
 * the function's timeout. The process runs lambda-runner.mjs (plain JS: its start-up is part
 * of what the bench measures).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  ALLOW_TAKEOVER,
  BOUNDARY_ARN,
  DEPLOYMENT_ID,
  ENABLE_EMAIL_SENDING_ROLE,
  FUNCTION_ACCESS_KEY_ID,
  MANAGED_PATH_PREFIX,
  REGION,
  SECRET_ACCESS_KEY,
} from './deployment.js';

export const BUNDLE = fileURLToPath(new URL('../dist/index.mjs', import.meta.url));
const RUNNER = fileURLToPath(new URL('./lambda-runner.mjs', import.meta.url));

/** One JSON line the invocation wrote (the function's structured logs, the runner's report). */
export type LogLine = Readonly<Record<string, unknown>>;

export interface Invocation {
  readonly code: number | null;
  /** Killed at the timeout. */
  readonly killed: boolean;
  /** Every JSON line of stdout and stderr, in order ({ unparsed } for a line that is not JSON). */
  readonly logs: readonly LogLine[];
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit, as the caller saw it. */
  readonly durationMs: number;
  /** Peak resident set of the process, KiB (process.resourceUsage().maxRSS); undefined if the runner never reported. */
  readonly maxRssKiB: number | undefined;
  /** User + system CPU time of the whole process (start-up included), ms. */
  readonly cpuMs: number | undefined;
  readonly cpuUserMs: number | undefined;
  readonly cpuSystemMs: number | undefined;
  /** Time to import the bundle's entry inside the process, ms. */
  readonly importMs: number | undefined;
  /** Time of the handler call, ms. */
  readonly handlerMs: number | undefined;
}

/**
 * Environment of a local invocation: the emulator endpoint, the function's own dummy
 * credentials (the gateway records what they are used for), the deployment parameters the
 * template passes (deployment.ts), loopback responses.
 */
export function localEnv(endpoint: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: FUNCTION_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    MANAGED_ROLE_PATH_PREFIX: MANAGED_PATH_PREFIX,
    ROLE_PERMISSIONS_BOUNDARY_ARN: BOUNDARY_ARN,
    DEPLOYMENT_ID,
    ALLOW_TAKEOVER: String(ALLOW_TAKEOVER),
    ENABLE_EMAIL_SENDING_ROLE: String(ENABLE_EMAIL_SENDING_ROLE),
    ALLOW_LOOPBACK_RESPONSE_URL: 'true',
    // The SDK warns on Node before 22 (this machine's 20); Lambda runs the function on nodejs24.x.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

function parseLogs(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        return { unparsed: line };
      }
    });
}

const numberOr = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** Runs the handler once on `event`; resolves once the process ends (the handler settled, or the timeout killed it). */
export function invokeBundle(
  event: unknown,
  { env, timeoutMs = 30_000 }: { env: Readonly<Record<string, string>>; timeoutMs?: number },
): Promise<Invocation> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [RUNNER], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs + 200); // Lambda stops the process at its timeout; allow process start-up.
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const logs = parseLogs(`${stdout}\n${stderr}`);
      // The runner's last line (lambda-runner.mjs): how the handler ended and what it cost.
      const runner = [...logs].reverse().find((l) => l.runner !== undefined) ?? {};
      const cpuUserMs = numberOr(runner.cpuUserMs);
      const cpuSystemMs = numberOr(runner.cpuSystemMs);
      resolve({
        code,
        killed,
        logs,
        stdout,
        stderr,
        durationMs: Date.now() - started,
        maxRssKiB: numberOr(runner.maxRssKiB),
        cpuMs: cpuUserMs === undefined || cpuSystemMs === undefined ? undefined : cpuUserMs + cpuSystemMs,
        cpuUserMs,
        cpuSystemMs,
        importMs: numberOr(runner.importMs),
        handlerMs: numberOr(runner.handlerMs),
      });
    });
    child.stdin.end(JSON.stringify({ bundle: BUNDLE, event, timeoutMs }));
  });
}
