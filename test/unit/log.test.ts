import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Log from '../../src/log.js';
import type { LogLevel } from '../../src/log.js';
import { createEvent, fresh, RESPONSE_URL } from './fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let jsonLogger: typeof Log.jsonLogger;
let redactUrl: typeof Log.redactUrl;
let requestLogContext: typeof Log.requestLogContext;
let sanitizeEvent: typeof Log.sanitizeEvent;
beforeEach(
  async () =>
    ({ jsonLogger, redactUrl, requestLogContext, sanitizeEvent } = await fresh(() => import('../../src/log.js'))),
);

afterEach(() => {
  vi.restoreAllMocks();
});

/** RFC 3339 as Date.toISOString writes it (UTC, milliseconds). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function capture() {
  const lines: string[] = [];
  return {
    lines,
    write: (line: string) => lines.push(line),
    parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('jsonLogger', () => {
  it('writes one JSON line per call with timestamp, upper-case level and message', () => {
    const out = capture();
    const before = Date.now();
    jsonLogger({}, out.write).log('info', 'hello', { a: 1 });
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).not.toContain('\n');
    const line = out.parsed()[0]!;
    expect(line).toEqual({ timestamp: expect.stringMatching(RFC3339), level: 'INFO', message: 'hello', a: 1 });
    const at = Date.parse(line.timestamp as string);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it.each<[LogLevel, string]>([
    ['debug', 'DEBUG'],
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['error', 'ERROR'],
  ])('writes %s lines (debug too: Lambda filters by level) as %s', (level, upper) => {
    const out = capture();
    jsonLogger({}, out.write).log(level, 'm');
    expect(out.parsed()).toEqual([{ timestamp: expect.stringMatching(RFC3339), level: upper, message: 'm' }]);
  });

  it('puts every context field on every line', () => {
    const out = capture();
    const context = { requestId: 'req-1', StackId: 'arn:stack', LogicalResourceId: 'MyEventStream' };
    const log = jsonLogger(context, out.write);
    log.log('info', 'one');
    log.log('warn', 'two', { extra: true });
    log.log('debug', 'three');
    expect(out.lines).toHaveLength(3);
    for (const line of out.parsed()) expect(line).toMatchObject(context);
    expect(out.parsed()[1]).toMatchObject({ extra: true, message: 'two', level: 'WARN' });
  });

  it('fields cannot replace level or message', () => {
    const out = capture();
    jsonLogger({}, out.write).log('error', 'the real message', { level: 'DEBUG', message: 'forged', other: 'kept' });
    expect(out.parsed()[0]).toMatchObject({ level: 'ERROR', message: 'the real message', other: 'kept' });
  });

  // Lambda's JSON log format reads `timestamp` from the line: a field must never replace it.
  it('fields cannot replace the timestamp', () => {
    const out = capture();
    jsonLogger({}, out.write).log('info', 'm', { timestamp: 'not a time' });
    expect(out.parsed()[0]?.timestamp).toMatch(RFC3339);
  });

  it('fields do not change the context of later lines', () => {
    const out = capture();
    const log = jsonLogger({ requestId: 'req-1' }, out.write);
    log.log('info', 'a', { requestId: 'other', added: 1 });
    log.log('info', 'b');
    expect(out.parsed()[1]).toEqual({ timestamp: expect.any(String), level: 'INFO', message: 'b', requestId: 'req-1' });
  });

  it('writes each line, newline-terminated, to standard output by default (not through console)', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const consoleLog = vi.spyOn(console, 'log');
    jsonLogger({ requestId: 'r' }).log('debug', 'to stdout', { n: 1 });
    expect(write).toHaveBeenCalledTimes(1);
    const text = String(write.mock.calls[0]?.[0]);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(text)).toMatchObject({ level: 'DEBUG', message: 'to stdout', requestId: 'r', n: 1 });
    expect(consoleLog).not.toHaveBeenCalled();
  });
});

describe('requestLogContext', () => {
  it('carries the request id and the event identity', () => {
    const event = createEvent({ PhysicalResourceId: 'arn:aws:iam::123456789012:role/r', RequestType: 'Update' });
    expect(requestLogContext(event, 'aws-req-1')).toEqual({
      requestId: 'aws-req-1',
      StackId: event.StackId,
      LogicalResourceId: event.LogicalResourceId,
      ResourceType: event.ResourceType,
      RequestType: 'Update',
      PhysicalResourceId: 'arn:aws:iam::123456789012:role/r',
    });
  });

  it('never carries the ResponseURL, the properties or the request token of the event', () => {
    const context = requestLogContext(createEvent(), 'aws-req-1');
    expect(JSON.stringify(context)).not.toContain('X-Amz-Signature');
    expect(context).not.toHaveProperty('ResponseURL');
    expect(context).not.toHaveProperty('ResourceProperties');
    expect(context).not.toHaveProperty('RequestId');
  });

  it('keeps strings only', () => {
    const context = requestLogContext(
      {
        StackId: 42,
        LogicalResourceId: { a: 1 },
        ResourceType: ['Custom::X'],
        RequestType: null,
        PhysicalResourceId: 'p',
      },
      undefined,
    );
    expect(context).toEqual({ PhysicalResourceId: 'p' });
  });

  it('clips each value to 512 characters', () => {
    const context = requestLogContext({ StackId: 's'.repeat(5_000), LogicalResourceId: 'l'.repeat(512) }, 'r');
    expect(context.StackId).toBe('s'.repeat(512));
    expect(context.LogicalResourceId).toBe('l'.repeat(512));
  });

  it('omits an absent or empty request id', () => {
    expect(requestLogContext({}, undefined)).toEqual({});
    expect(requestLogContext({}, '')).toEqual({});
  });

  it.each([undefined, null, 'text', 42, []])('has only the request id for a non-object event %j (case %#)', (event) => {
    expect(requestLogContext(event, 'r')).toEqual({ requestId: 'r' });
  });

  it('every value is a string (the logger context type holds)', () => {
    for (const value of Object.values(requestLogContext(createEvent(), 'r'))) expect(typeof value).toBe('string');
  });
});

describe('redactUrl', () => {
  it('keeps scheme and host only', () => {
    expect(redactUrl(RESPONSE_URL)).toBe(
      'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/<redacted>',
    );
    expect(redactUrl('http://127.0.0.1:8080/a?b=c')).toBe('http://127.0.0.1:8080/<redacted>');
  });

  it('never leaks the signature, the object key or userinfo', () => {
    const text = redactUrl(RESPONSE_URL);
    expect(text).not.toContain('X-Amz-Signature');
    expect(text).not.toContain('deadbeefsecretsignature');
    expect(text).not.toContain('MyEventStream');
    expect(redactUrl('https://user:secret@host.amazonaws.com/a')).not.toContain('secret');
    expect(redactUrl('https://host.amazonaws.com/a#X-Amz-Signature=abc')).not.toContain('abc');
  });

  it('never echoes an unparseable value', () => {
    expect(redactUrl('not a url ?X-Amz-Signature=abc')).toBe('<unparseable url>');
  });
});

describe('sanitizeEvent: what of an event may be logged', () => {
  it("keeps CloudFormation's identity fields, the ResponseURL's host, and only the names of the properties", () => {
    const event = createEvent({
      PhysicalResourceId: 'p',
      OldResourceProperties: { Old: 'old-secret' },
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    });
    expect(sanitizeEvent(event)).toEqual({
      RequestType: 'Create',
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      ResourceType: 'Custom::PinpointEventStream',
      StackId: event.StackId,
      LogicalResourceId: 'MyEventStream',
      PhysicalResourceId: 'p',
      RequestId: event.RequestId,
      ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/<redacted>',
      ResourceProperties: { names: ['ServiceToken', 'ApplicationId', 'DestinationStreamArn'] },
      OldResourceProperties: { names: ['Old'] },
    });
    expect(JSON.stringify(sanitizeEvent(event))).not.toMatch(/deadbeefsecretsignature|old-secret|pinpoint-events/);
  });

  it('never logs a property value, nor the value of a field CloudFormation does not send (its name only)', () => {
    const logged = sanitizeEvent({
      RequestType: 'Create',
      ResourceProperties: { Typo: 'secret-1', Nested: { deep: 'secret-2' } },
      Password: 'secret-3',
      Extra: { a: 'secret-4' },
    });
    expect(logged).toEqual({
      RequestType: 'Create',
      ResourceProperties: { names: ['Typo', 'Nested'] },
      otherFields: ['Password', 'Extra'],
    });
  });

  it('describes what is not a string by its type, never its content', () => {
    expect(
      sanitizeEvent({
        RequestType: 42,
        StackId: { secret: 'x' },
        RequestId: ['secret'],
        LogicalResourceId: null,
        ResourceProperties: 'secret-text',
        OldResourceProperties: ['secret'],
        ResponseURL: 42,
      }),
    ).toEqual({
      RequestType: '<number>',
      StackId: '<object>',
      RequestId: '<list>',
      LogicalResourceId: '<null>',
      ResourceProperties: '<string>',
      OldResourceProperties: '<list>',
    });
  });

  it('describes properties that are null or not an object by their type', () => {
    expect(sanitizeEvent({ ResourceProperties: null, OldResourceProperties: 7 })).toEqual({
      ResourceProperties: '<null>',
      OldResourceProperties: '<number>',
    });
  });

  it('lists 100 names whole', () => {
    const hundred = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`n${i}`, 'v']));
    expect(
      (sanitizeEvent({ ResourceProperties: hundred }) as { ResourceProperties: { names: string[] } }).ResourceProperties
        .names,
    ).toEqual(Object.keys(hundred));
  });

  it('clips strings to 512 characters, names to 128, and lists at most 100 names', () => {
    const many = Object.fromEntries(Array.from({ length: 102 }, (_, i) => [`${'n'.repeat(200)}${i}`, 'v']));
    const logged = sanitizeEvent({ RequestType: 'r'.repeat(600), ResourceProperties: many, ...many }) as {
      RequestType: string;
      ResourceProperties: { names: string[] };
      otherFields: string[];
    };
    expect(logged.RequestType).toBe('r'.repeat(512));
    expect(logged.ResourceProperties.names).toHaveLength(101);
    expect(logged.ResourceProperties.names[0]).toBe('n'.repeat(128));
    expect(logged.ResourceProperties.names[100]).toBe('... 2 more');
    expect(logged.otherFields).toEqual(logged.ResourceProperties.names);
  });

  it('never leaks an unparseable ResponseURL, and does not modify the event', () => {
    expect(sanitizeEvent(createEvent({ ResponseURL: 'garbage X-Amz-Signature=topsecret' }))).toMatchObject({
      ResponseURL: '<unparseable url>',
    });
    const event = createEvent();
    sanitizeEvent(event);
    expect(event.ResponseURL).toBe(RESPONSE_URL);
  });

  it.each([
    [null, '<null>'],
    [undefined, '<undefined>'],
    ['text', '<string>'],
    [42, '<number>'],
    [['a'], '<list>'],
  ])('describes a non-object event %j as %s', (value, described) => {
    expect(sanitizeEvent(value)).toBe(described);
  });
});
