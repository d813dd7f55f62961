import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Call from '../../../src/aws/call.js';
import { AwsCallError } from '../../../src/errors.js';
import { awsContext, mockedClients } from '../account.js';
import { awsError, captureLogger, fresh, networkError, noSuchEntity, throttled } from '../fixtures.js';

// The module under test, loaded afresh for each test (its list of throttling codes is top-level): see fresh().
let C: typeof Call;
beforeEach(async () => {
  C = await fresh(() => import('../../../src/aws/call.js'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** An SDK error of this code and status; `undefined` status: an answer without one (its fault says which side). */
const sdkError = (name: string, status: number | undefined, fault: 'client' | 'server' = 'client') =>
  status === undefined ? awsError(name, name, { $metadata: {}, $fault: fault }) : awsError(name, name, { status });

describe('awsCall', () => {
  it('passes the context abort signal to the SDK call and returns its result', async () => {
    const controller = new AbortController();
    const ctx = awsContext(mockedClients().clients, captureLogger(), { signal: controller.signal });
    const send = vi.fn(async (options: { abortSignal: AbortSignal }) => options.abortSignal);
    await expect(C.awsCall(ctx, 'iam:GetRole', send)).resolves.toBe(controller.signal);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('wraps failures in an AwsCallError naming the call and keeping the cause', async () => {
    const cause = noSuchEntity();
    const error = await C.awsCall(awsContext(mockedClients().clients), 'iam:GetRole', async () =>
      Promise.reject(cause),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).call).toBe('iam:GetRole');
    expect((error as AwsCallError).cause).toBe(cause);
    expect((error as Error).message).toMatch(/^iam:GetRole failed: NoSuchEntityException: The role cannot be found\.$/);
  });

  it('logs the call name, nothing more', async () => {
    const log = captureLogger();
    await C.awsCall(awsContext(mockedClients().clients, log), 'iam:TagRole', async () => 1);
    expect(log.entries).toEqual([{ level: 'debug', message: 'aws call', fields: { call: 'iam:TagRole' } }]);
  });

  it('does not retry an error that is not throttling (4xx, 5xx, network)', async () => {
    for (const cause of [
      sdkError('AccessDenied', 403),
      sdkError('ServiceFailure', 500),
      networkError(),
      sdkError('LimitExceededException', 409),
    ]) {
      const send = vi.fn(async () => Promise.reject(cause));
      const error = await C.awsCall(awsContext(mockedClients().clients), 'iam:CreateRole', send).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AwsCallError);
      expect((error as AwsCallError).cause).toBe(cause);
      expect(send).toHaveBeenCalledTimes(1);
    }
  });

  it('retries throttling with backoff and returns the first success', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1); // delays at the top of their range: 500, 1000, ...
    const log = captureLogger();
    const ctx = awsContext(mockedClients().clients, log, { workDeadline: Date.now() + 60_000 });
    const send = vi
      .fn()
      .mockRejectedValueOnce(throttled())
      .mockRejectedValueOnce(sdkError('TooManyRequestsException', 429))
      .mockResolvedValue('ok');
    const started = Date.now();
    const result = C.awsCall(ctx, 'iam:TagRole', send);
    await vi.advanceTimersByTimeAsync(499);
    expect(send).toHaveBeenCalledTimes(1); // waits before retrying: no tight loop
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(send).toHaveBeenCalledTimes(3);
    expect(Date.now() - started).toBe(1_500);
    expect(log.entries.filter((e) => e.message === 'throttled, retrying').map((e) => [e.level, e.fields])).toEqual([
      ['info', { call: 'iam:TagRole', attempt: 1, delayMs: 500 }],
      ['info', { call: 'iam:TagRole', attempt: 2, delayMs: 1_000 }],
    ]);
    expect(log.entries.filter((e) => e.message === 'aws call').map((e) => e.fields)).toEqual([
      { call: 'iam:TagRole' },
      { call: 'iam:TagRole', attempt: 2 },
      { call: 'iam:TagRole', attempt: 3 },
    ]);
  });

  it('uses capped exponential backoff for throttling (500 ms, doubling, at most 8 s)', () => {
    expect(C.THROTTLE_BACKOFF).toMatchObject({ baseMs: 500, capMs: 8_000 });
  });

  it('gives up at the work deadline, with an AwsCallError wrapping the last throttling error', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const started = Date.now();
    const ctx = awsContext(mockedClients().clients, captureLogger(), { workDeadline: started + 5_000 });
    const send = vi.fn(async () => Promise.reject(throttled()));
    const result = C.awsCall(ctx, 'iam:CreateRole', send).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = await result;
    // Attempts at 0, 500, 1500, 3500 ms; the next delay (4000 ms) would end past the deadline.
    expect(send).toHaveBeenCalledTimes(4);
    expect(Date.now() - started).toBe(3_500);
    expect(Date.now()).toBeLessThanOrEqual(ctx.workDeadline);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toMatch(/^iam:CreateRole failed: Throttling: Rate exceeded/);
  });

  it('stops waiting at once when the signal aborts during the backoff, without another attempt', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const ctx = awsContext(mockedClients().clients, captureLogger(), {
      signal: controller.signal,
      workDeadline: Date.now() + 60_000,
    });
    const send = vi.fn(async () => Promise.reject(throttled()));
    const result = C.awsCall(ctx, 'iam:GetRole', send).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('deadline reached'));
    await expect(result).resolves.toMatchObject({ cause: { message: 'deadline reached' } });
    await vi.runAllTimersAsync();
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('isThrottling', () => {
  it.each([
    'Throttling',
    'ThrottlingException',
    'ThrottledException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'SlowDown',
    'ProvisionedThroughputExceededException',
    'BandwidthLimitExceeded',
    'PriorRequestNotComplete',
  ])('is true for %s', (name) => {
    expect(C.isThrottling(sdkError(name, 400))).toBe(true);
    expect(C.isThrottling(sdkError(name, undefined))).toBe(true);
  });

  it('is true for any HTTP 429', () => {
    expect(C.isThrottling(sdkError('SomethingNew', 429))).toBe(true);
  });

  it.each([
    ['a quota (not slowing down)', sdkError('LimitExceededException', 409)],
    ['a service quota', sdkError('ServiceQuotaExceededException', 402)],
    ['access denied', sdkError('AccessDenied', 403)],
    ['a 5xx', sdkError('ServiceUnavailable', 503)],
    ['a network error', networkError()],
    ['a code in another case', sdkError('throttling', 400)],
  ])('is false for %s', (_label, error) => {
    expect(C.isThrottling(error)).toBe(false);
  });

  it.each([undefined, null, 'Throttling', 429])('is false for a non-error %j', (value) => {
    expect(C.isThrottling(value)).toBe(false);
  });
});

describe('isAwsError / awsMessage / awsStatus', () => {
  const wrapped = () => new AwsCallError('iam:GetRole', noSuchEntity());

  it('matches the AWS error code of a wrapped error', () => {
    expect(C.isAwsError(wrapped(), 'NoSuchEntityException')).toBe(true);
    expect(C.isAwsError(wrapped(), 'Other', 'NoSuchEntityException')).toBe(true);
    expect(C.isAwsError(wrapped(), 'EntityAlreadyExistsException')).toBe(false);
    expect(C.isAwsError(wrapped())).toBe(false);
  });

  it('does not match unwrapped errors', () => {
    expect(C.isAwsError(noSuchEntity(), 'NoSuchEntityException')).toBe(false);
    expect(C.isAwsError(undefined, 'NoSuchEntityException')).toBe(false);
    expect(C.isAwsError(new AwsCallError('x', 'NoSuchEntityException'), 'NoSuchEntityException')).toBe(false);
  });

  it('awsMessage reads the AWS message, empty otherwise', () => {
    expect(C.awsMessage(wrapped())).toBe('The role cannot be found.');
    expect(C.awsMessage(new Error('x'))).toBe('');
    expect(C.awsMessage(noSuchEntity())).toBe('');
    expect(C.awsMessage(new AwsCallError('x', 'a string'))).toBe('');
  });

  it('awsStatus reads the HTTP status of the AWS answer', () => {
    expect(C.awsStatus(wrapped())).toBe(404);
    expect(C.awsStatus(new AwsCallError('x', sdkError('ServiceFailure', 500)))).toBe(500);
  });

  it('awsStatus is undefined for network errors and anything not wrapped', () => {
    expect(C.awsStatus(new AwsCallError('x', networkError()))).toBeUndefined();
    expect(C.awsStatus(new AwsCallError('x', undefined))).toBeUndefined();
    expect(C.awsStatus(noSuchEntity())).toBeUndefined();
    expect(C.awsStatus(undefined)).toBeUndefined();
  });
});

describe('isClientError', () => {
  const wrap = (cause: unknown) => new AwsCallError('mobiletargeting:DeleteEventStream', cause);

  it.each([400, 403, 404, 409, 410, 499])('is true for HTTP %d', (status) => {
    expect(C.isClientError(wrap(sdkError('SomeClientError', status)))).toBe(true);
  });

  it.each([300, 301, 307, 399])('is false for HTTP %d (not a 4xx answer)', (status) => {
    expect(C.isClientError(wrap(sdkError('PermanentRedirect', status)))).toBe(false);
  });

  it('is true for a client fault without a status', () => {
    expect(C.isClientError(wrap(sdkError('AccessDeniedException', undefined, 'client')))).toBe(true);
  });

  it('is false for throttling, by status or by code', () => {
    expect(C.isClientError(wrap(sdkError('TooManyRequestsException', 429)))).toBe(false);
    expect(C.isClientError(wrap(sdkError('SomethingNew', 429)))).toBe(false);
    expect(C.isClientError(wrap(sdkError('Throttling', 400)))).toBe(false);
    expect(C.isClientError(wrap(sdkError('ThrottlingException', undefined, 'client')))).toBe(false);
  });

  it.each([500, 502, 503, 504])('is false for HTTP %d', (status) => {
    expect(C.isClientError(wrap(sdkError('InternalFailure', status)))).toBe(false);
  });

  it('is false for a server fault without a status', () => {
    expect(C.isClientError(wrap(sdkError('InternalFailure', undefined, 'server')))).toBe(false);
  });

  it('is false for a network error', () => {
    expect(C.isClientError(wrap(networkError()))).toBe(false);
  });

  it('is false for an AwsCallError without a cause (a call that rejected with nothing)', () => {
    expect(C.isClientError(wrap(undefined))).toBe(false);
  });

  it('is false for anything that is not an AwsCallError', () => {
    expect(C.isClientError(sdkError('AccessDenied', 403))).toBe(false);
    expect(C.isClientError(undefined)).toBe(false);
  });
});

describe('unlessAbsent', () => {
  it('resolves the answer of a successful call', async () => {
    await expect(C.unlessAbsent(Promise.resolve({ a: 1 }), 'NoSuchEntityException')).resolves.toEqual({ a: 1 });
  });

  it('resolves undefined when the call fails with one of the codes', async () => {
    await expect(
      C.unlessAbsent(
        Promise.reject(new AwsCallError('iam:GetRole', noSuchEntity())),
        'NoSuchEntity',
        'NoSuchEntityException',
      ),
    ).resolves.toBeUndefined();
  });

  it('rethrows any other error unchanged', async () => {
    const other = new AwsCallError('iam:GetRole', sdkError('AccessDenied', 403));
    await expect(C.unlessAbsent(Promise.reject(other), 'NoSuchEntityException')).rejects.toBe(other);
    const unwrapped = noSuchEntity();
    await expect(C.unlessAbsent(Promise.reject(unwrapped), 'NoSuchEntityException')).rejects.toBe(unwrapped);
  });

  it('treats nothing as absent when given no codes', async () => {
    const error = new AwsCallError('iam:GetRole', noSuchEntity());
    await expect(C.unlessAbsent(Promise.reject(error))).rejects.toBe(error);
  });
});
