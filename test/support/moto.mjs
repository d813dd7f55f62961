// Starts and stops moto (the local AWS emulator) for tests and `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export const MOTO_INSTALL_HINT =
  'moto 5.x with its server extras is needed: install it with `pip install "moto[server]==5.2.1"` ' +
  '(Python 3.9+). Set PYTHON=/path/to/python3 if it is not the python3 on PATH.';

export class MotoUnavailableError extends Error {
  name = 'MotoUnavailableError';
}

const python = () => process.env.PYTHON || 'python3';

/** Throws MotoUnavailableError with install instructions when python3 or moto is missing. */
export function checkMoto() {
  const probe = spawnSync(python(), ['-c', 'import moto, moto.server; print(moto.__version__)'], { encoding: 'utf8' });
  if (probe.error)
    throw new MotoUnavailableError(`${python()} was not found (${probe.error.message}). ${MOTO_INSTALL_HINT}`);
  if (probe.status !== 0)
    throw new MotoUnavailableError(
      `moto is not importable by ${python()}: ${probe.stderr.trim().split('\n').pop()}. ${MOTO_INSTALL_HINT}`,
    );
  return probe.stdout.trim();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `python3 -m moto.server` on a free loopback port; resolves once it answers. */
export async function startMoto({ log = () => {} } = {}) {
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
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolve) => {
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
