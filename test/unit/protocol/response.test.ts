import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Echo } from '../../../src/protocol/event.js';
import type { Transport } from '../../../src/protocol/http.js';
import type * as Response from '../../../src/protocol/response.js';
import type { SendOptions } from '../../../src/protocol/response.js';
import type { Outcome } from '../../../src/protocol/types.js';
import { captureLogger, expectAnswer, fresh, LOGICAL_ID, onFakeTime, STACK_ID } from '../fixtures.js';

// The module under test, loaded afresh for each test (its limits and backoff are top-level): see fresh().
let R: typeof Response;
beforeEach(async () => {
  R = await fresh(() => import('../../../src/protocol/response.js'));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('responseBody', () => {
  const event: Echo = { StackId: STACK_ID, RequestId: 'req-1', LogicalResourceId: LOGICAL_ID };
  const success: Outcome = {
    status: 'SUCCESS',
    physicalResourceId: 'arn:aws:iam::123456789012:role/r',
    data: { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleName: 'r' },
  };

  it('carries every protocol field, NoEcho false', () => {
    expect(JSON.parse(R.responseBody(event, { ...success, reason: 'all good' }))).toEqual({
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
    const body = JSON.parse(R.responseBody(event, { status: 'FAILED', physicalResourceId: 'p' }));
    expect(body.Reason).toBe('');
    expect(body.Data).toEqual({});
    expect(body.Status).toBe('FAILED');
  });

  it('leaves a body that fits untouched', () => {
    const reason = 'x'.repeat(1000);
    expect(JSON.parse(R.responseBody(event, { ...success, reason })).Reason).toBe(reason);
  });

  it.each([
    ['ascii', 'a'.repeat(10_240)],
    ['multibyte (3-byte)', '€'.repeat(10_240)],
    ['4-byte emoji', '😀'.repeat(5_000)],
    ['quotes, backslashes and newlines', '"\\\n\t'.repeat(3_000)],
    ['control characters', '\u0001'.repeat(3_000)],
    ['mixed', 'ä"😀\n\\x€'.repeat(1_500)],
  ])('keeps the body under 4096 bytes with a 10 KB %s reason, JSON valid, only Reason shortened', (_label, reason) => {
    const json = R.responseBody(event, { ...success, reason });
    expect(Buffer.byteLength(json)).toBeLessThan(4096);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(R.MAX_BODY_BYTES);
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
      const body = JSON.parse(R.responseBody(event, { ...success, reason: 'a'.repeat(pad) + '😀'.repeat(3_000) }));
      expect(body.Reason).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('never cuts the last sentence (the log stream pointer): the reason text is shortened before it', () => {
    const pointer = 'See CloudWatch log stream /aws/lambda/fn 2026/11/23/[$LATEST]abc';
    const json = R.responseBody(event, { ...success, reason: `iam:CreateRole failed: ${'x'.repeat(10_000)}` }, pointer);
    expect(Buffer.byteLength(json)).toBeLessThan(4096);
    const reason = JSON.parse(json).Reason as string;
    expect(reason.startsWith('iam:CreateRole failed: xxx')).toBe(true);
    expect(reason.endsWith(`x... ${pointer}`)).toBe(true);
  });

  it('ends a non-empty reason with the last sentence, one period between them; never an empty one', () => {
    expect(JSON.parse(R.responseBody(event, { ...success, reason: 'bad' }, 'See log')).Reason).toBe('bad. See log');
    expect(JSON.parse(R.responseBody(event, { ...success, reason: 'configured correctly.' }, 'See log')).Reason).toBe(
      'configured correctly. See log',
    );
    expect(JSON.parse(R.responseBody(event, { ...success, reason: 'bad' }, '')).Reason).toBe('bad');
    expect(JSON.parse(R.responseBody(event, { ...success, reason: '' }, 'See log')).Reason).toBe('');
    expect(JSON.parse(R.responseBody(event, success, 'See log')).Reason).toBe('');
  });

  it('cuts no more of the reason than it must: an ASCII reason fills the body to exactly 4095 bytes', () => {
    // The longest reason that fits:
    const fitting = 4095 - Buffer.byteLength(R.responseBody(event, { ...success, reason: 'r' })) + 1;
    expect(Buffer.byteLength(R.responseBody(event, { ...success, reason: 'f'.repeat(fitting) }))).toBe(4095);
    expect(JSON.parse(R.responseBody(event, { ...success, reason: 'f'.repeat(fitting) })).Reason).toBe(
      'f'.repeat(fitting),
    );
    for (const over of [1, 2, 3, 4, 100, 10_000]) {
      const json = R.responseBody(event, { ...success, reason: 'o'.repeat(fitting + over) });
      expect(Buffer.byteLength(json)).toBe(4095);
      expect(JSON.parse(json).Reason).toBe(`${'o'.repeat(fitting - 3)}...`);
    }
  });

  it('uses the room it has: a shortened body is just under 4096 bytes', () => {
    expect(R.MAX_BODY_BYTES).toBe(4095);
    for (const reason of ['b'.repeat(10_000), '€'.repeat(5_000), '😀'.repeat(3_000), '"'.repeat(5_000)]) {
      const bytes = Buffer.byteLength(R.responseBody(event, { ...success, reason }));
      expect(bytes).toBeLessThan(4096);
      expect(bytes).toBeGreaterThan(4096 - 16);
    }
  });

  it('leaves a body of exactly 4095 bytes untouched', () => {
    const empty = Buffer.byteLength(R.responseBody(event, { ...success, reason: '' }));
    const reason = 'c'.repeat(4095 - empty);
    const json = R.responseBody(event, { ...success, reason });
    expect(Buffer.byteLength(json)).toBe(4095);
    expect(JSON.parse(json).Reason).toBe(reason);
    const over = R.responseBody(event, { ...success, reason: `${reason}c` });
    expect(Buffer.byteLength(over)).toBeLessThan(4096);
    expect(JSON.parse(over).Reason.endsWith('...')).toBe(true);
  });

  it('answers with a PhysicalResourceId of 1 to 1,024 characters: "unknown" for none, or the first 1,024', () => {
    expect(R.MAX_PHYSICAL_ID).toBe(1024);
    expect(JSON.parse(R.responseBody(event, { status: 'FAILED', physicalResourceId: '' })).PhysicalResourceId).toBe(
      'unknown',
    );
    const long = R.responseBody(event, { status: 'FAILED', physicalResourceId: `${'p'.repeat(1024)}q` });
    expect(JSON.parse(long).PhysicalResourceId).toBe('p'.repeat(1024));
  });

  it('cuts the Reason first, then the Data, and keeps the echoed identity whole while it can', () => {
    const json = R.responseBody(event, { ...success, reason: 'bad', data: { Huge: 'd'.repeat(5_000) } }, 'See log');
    expect(Buffer.byteLength(json)).toBeLessThan(4096);
    expect(JSON.parse(json)).toMatchObject({
      Reason: '...',
      Data: {},
      StackId: STACK_ID,
      RequestId: 'req-1',
      LogicalResourceId: LOGICAL_ID,
      PhysicalResourceId: success.physicalResourceId,
    });
  });

  const hostile = ['ü', '\u0001', '"', '\\', '😀', '\u2028', 'a'];
  it.each(hostile)(
    'never reaches 4096 bytes with every field at its limit of %j, cutting the echoed fields last',
    (ch) => {
      const echo: Echo = {
        StackId: ch.repeat(512),
        RequestId: ch.repeat(256),
        LogicalResourceId: ch.repeat(255),
        PhysicalResourceId: ch.repeat(1024),
      };
      const outcome: Outcome = {
        status: 'FAILED',
        physicalResourceId: ch.repeat(1024),
        reason: ch.repeat(10_000),
        data: { A: ch.repeat(2_000) },
      };
      const body = expectAnswer(R.responseBody(echo, outcome, `See CloudWatch log stream ${ch.repeat(300)}`));
      for (const field of ['StackId', 'RequestId', 'LogicalResourceId', 'PhysicalResourceId'] as const) {
        const kept = body[field] as string;
        const original =
          field === 'PhysicalResourceId' ? outcome.physicalResourceId.slice(0, 1024) : (echo[field] as string);
        expect(kept === original || (kept.endsWith('...') && original.startsWith(kept.slice(0, -3))), field).toBe(true);
      }
    },
  );

  it('cuts no more of an echoed field than it must: the body keeps the room it has', () => {
    const echo: Echo = { StackId: '\u0001'.repeat(512), RequestId: '\u0001'.repeat(256), LogicalResourceId: 'L' };
    const json = R.responseBody(echo, { status: 'FAILED', physicalResourceId: 'p', reason: 'bad' });
    expect(Buffer.byteLength(json)).toBeGreaterThan(4096 - 16);
    expect(Buffer.byteLength(json)).toBeLessThan(4096);
    expect(JSON.parse(json)).toMatchObject({
      RequestId: echo.RequestId,
      LogicalResourceId: 'L',
      PhysicalResourceId: 'p',
    });
  });

  it('cutToBytes cuts on a character boundary, "..." marking a cut, within the bytes JSON takes', () => {
    expect(R.cutToBytes('abcdef', 6)).toBe('abcdef');
    expect(R.cutToBytes('abcdef', 5)).toBe('ab...');
    expect(R.cutToBytes('😀😀😀', 8)).toBe('😀...');
    expect(R.cutToBytes('""""', 7)).toBe('""...');
    expect(R.cutToBytes('abc', 0)).toBe('...');
  });
});

const SECRET_PATH = '/arn%3Aaws%3Acloudformation/secret-object-key';
const SECRET_QUERY = 'X-Amz-Signature=0123456789abcdefsecretsignature';
const FAST = { baseMs: 5, capMs: 20 };

function options(overrides: Partial<SendOptions> = {}): SendOptions {
  return { deadline: Date.now() + 5_000, log: captureLogger(), backoff: FAST, attemptTimeoutMs: 1_000, ...overrides };
}

describe("sendResponse: its policy (the retry loop is retry.ts's)", () => {
  it('PUTs with the real transport by default: the exact body, an empty Content-Type', async () => {
    const received: { method?: string; url?: string; type?: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const body = '{"Reason":"ünïcode \\"ok\\""}';
      const url = new URL(`http://127.0.0.1:${port}${SECRET_PATH}?${SECRET_QUERY}`);
      await expect(R.sendResponse(url, body, options())).resolves.toBe(true);
      expect(received).toEqual([{ method: 'PUT', url: `${SECRET_PATH}?${SECRET_QUERY}`, type: '', body }]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([100, 101, 199, 300, 301, 302, 304, 307, 400, 403, 404, 429, 500, 503, 0])(
    'does not count HTTP %d as delivered: it retries',
    async (status) => {
      const transport = vi.fn<Transport>().mockResolvedValueOnce(status).mockResolvedValue(200);
      const log = captureLogger();
      await expect(R.sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport, log }))).resolves.toBe(
        true,
      );
      expect(transport).toHaveBeenCalledTimes(2);
      expect(log.entries.find((e) => e.message.includes('will retry'))?.fields).toMatchObject({
        attempt: 1,
        problem: `HTTP ${status}`,
      });
    },
  );

  it.each([200, 201, 202, 204, 299])('counts HTTP %d as delivered', async (status) => {
    const transport = vi.fn<Transport>().mockResolvedValue(status);
    await expect(R.sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport }))).resolves.toBe(true);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('retries a transport rejection, whatever it rejects with', async () => {
    const transport = vi
      .fn<Transport>()
      .mockRejectedValueOnce('a string')
      .mockRejectedValueOnce(new Error('EPIPE'))
      .mockResolvedValue(200);
    await expect(R.sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport }))).resolves.toBe(true);
    expect(transport).toHaveBeenCalledTimes(3);
  });

  it('passes the URL and the exact body to the transport', async () => {
    const transport = vi.fn<Transport>().mockResolvedValue(200);
    const url = new URL('http://127.0.0.1/r?sig=1');
    await R.sendResponse(url, '{"a":1}', options({ transport }));
    expect(transport.mock.calls[0]?.[0]).toBe(url);
    expect(transport.mock.calls[0]?.[1]).toBe('{"a":1}');
  });

  /** When each attempt started (ms), on fake time, every delay at the top of its range. */
  async function attemptTimes(deadlineIn: number, overrides: Partial<SendOptions> = {}) {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const at: number[] = [];
    const delivered = await onFakeTime(() => {
      const started = Date.now();
      const transport = vi.fn<Transport>(async () => {
        at.push(Date.now() - started);
        return 503;
      });
      return R.sendResponse(new URL('http://127.0.0.1/r'), '{}', {
        deadline: started + deadlineIn,
        log: captureLogger(),
        transport,
        ...overrides,
      });
    });
    return { delivered, at };
  }

  it('by default retries after 250 ms, doubling up to 4 s, with jitter, at most 8 attempts', async () => {
    expect(R.RESPONSE_BACKOFF).toEqual({ baseMs: 250, capMs: 4_000 });
    expect(await attemptTimes(60_000)).toEqual({
      delivered: false,
      at: [0, 250, 750, 1_750, 3_750, 7_750, 11_750, 15_750],
    });
  });

  it('starts no attempt after its deadline; with no time left, one last try', async () => {
    expect((await attemptTimes(2_000)).at).toEqual([0, 250, 750, 1_750]); // the next would start at 3750
    expect((await attemptTimes(0)).at).toEqual([0]);
  });

  it('logs each outcome with the host, the attempt number and the status or error, never the URL', async () => {
    const url = new URL(`http://127.0.0.1:9${SECRET_PATH}?${SECRET_QUERY}`);
    const HOST = 'http://127.0.0.1:9/<redacted>';
    const delivered = captureLogger();
    const transport = vi.fn<Transport>().mockResolvedValueOnce(503).mockResolvedValue(200);
    await R.sendResponse(url, '{}', options({ transport, log: delivered }));
    expect(delivered.entries.map((e) => [e.level, e.message, e.fields])).toEqual([
      [
        'warn',
        'response not delivered, will retry',
        { url: HOST, attempt: 1, problem: 'HTTP 503', delayMs: expect.any(Number) },
      ],
      ['info', 'response delivered', { url: HOST, status: 200, attempt: 2 }],
    ]);
    const unreachable = captureLogger();
    await R.sendResponse(
      url,
      '{}',
      options({
        transport: vi.fn<Transport>().mockRejectedValueOnce(new Error('connect ECONNREFUSED')).mockResolvedValue(200),
        log: unreachable,
      }),
    );
    expect(unreachable.entries[0]?.fields).toMatchObject({ attempt: 1, problem: 'Error: connect ECONNREFUSED' });
    const failed = captureLogger();
    await R.sendResponse(
      url,
      '{}',
      options({ transport: vi.fn<Transport>().mockResolvedValue(500), log: failed, maxAttempts: 2 }),
    );
    expect(failed.entries.slice(1).map((e) => [e.level, e.message, e.fields])).toEqual([
      ['warn', 'response not delivered', { url: HOST, attempt: 2, problem: 'HTTP 500' }],
      ['error', 'response could not be delivered to CloudFormation', { url: HOST }],
    ]);
  });

  it('passes a per-attempt timeout no longer than the time left', async () => {
    const transport = vi.fn<Transport>(async () => 200);
    await R.sendResponse(
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
      R.sendResponse(new URL('http://127.0.0.1/r'), '{}', options({ transport, deadline: Date.now() + 100 })),
    ).resolves.toBe(false);
  });
});
