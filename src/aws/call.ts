/**
 * One wrapper for every AWS call: passes the abort signal (so nothing keeps running
 * after the deadline), names the call in errors, and logs it.
 */
import { AwsCallError, awsErrorName } from '../errors.js';
import type { Logger } from '../log.js';
import type { Clients } from './clients.js';

export interface AwsContext {
  readonly clients: Clients;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Epoch ms by which the work must be done (the response needs the time after it). */
  readonly workDeadline: number;
}

export type SendOptions = { abortSignal: AbortSignal };

export async function awsCall<T>(ctx: AwsContext, call: string, send: (options: SendOptions) => Promise<T>): Promise<T> {
  ctx.log.log('debug', 'aws call', { call });
  try {
    return await send({ abortSignal: ctx.signal });
  } catch (error) {
    throw new AwsCallError(call, error);
  }
}

/** True when `error` is an AwsCallError whose AWS error code is one of `names`. */
export function isAwsError(error: unknown, ...names: string[]): error is AwsCallError {
  return error instanceof AwsCallError && names.includes(awsErrorName(error.cause) ?? '');
}

/** The AWS error message of an AwsCallError (empty for anything else). */
export function awsMessage(error: unknown): string {
  return error instanceof AwsCallError && error.cause instanceof Error ? error.cause.message : '';
}
