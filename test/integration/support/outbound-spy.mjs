// Preloaded into a function invocation (NODE_OPTIONS=--import) by the security tests: writes one
// JSON line to stderr for every outbound HTTP(S) request the process starts (the response PUT
// and every AWS SDK call use node:http / node:https), so a test can prove that nothing was
// sent anywhere. Only method, protocol, host and path are written, never the query (a
// ResponseURL's signature).
import { subscribe } from 'node:diagnostics_channel';

subscribe('http.client.request.start', ({ request }) => {
  const path = String(request.path ?? '').split('?')[0];
  const { method, protocol, host } = request;
  process.stderr.write(`${JSON.stringify({ outboundSpy: 'request', method, protocol, host, path })}\n`);
});
