// A local stand-in for CloudFormation's pre-signed ResponseURL: records every PUT and can
// answer with errors or not at all, to prove the handler's retries.

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

export async function startResponseServer() {
  const received = new Map(); // id -> [{ body, headers }]
  const waiters = new Map(); // id -> [resolve]
  const behaviour = { failNext: 0, failStatus: 500, hangNext: 0 };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const id = new URL(req.url, 'http://x').pathname.split('/').pop();
    if (behaviour.hangNext > 0) {
      behaviour.hangNext -= 1;
      return; // never answers
    }
    if (behaviour.failNext > 0) {
      behaviour.failNext -= 1;
      res.writeHead(behaviour.failStatus).end();
      return;
    }
    const entry = { method: req.method, headers: req.headers, raw: Buffer.concat(chunks).toString() };
    entry.body = JSON.parse(entry.raw);
    received.set(id, [...(received.get(id) ?? []), entry]);
    for (const resolve of waiters.get(id) ?? []) resolve(entry);
    waiters.delete(id);
    res.writeHead(200).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    behaviour,
    /** A fresh ResponseURL, shaped like CloudFormation's (signature in the query). */
    newUrl() {
      const id = randomUUID();
      return {
        id,
        url: `${base}/cloudformation-response/${id}?X-Amz-Signature=secret-${id}&X-Amz-Credential=AKIAEXAMPLE`,
      };
    },
    responses: (id) => received.get(id) ?? [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
