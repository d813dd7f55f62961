import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transport } from '../../../src/protocol/http.js';
import type * as Response from '../../../src/protocol/response.js';
import type { SendOptions } from '../../../src/protocol/response.js';
import type { Outcome } from '../../../src/protocol/types.js';
import { captureLogger, createEvent, fresh, LOGICAL_ID, RESPONSE_URL, STACK_ID } from '../fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let acceptResponseUrl: typeof Response.acceptResponseUrl;
let MAX_BODY_BYTES: typeof Response.MAX_BODY_BYTES;
let responseBody: typeof Response.responseBody;
let sendResponse: typeof Response.sendResponse;
beforeEach(
  async () =>
    ({ acceptResponseUrl, MAX_BODY_BYTES, responseBody, sendResponse } = await fresh(
      () => import('../../../src/protocol/response.js'),
    )),
);

describe('acceptResponseUrl', () => {
  it.each([
    // virtual-hosted, every form CloudFormation uses
    'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws/x?X-Amz-Signature=abc',
    'https://cloudformation-custom-resource-response-useast2.s3.us-east-2.amazonaws.com/key?X-Amz-Signature=abc',
    'https://cloudformation-custom-resource-response-uswest2.s3-us-west-2.amazonaws.com/key?X-Amz-Signature=abc',
    'https://cloudformation-custom-resource-response-uswest2.s3.us-west-2.amazonaws.com/key?X-Amz-Signature=abc',
    'https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/key?X-Amz-Signature=abc',
    'https://cloudformation-custom-resource-response-usgovwest1.s3-us-gov-west-1.amazonaws.com/key',
    'https://cloudformation-custom-resource-response-useast1.s3.dualstack.us-east-1.amazonaws.com/key',
    'https://CLOUDFORMATION-CUSTOM-RESOURCE-RESPONSE-USEAST1.S3.AMAZONAWS.COM/key',
    // path-style: the first path segment is the response bucket
    'https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/arn%3Aaws/x?X-Amz-Signature=abc',
    'https://s3.us-east-2.amazonaws.com/cloudformation-custom-resource-response-useast2/key',
    'https://s3-us-west-2.amazonaws.com/cloudformation-custom-resource-response-uswest2/key',
    'https://s3.cn-north-1.amazonaws.com.cn/cloudformation-custom-resource-response-cnnorth1/key',
    'https://s3.dualstack.eu-west-1.amazonaws.com/cloudformation-custom-resource-response-euwest1/key',
  ])('accepts a CloudFormation response bucket: %s', (value) => {
    const url = acceptResponseUrl(value, false);
    expect(url).toBeInstanceOf(URL);
    expect(url?.href).toBe(new URL(value).href);
    expect(acceptResponseUrl(value, true)?.href).toBe(new URL(value).href);
  });

  it('accepts the fixture ResponseURL', () => {
    expect(acceptResponseUrl(RESPONSE_URL, false)?.href).toBe(RESPONSE_URL);
  });

  it.each([
    ['http on the response bucket', 'http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/key'],
    ['http path-style', 'http://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/key'],
    ['another AWS service (SQS)', 'https://sqs.us-east-1.amazonaws.com/123456789012/queue'],
    [
      'another AWS service (API Gateway)',
      'https://abc123.execute-api.us-east-1.amazonaws.com/prod/cloudformation-custom-resource-response-x',
    ],
    [
      'another AWS service with the bucket name as a label',
      'https://cloudformation-custom-resource-response-useast1.sqs.us-east-1.amazonaws.com/key',
    ],
    ['a bucket with another name', 'https://my-bucket.s3.amazonaws.com/key'],
    [
      'a bucket whose name only contains the prefix',
      'https://evil-cloudformation-custom-resource-response-useast1.s3.amazonaws.com/key',
    ],
    ['the bare prefix as bucket', 'https://cloudformation-custom-resource-response-.s3.amazonaws.com/key'],
    ['path-style with another bucket', 'https://s3.amazonaws.com/my-bucket/key'],
    [
      'path-style with the bucket second',
      'https://s3.amazonaws.com/my-bucket/cloudformation-custom-resource-response-useast1/key',
    ],
    [
      'path-style with a bucket whose name only contains the prefix',
      'https://s3.amazonaws.com/evil-cloudformation-custom-resource-response-useast1/key',
    ],
    [
      'another bucket, virtual-hosted, whose key starts like a response bucket',
      'https://my-bucket.s3.amazonaws.com/cloudformation-custom-resource-response-useast1/key',
    ],
    [
      'a path-style host with a prefix',
      'https://evils3.amazonaws.com/cloudformation-custom-resource-response-useast1/key',
    ],
    ['path-style with no bucket', 'https://s3.amazonaws.com/'],
    [
      'path-style with the bucket name percent-encoded',
      'https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1%2Fkey',
    ],
    [
      'a look-alike suffix',
      'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.evil.example/key',
    ],
    [
      'a look-alike .cn suffix',
      'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.cn.evil.example/key',
    ],
    ['the bucket name as a path on another host', 'https://evil.com/cloudformation-custom-resource-response-x'],
    [
      'a path-style look-alike host',
      'https://s3.amazonaws.com.evil.example/cloudformation-custom-resource-response-useast1/key',
    ],
    ['a non-AWS host', 'https://evil.com/key'],
    ['an AWS name as a label of another domain', 'https://s3.amazonaws.com.evil.com/key'],
    ['a look-alike domain', 'https://cloudformation-custom-resource-response-useast1.s3.evilamazonaws.com/key'],
    ['the bare apex', 'https://amazonaws.com/key'],
    ['credentials', 'https://user:pass@cloudformation-custom-resource-response-useast1.s3.amazonaws.com/key'],
    ['a user name only', 'https://user@cloudformation-custom-resource-response-useast1.s3.amazonaws.com/key'],
    [
      'a bucket host hidden in the userinfo',
      'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com@evil.com/key',
    ],
    ['a host hidden after #', 'https://evil.com#cloudformation-custom-resource-response-useast1.s3.amazonaws.com'],
    ['an explicit port', 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:8443/key'],
    [
      'an explicit port, path-style',
      'https://s3.amazonaws.com:4443/cloudformation-custom-resource-response-useast1/key',
    ],
    ['ftp', 'ftp://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/key'],
    ['file', 'file:///etc/passwd'],
    ['not a URL', 'not a url'],
    ['empty', ''],
  ])('refuses %s', (_label, value) => {
    expect(acceptResponseUrl(value, false)).toBeUndefined();
    expect(acceptResponseUrl(value, true)).toBeUndefined();
  });

  // `<bucket>.s3-amazonaws.com` is not an amazonaws.com host: its domain (s3-amazonaws.com) is anyone's to register.
  it.each([
    'https://cloudformation-custom-resource-response-useast1.s3-amazonaws.com/key?X-Amz-Signature=abc',
    'https://cloudformation-custom-resource-response-cnnorth1.s3-amazonaws.com.cn/key',
  ])('refuses a look-alike domain after s3-: %s', (value) => {
    expect(acceptResponseUrl(value, false)).toBeUndefined();
  });

  it.each([undefined, null, 42, {}, ['https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1/x']])(
    'refuses a non-string %j',
    (value) => {
      expect(acceptResponseUrl(value, true)).toBeUndefined();
    },
  );

  it.each([
    'http://127.0.0.1:8080/response?sig=1',
    'http://localhost:9000/r',
    'http://[::1]:8080/r',
    'https://127.0.0.1/r',
    'https://localhost:8443/r',
  ])('accepts loopback %s only when allowLoopback is true', (value) => {
    expect(acceptResponseUrl(value, false)).toBeUndefined();
    expect(acceptResponseUrl(value, true)?.href).toBe(new URL(value).href);
  });

  it.each([
    'http://10.0.0.1/r',
    'http://169.254.169.254/latest/meta-data',
    'http://example.com/r',
    'http://127.0.0.1.evil.com/r',
    'http://localhost.evil.com/r',
    'http://user:pw@127.0.0.1/r',
    'http://user@localhost/r',
    'ftp://127.0.0.1/r',
  ])('refuses non-loopback or credentialed URLs even when loopback is allowed: %s', (value) => {
    expect(acceptResponseUrl(value, true)).toBeUndefined();
  });
});

describe('responseBody', () => {
  const event = createEvent({ RequestId: 'req-1' });
  const success: Outcome = {
    status: 'SUCCESS',
    physicalResourceId: 'arn:aws:iam::123456789012:role/r',
    data: { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleName: 'r' },
  };

  it('carries every protocol field, NoEcho false', () => {
    expect(JSON.parse(responseBody(event, { ...success, reason: 'all good' }))).toEqual({
      Status: 'SUCCESS',
      Reason: 'all good',
      PhysicalResourceId: 'arn:aws:iam::123456789012:role/r',
      StackId: STACK_ID,
      RequestId: 'req-1',
      LogicalResourceId: LOGICAL_ID,
      NoEcho: false,
      Data: { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleName: 'r' },
    });
  });

  it('defaults Reason to "" and Data to {}', () => {
    const body = JSON.parse(responseBody(event, { status: 'FAILED', physicalResourceId: 'p' }));
    expect(body.Reason).toBe('');
    expect(body.Data).toEqual({});
    expect(body.Status).toBe('FAILED');
  });

  it('leaves a body that fits untouched', () => {
    const reason = 'x'.repeat(1000);
    expect(JSON.parse(responseBody(event, { ...success, reason })).Reason).toBe(reason);
  });

  it.each([
    ['ascii', 'a'.repeat(10_240)],
    ['multibyte (3-byte)', '€'.repeat(10_240)],
    ['4-byte emoji', '😀'.repeat(5_000)],
    ['quotes, backslashes and newlines', '"\\\n\t'.repeat(3_000)],
    ['control characters', '\u0001'.repeat(3_000)],
    ['mixed', 'ä"😀\n\\x€'.repeat(1_500)],
  ])('keeps the body under 4096 bytes with a 10 KB %s reason, JSON valid, only Reason shortened', (_label, reason) => {
    const json = responseBody(event, { ...success, reason });
    expect(Buffer.byteLength(json)).toBeLessThan(4096);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const body = JSON.parse(json);
    expect(body.Reason.endsWith('...')).toBe(true);
    expect(reason.startsWith(body.Reason.slice(0, -3))).toBe(true);
    expect(body.Reason.length).toBeGreaterThan(100); // shortened, not emptied
    expect({ ...body, Reason: undefined }).toEqual({
      Status: 'SUCCESS',
      Reason: undefined,
      PhysicalResourceId: success.physicalResourceId,
      StackId: STACK_ID,
      RequestId: 'req-1',
      LogicalResourceId: LOGICAL_ID,
      NoEcho: false,
      Data: success.data,
    });
  });

  it('never splits a surrogate pair when shortening', () => {
    for (let pad = 0; pad < 4; pad++) {
      const body = JSON.parse(responseBody(event, { ...success, reason: 'a'.repeat(pad) + '😀'.repeat(3_000) }));
      expect(body.Reason).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('never cuts the last sentence (the log stream pointer): the reason text is shortened before it', () => {
    const pointer = 'See CloudWatch log stream /aws/lambda/fn 2026/11/23/[$LATEST]abc';
    const json = responseBody(event, { ...success, reason: `iam:CreateRole failed: ${'x'.repeat(10_000)}` }, pointer);
    expect(Buffer.byteLength(json)).toBeLessThan(4096);
    const reason = JSON.parse(json).Reason as string;
    expect(reason.startsWith('iam:CreateRole failed: xxx')).toBe(true);
    expect(reason.endsWith(`x... ${pointer}`)).toBe(true);
  });

  it('ends a non-empty reason with the last sentence, one period between them; never an empty one', () => {
    expect(JSON.parse(responseBody(event, { ...success, reason: 'bad' }, 'See log')).Reason).toBe('bad. See log');
    expect(JSON.parse(responseBody(event, { ...success, reason: 'configured correctly.' }, 'See log')).Reason).toBe(
      'configured correctly. See log',
    );
    expect(JSON.parse(responseBody(event, { ...success, reason: 'bad' }, '')).Reason).toBe('bad');
    expect(JSON.parse(responseBody(event, { ...success, reason: '' }, 'See log')).Reason).toBe('');
    expect(JSON.parse(responseBody(event, success, 'See log')).Reason).toBe('');
  });

  it('cuts no more of the reason than it must: an ASCII reason fills the body to exactly 4095 bytes', () => {
    const fitting = 4095 - Buffer.byteLength(responseBody(event, { ...success, reason: 'r' })) + 1; // the longest reason that fits
    expect(Buffer.byteLength(responseBody(event, { ...success, reason: 'f'.repeat(fitting) }))).toBe(4095);
    expect(JSON.parse(responseBody(event, { ...success, reason: 'f'.repeat(fitting) })).Reason).toBe(
      'f'.repeat(fitting),
    );
    for (const over of [1, 2, 3, 4, 100, 10_000]) {
      const json = responseBody(event, { ...success, reason: 'o'.repeat(fitting + over) });
      expect(Buffer.byteLength(json)).toBe(4095);
      expect(JSON.parse(json).Reason).toBe(`${'o'.repeat(fitting - 3)}...`);
    }
  });

  it('uses the room it has: a shortened body is just under 4096 bytes', () => {
    expect(MAX_BODY_BYTES).toBe(4095);
    for (const reason of ['b'.repeat(10_000), '€'.repeat(5_000), '😀'.repeat(3_000), '"'.repeat(5_000)]) {
      const bytes = Buffer.byteLength(responseBody(event, { ...success, reason }));
      expect(bytes).toBeLessThan(4096);
      expect(bytes).toBeGreaterThan(4096 - 16);
    }
  });

  it('leaves a body of exactly 4095 bytes untouched', () => {
    const empty = Buffer.byteLength(responseBody(event, { ...success, reason: '' }));
    const reason = 'c'.repeat(4095 - empty);
    const json = responseBody(event, { ...success, reason });
    expect(Buffer.byteLength(json)).toBe(4095);
    expect(JSON.parse(json).Reason).toBe(reason);
    const over = responseBody(event, { ...success, reason: `${reason}c` });
    expect(Buffer.byteLength(over)).toBeLessThan(4096);
    expect(JSON.parse(over).Reason.endsWith('...')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// sendResponse against a real HTTP server on 127.0.0.1

type Handler = (req: IncomingMessage, res: ServerResponse, body: string, n: number) => void;

interface Recorded {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | undefined;

async function startServer(handler: Handler): Promise<{ base: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, body, requests.length);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, requests };
}

afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  }
});

const SECRET_PATH = '/arn%3Aaws%3Acloudformation/secret-object-key';
const SECRET_QUERY = 'X-Amz-Signature=0123456789abcdefsecretsignature';
const FAST = { baseMs: 5, capMs: 20 };

function options(overrides: Partial<SendOptions> = {}): SendOptions {
  return { deadline: Date.now() + 5_000, log: captureLogger(), backoff: FAST, attemptTimeoutMs: 1_000, ...overrides };
}

describe('sendResponse (real local server)', () => {
  it('delivers on the first try: PUT, exact body, empty Content-Type', async () => {
    const { base, requests } = await startServer((_req, res) => res.writeHead(200).end());
    const body = responseBody(createEvent(), { status: 'SUCCESS', physicalResourceId: 'p', reason: 'ünïcode "ok"' });
    await expect(sendResponse(new URL(`${base}${SECRET_PATH}?${SECRET_QUERY}`), body, options())).resolves.toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('PUT');
    expect(requests[0]?.url).toBe(`${SECRET_PATH}?${SECRET_QUERY}`);
    expect(requests[0]?.body).toBe(body);
    expect(requests[0]?.headers['content-type']).toBe('');
    expect(requests[0]?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('retries after 500 answers, then succeeds', async () => {
    const { base, requests } = await startServer((_req, res, _body, n) => res.writeHead(n < 3 ? 500 : 200).end());
    await expect(sendResponse(new URL(`${base}/r`), '{}', options())).resolves.toBe(true);
    expect(requests).toHaveLength(3);
  });

  it('retries a 403 (non-2xx) too', async () => {
    const { base, requests } = await startServer((_req, res, _body, n) => res.writeHead(n === 1 ? 403 : 204).end());
    await expect(sendResponse(new URL(`${base}/r`), '{}', options())).resolves.toBe(true);
    expect(requests).toHaveLength(2);
  });

  it('retries when the server never answers (socket timeout)', async () => {
    const { base, requests } = await startServer((_req, res, _body, n) => {
      if (n > 1) res.writeHead(200).end(); // the first request is left hanging
    });
    const started = Date.now();
    await expect(sendResponse(new URL(`${base}/r`), '{}', options({ attemptTimeoutMs: 100 }))).resolves.toBe(true);
    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('retries network errors (connection refused)', async () => {
    const { base } = await startServer((_req, res) => res.writeHead(200).end());
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const log = captureLogger();
    await expect(sendResponse(new URL(`${base}/r`), '{}', options({ log, deadline: Date.now() + 150 }))).resolves.toBe(
      false,
    );
    expect(log.entries.filter((e) => e.message.includes('will retry')).length).toBeGreaterThan(1);
  });

  it('gives up at the deadline and resolves false without throwing', async () => {
    const { base, requests } = await startServer((_req, res) => res.writeHead(500).end());
    const log = captureLogger();
    const started = Date.now();
    await expect(
      sendResponse(new URL(`${base}/r`), '{}', options({ log, deadline: started + 200, maxAttempts: 1_000 })),
    ).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(200 + 100);
    expect(requests.length).toBeGreaterThan(1);
    expect(log.entries.at(-1)?.level).toBe('error');
  });

  it('does not outlive the deadline with a hanging attempt', async () => {
    const { base } = await startServer(() => undefined); // never answers
    const started = Date.now();
    await expect(
      sendResponse(new URL(`${base}/r`), '{}', options({ deadline: started + 150, attemptTimeoutMs: 10_000 })),
    ).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(150 + 150);
  });

  it.each([100, 101, 199, 300, 301, 302, 304, 307, 400, 403, 404, 429, 500, 503, 0])(
    'does not count HTTP %d as delivered: it retries',
    async (status) => {
      const transport = vi.fn<Transport>().mockResolvedValueOnce(status).mockResolvedValue(200);
      const log = captureLogger();
      await expect(sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport, log }))).resolves.toBe(true);
      expect(transport).toHaveBeenCalledTimes(2);
      expect(log.entries.find((e) => e.message.includes('will retry'))?.fields).toMatchObject({
        attempt: 1,
        problem: `HTTP ${status}`,
      });
    },
  );

  it.each([200, 201, 202, 204, 299])('counts HTTP %d as delivered', async (status) => {
    const transport = vi.fn<Transport>().mockResolvedValue(status);
    await expect(sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport }))).resolves.toBe(true);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('retries a transport rejection, whatever it rejects with', async () => {
    const transport = vi
      .fn<Transport>()
      .mockRejectedValueOnce('a string')
      .mockRejectedValueOnce(new Error('EPIPE'))
      .mockResolvedValue(200);
    await expect(sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport }))).resolves.toBe(true);
    expect(transport).toHaveBeenCalledTimes(3);
  });

  it('passes the URL and the exact body to the transport', async () => {
    const transport = vi.fn<Transport>().mockResolvedValue(200);
    const url = new URL('http://127.0.0.1/r?sig=1');
    await sendResponse(url, '{"a":1}', options({ transport }));
    expect(transport.mock.calls[0]?.[0]).toBe(url);
    expect(transport.mock.calls[0]?.[1]).toBe('{"a":1}');
  });

  it('stops after maxAttempts', async () => {
    const { base, requests } = await startServer((_req, res) => res.writeHead(502).end());
    await expect(sendResponse(new URL(`${base}/r`), '{}', options({ maxAttempts: 3 }))).resolves.toBe(false);
    expect(requests).toHaveLength(3);
  });

  it('gives up right after the last allowed attempt (no pointless backoff sleep after it)', async () => {
    const transport = vi.fn<Transport>(async () => 500);
    const started = Date.now();
    await expect(
      sendResponse(
        new URL('http://127.0.0.1/r'),
        '{}',
        options({ transport, maxAttempts: 1, backoff: { baseMs: 2_000, capMs: 2_000 }, deadline: started + 10_000 }),
      ),
    ).resolves.toBe(false);
    expect(transport).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('by default retries after 250 ms, doubling up to 4 s, with jitter, at most 8 attempts', async () => {
    vi.useFakeTimers();
    try {
      vi.spyOn(Math, 'random').mockReturnValue(1); // every delay at the top of its range
      const started = Date.now();
      const at: number[] = [];
      const transport = vi.fn<Transport>(async () => {
        at.push(Date.now() - started);
        return 503;
      });
      const sent = sendResponse(new URL('http://127.0.0.1/r'), '{}', {
        deadline: started + 60_000,
        log: captureLogger(),
        transport,
      });
      await vi.runAllTimersAsync();
      await expect(sent).resolves.toBe(false);
      expect(at).toEqual([0, 250, 750, 1_750, 3_750, 7_750, 11_750, 15_750]);
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });

  it('makes no attempt when the deadline is now (no time left for one)', async () => {
    vi.useFakeTimers();
    try {
      const transport = vi.fn<Transport>(async () => 200);
      await expect(
        sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport, deadline: Date.now() })),
      ).resolves.toBe(false);
      expect(transport).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not retry when the backoff would end exactly at the deadline; one ms more allows the retry', async () => {
    vi.useFakeTimers();
    try {
      const attempts = async (roomMs: number) => {
        const transport = vi.fn<Transport>().mockResolvedValueOnce(500).mockResolvedValue(200);
        const sent = sendResponse(
          new URL('http://127.0.0.1/r'),
          '{}',
          options({ transport, backoff: { baseMs: 100, capMs: 100, jitter: 0 }, deadline: Date.now() + roomMs }),
        );
        await vi.runAllTimersAsync();
        return { delivered: await sent, attempts: transport.mock.calls.length };
      };
      const started = Date.now();
      await expect(attempts(100)).resolves.toEqual({ delivered: false, attempts: 1 });
      expect(Date.now() - started).toBe(0); // no sleep when no retry can follow it
      await expect(attempts(101)).resolves.toEqual({ delivered: true, attempts: 2 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs each outcome with the host, the attempt number and the status or error, never the URL', async () => {
    const url = new URL(`http://127.0.0.1:9${SECRET_PATH}?${SECRET_QUERY}`);
    const HOST = 'http://127.0.0.1:9/<redacted>';
    const delivered = captureLogger();
    const transport = vi.fn<Transport>().mockResolvedValueOnce(503).mockResolvedValue(200);
    await sendResponse(url, '{}', options({ transport, log: delivered }));
    expect(delivered.entries.map((e) => [e.level, e.fields])).toEqual([
      ['warn', { url: HOST, attempt: 1, problem: 'HTTP 503', delayMs: expect.any(Number) }],
      ['info', { url: HOST, status: 200, attempt: 2 }],
    ]);
    const unreachable = captureLogger();
    await sendResponse(
      url,
      '{}',
      options({
        transport: vi.fn<Transport>().mockRejectedValueOnce(new Error('connect ECONNREFUSED')).mockResolvedValue(200),
        log: unreachable,
      }),
    );
    expect(unreachable.entries[0]?.fields).toMatchObject({ attempt: 1, problem: 'Error: connect ECONNREFUSED' });
    const failed = captureLogger();
    await sendResponse(
      url,
      '{}',
      options({ transport: vi.fn<Transport>().mockResolvedValue(500), log: failed, maxAttempts: 2 }),
    );
    expect(failed.entries.map((e) => [e.level, e.fields])).toEqual([
      ['warn', { url: HOST, attempt: 1, problem: 'HTTP 500', delayMs: expect.any(Number) }],
      ['warn', { url: HOST, attempt: 2, problem: 'HTTP 500' }],
      ['error', { url: HOST }],
    ]);
  });

  it('makes no attempt when the deadline has passed', async () => {
    const transport = vi.fn<Transport>(async () => 200);
    await expect(
      sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport, deadline: Date.now() - 1 })),
    ).resolves.toBe(false);
    expect(transport).not.toHaveBeenCalled();
  });

  it('passes a per-attempt timeout no longer than the time left', async () => {
    const transport = vi.fn<Transport>(async () => 200);
    await sendResponse(
      new URL('http://127.0.0.1/r'),
      '{}',
      options({ transport, deadline: Date.now() + 500, attemptTimeoutMs: 10_000 }),
    );
    expect(transport.mock.calls[0]?.[2]).toBeLessThanOrEqual(500);
    expect(transport.mock.calls[0]?.[2]).toBeGreaterThan(0);
  });

  it('never throws, even when the transport throws synchronously', async () => {
    const transport: Transport = () => {
      throw new Error('boom');
    };
    await expect(
      sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport, deadline: Date.now() + 100 })),
    ).resolves.toBe(false);
  });

  it('never logs the URL path or query (the pre-signed credential), only its host and the status', async () => {
    const { base } = await startServer((_req, res, _body, n) => res.writeHead(n < 2 ? 500 : 200).end());
    const log = captureLogger();
    await expect(sendResponse(new URL(`${base}${SECRET_PATH}?${SECRET_QUERY}`), '{}', options({ log }))).resolves.toBe(
      true,
    );
    const text = log.text();
    expect(text).not.toContain('0123456789abcdefsecretsignature');
    expect(text).not.toContain('X-Amz-Signature');
    expect(text).not.toContain('secret-object-key');
    expect(text).toContain('127.0.0.1');
    expect(log.entries.some((e) => e.fields?.status === 200)).toBe(true);
  });

  it('never logs the URL when delivery finally fails', async () => {
    const { base } = await startServer((_req, res) => res.writeHead(500).end());
    const log = captureLogger();
    await sendResponse(new URL(`${base}${SECRET_PATH}?${SECRET_QUERY}`), '{}', options({ log, maxAttempts: 2 }));
    expect(log.text()).not.toContain('secretsignature');
    expect(log.text()).not.toContain('secret-object-key');
    expect(log.entries.some((e) => e.level === 'error')).toBe(true);
  });
});
