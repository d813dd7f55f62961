import { describe, expect, it, vi } from 'vitest';
import { awsCall, awsMessage, isAwsError } from '../../../src/aws/call.js';
import { AwsCallError } from '../../../src/errors.js';
import { awsContext, captureLogger, mockedClients, noSuchEntity } from '../fixtures.js';

describe('awsCall', () => {
  it('passes the context abort signal to the SDK call and returns its result', async () => {
    const controller = new AbortController();
    const ctx = awsContext(mockedClients().clients, captureLogger(), { signal: controller.signal });
    const send = vi.fn(async (options: { abortSignal: AbortSignal }) => options.abortSignal);
    await expect(awsCall(ctx, 'iam:GetRole', send)).resolves.toBe(controller.signal);
  });

  it('wraps failures in an AwsCallError naming the call and keeping the cause', async () => {
    const cause = noSuchEntity();
    const error = await awsCall(awsContext(mockedClients().clients), 'iam:GetRole', async () => Promise.reject(cause)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).call).toBe('iam:GetRole');
    expect((error as AwsCallError).cause).toBe(cause);
    expect((error as Error).message).toMatch(/^iam:GetRole failed: NoSuchEntityException: /);
  });

  it('logs the call name, nothing more', async () => {
    const log = captureLogger();
    await awsCall(awsContext(mockedClients().clients, log), 'iam:TagRole', async () => 1);
    expect(log.entries).toEqual([{ level: 'debug', message: 'aws call', fields: { call: 'iam:TagRole' } }]);
  });
});

describe('isAwsError / awsMessage', () => {
  const wrapped = new AwsCallError('iam:GetRole', noSuchEntity());

  it('matches the AWS error code of a wrapped error', () => {
    expect(isAwsError(wrapped, 'NoSuchEntityException')).toBe(true);
    expect(isAwsError(wrapped, 'Other', 'NoSuchEntityException')).toBe(true);
    expect(isAwsError(wrapped, 'EntityAlreadyExistsException')).toBe(false);
  });

  it('does not match unwrapped errors', () => {
    expect(isAwsError(noSuchEntity(), 'NoSuchEntityException')).toBe(false);
    expect(isAwsError(undefined, 'NoSuchEntityException')).toBe(false);
  });

  it('awsMessage reads the AWS message, empty otherwise', () => {
    expect(awsMessage(wrapped)).toBe('The role cannot be found.');
    expect(awsMessage(new Error('x'))).toBe('');
  });
});
