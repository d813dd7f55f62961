import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { putBody } from '../../../src/protocol/http.js';

let server: Server | undefined;

async function listen(
  onRequest: (req: IncomingMessage, body: string, respond: (status: number) => void) => void,
): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => onRequest(req, body, (status) => res.writeHead(status).end('ignored body')));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  }
});

describe('putBody', () => {
  it('PUTs the body with an empty Content-Type and its byte length, resolving with the status', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; body?: string; url?: string } = {};
    const base = await listen((req, body, respond) => {
      seen = { method: req.method, headers: req.headers, body, url: req.url };
      respond(201);
    });
    const body = JSON.stringify({ Reason: 'ü€😀' });
    await expect(putBody(new URL(`${base}/path?sig=1`), body, 1_000)).resolves.toBe(201);
    expect(seen.method).toBe('PUT');
    expect(seen.url).toBe('/path?sig=1');
    expect(seen.body).toBe(body);
    expect(seen.headers?.['content-type']).toBe('');
    expect(seen.headers?.['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('resolves with non-2xx statuses (the caller decides to retry)', async () => {
    const base = await listen((_req, _body, respond) => respond(500));
    await expect(putBody(new URL(base), '{}', 1_000)).resolves.toBe(500);
  });

  it('resolves with a redirect status without following it', async () => {
    let count = 0;
    const base = await listen((_req, _body, respond) => {
      count++;
      respond(307);
    });
    await expect(putBody(new URL(`${base}/r`), '{}', 1_000)).resolves.toBe(307);
    expect(count).toBe(1);
  });

  it('speaks TLS to an https URL (a plain-http server cannot answer it)', async () => {
    let count = 0;
    const base = await listen((_req, _body, respond) => {
      count++;
      respond(200);
    });
    // The TLS handshake is what fails (the server answers it in plain HTTP), not the choice of client.
    await expect(putBody(new URL(base.replace('http:', 'https:')), '{}', 1_000)).rejects.toThrow(/EPROTO|SSL/);
    expect(count).toBe(0);
  });

  it('rejects when no answer arrives within the timeout', async () => {
    const base = await listen(() => undefined);
    const started = Date.now();
    await expect(putBody(new URL(base), '{}', 100)).rejects.toThrow(/100 ms/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects when the answer is cut off in the middle of its body', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('x');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await expect(putBody(new URL(base), '{}', 5_000)).rejects.toThrow(/aborted|ECONNRESET/);
  });

  it('rejects on a network error', async () => {
    const base = await listen(() => undefined);
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(putBody(new URL(base), '{}', 1_000)).rejects.toThrow(/ECONNREFUSED/);
  });
});
