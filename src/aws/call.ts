/**
 * One wrapper for every AWS call: passes the abort signal (so nothing keeps running after
 * the deadline), retries throttling for as long as the deadline allows (IAM is one endpoint
 * per account for every Region: many resources at once must not fail a request with time
 * left), names the call in errors, and logs it.
 */

import { AwsCallError, awsErrorName } from '../errors.js';
import type { Logger } from '../log.js';
import { type BackoffPolicy, backoffDelay, retry } from '../retry.js';
import type { ClientFactory } from './clients.js';

export interface AwsContext {
  readonly clients: ClientFactory;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Epoch ms by which the work must be done (the response needs the time after it). */
  readonly workDeadline: number;
}

export type SendOptions = { abortSignal: AbortSignal };

/** Error codes AWS services use for "slow down" (the SDK's own list, less service quotas). */
const THROTTLING = new Set([
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
]);

export const THROTTLE_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 8000 };

export function isThrottling(error: unknown): boolean {
  if (THROTTLING.has(awsErrorName(error) ?? '')) return true;
  const meta = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata;
  return meta?.httpStatusCode === 429;
}

export async function awsCall<T>(
  ctx: AwsContext,
  call: string,
  send: (options: SendOptions) => Promise<T>,
): Promise<T> {
  return retry(
    (n) => {
      ctx.log.log('debug', 'aws call', { call, ...(n > 0 ? { attempt: n + 1 } : {}) });
      return send({ abortSignal: ctx.signal });
    },
    {
      delay: (n) => backoffDelay(n, THROTTLE_BACKOFF),
      retryable: isThrottling,
      giveUpAt: ctx.workDeadline,
      signal: ctx.signal,
      onRetry: ({ attempts, delayMs }) =>
        ctx.log.log('info', 'throttled, retrying', { call, attempt: attempts, delayMs }),
    },
  ).catch((error: unknown) => {
    throw new AwsCallError(call, error);
  });
}

/** True when `error` is an AwsCallError whose AWS error code is one of `names`. */
export function isAwsError(error: unknown, ...names: string[]): error is AwsCallError {
  return error instanceof AwsCallError && names.includes(awsErrorName(error.cause) ?? '');
}

/** The AWS error message of an AwsCallError (empty for anything else). */
export function awsMessage(error: unknown): string {
  return error instanceof AwsCallError && error.cause instanceof Error ? error.cause.message : '';
}

/** The HTTP status of the AWS answer behind an AwsCallError (undefined for network errors and anything else). */
export function awsStatus(error: unknown): number | undefined {
  if (!(error instanceof AwsCallError)) return undefined;
  return (error.cause as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** A 4xx answer other than throttling: the request itself was refused (AccessDenied, a retired API, bad input). */
export function isClientError(error: unknown): boolean {
  if (!(error instanceof AwsCallError) || isThrottling(error.cause)) return false;
  const status = awsStatus(error);
  if (status !== undefined) return status >= 400 && status < 500;
  return (error.cause as { $fault?: string } | undefined)?.$fault === 'client';
}

/**
 * The one place that says "this error means the thing is absent": resolves undefined when
 * the call fails with one of `codes`, and rethrows anything else.
 */
export async function unlessAbsent<T>(call: Promise<T>, ...codes: string[]): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isAwsError(error, ...codes)) return undefined;
    throw error;
  }
}
