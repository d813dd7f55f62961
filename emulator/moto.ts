/**
 * Starts and stops moto (`python3 -m moto.server`), the local AWS emulator the gateway forwards
 * to. Python and moto come with the machine (README: moto 5.2.1); PYTHON names another python3.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export const MOTO_INSTALL_HINT =
  'moto 5.x with its server extras is needed: install it with `pip install "moto[server]==5.2.1"` ' +
  '(Python 3.9+). Set PYTHON=/path/to/python3 if it is not the python3 on PATH.';

/** python3 or moto is missing, or moto did not start. */
export class MotoUnavailableError extends Error {
  override readonly name = 'MotoUnavailableError';
}

/** A running moto server. */
export interface Moto {
  readonly endpoint: string;
  readonly port: number;
  readonly version: string;
  readonly pid: number | undefined;
  /** Ends the server (SIGTERM, then SIGKILL after 3 s); resolves once it has exited. */
  stop(): Promise<void>;
}

const python = () => process.env.PYTHON || 'python3';

/** moto's version; throws MotoUnavailableError with install instructions when python3 or moto is missing. */
export function checkMoto(): string {
  const probe = spawnSync(python(), ['-c', 'import moto, moto.server; print(moto.__version__)'], { encoding: 'utf8' });
  if (probe.error)
    throw new MotoUnavailableError(`${python()} was not found (${probe.error.message}). ${MOTO_INSTALL_HINT}`);
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').pop();
    throw new MotoUnavailableError(`moto is not importable by ${python()}: ${why}. ${MOTO_INSTALL_HINT}`);
  }
  return probe.stdout.trim();
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts moto on a free loopback port; resolves once it answers. It is killed when this process exits. */
export async function startMoto({ log = () => {} }: { log?: (line: string) => void } = {}): Promise<Moto> {
  const version = checkMoto();
  const port = await freePort();
  const child = spawn(python(), ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_CALL_RESET_API: 'true' },
  });
  // However the parent ends (error, closed pipe, Ctrl-C), moto goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  const startedAt = Date.now();
  while (Date.now() - startedAt < 30_000) {
    if (child.exitCode !== null)
      throw new MotoUnavailableError(`moto exited at start (code ${child.exitCode}): ${stderr.trim()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok || res.status < 500) {
        log(`moto ${version} listening on ${endpoint}`);
        return { endpoint, port, version, stop, pid: child.pid };
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new MotoUnavailableError(`moto did not answer on ${endpoint} within 30 s: ${stderr.trim()}`);
}
