import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleLogger, redactUrl, sanitizeEvent } from '../../src/log.js';
import { createEvent, RESPONSE_URL } from './fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.LOG_LEVEL;
});

describe('redactUrl', () => {
  it('keeps scheme and host only', () => {
    expect(redactUrl(RESPONSE_URL)).toBe('https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/<redacted>');
    expect(redactUrl('http://127.0.0.1:8080/a?b=c')).toBe('http://127.0.0.1:8080/<redacted>');
  });

  it('drops userinfo', () => {
    expect(redactUrl('https://user:secret@host.amazonaws.com/a')).not.toContain('secret');
  });

  it('never echoes an unparseable value', () => {
    expect(redactUrl('not a url ?X-Amz-Signature=abc')).toBe('<unparseable url>');
  });
});

describe('sanitizeEvent', () => {
  it('reduces the ResponseURL to its host and keeps everything else', () => {
    const event = createEvent();
    const clean = sanitizeEvent(event) as Record<string, unknown>;
    expect(JSON.stringify(clean)).not.toContain('X-Amz-Signature');
    expect(JSON.stringify(clean)).not.toContain('deadbeefsecretsignature');
    expect(clean.ResponseURL).toBe('https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/<redacted>');
    expect({ ...clean, ResponseURL: event.ResponseURL }).toEqual(event);
  });

  it('does not modify the event it is given', () => {
    const event = createEvent();
    sanitizeEvent(event);
    expect(event.ResponseURL).toBe(RESPONSE_URL);
  });

  it.each([null, undefined, 'text', 42])('passes non-objects through: %j', (value) => {
    expect(sanitizeEvent(value)).toBe(value);
  });
});

describe('consoleLogger', () => {
  it('writes one JSON line a call, warnings and errors to stderr', () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    consoleLogger.log('info', 'hello', { a: 1 });
    consoleLogger.log('error', 'bad', { b: 2 });
    expect(JSON.parse(out.mock.calls[0]?.[0] as string)).toEqual({ level: 'info', message: 'hello', a: 1 });
    expect(JSON.parse(err.mock.calls[0]?.[0] as string)).toEqual({ level: 'error', message: 'bad', b: 2 });
  });

  it('writes debug only when LOG_LEVEL=debug', () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    consoleLogger.log('debug', 'quiet');
    expect(out).not.toHaveBeenCalled();
    process.env.LOG_LEVEL = 'debug';
    consoleLogger.log('debug', 'loud');
    expect(out).toHaveBeenCalledTimes(1);
  });
});
