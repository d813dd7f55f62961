/**
 * The one retry loop of the function: AWS throttling (aws/call.ts), IAM's DeleteConflict
 * (aws/iam.ts), the wait for IAM propagation (propagation.ts) and the response PUT
 * (protocol/response.ts) all run through `retry`, each with its own delay policy, idea of
 * what is retryable, give-up time and hooks. Capped exponential backoff with jitter; no fixed sleeps.
 */
export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in ms. */
  readonly baseMs: number;
  /** No delay is longer than this, in ms. */
  readonly capMs: number;
  /** Share of each step that is random (0.5, the default, is "equal jitter"). */
  readonly jitter?: number;
}

/**
 * Delay before retry number `attempt` (0 for the first retry): the capped exponential step,
 * less a random share (`jitter`) of it, so retries of many callers never bunch and never
 * exceed the cap. With the default 0.5 ("equal jitter") a delay is between half the step and the step.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  const jitter = policy.jitter ?? 0.5;
  return Math.round(step * (1 - jitter) + random() * step * jitter);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Where a retry loop stands when it decides about the failure of attempt number `attempts`. */
export interface RetryState {
  /** Attempts made so far (1 after the first). */
  readonly attempts: number;
  /** Since the first attempt started, in ms. */
  readonly elapsedMs: number;
  /** The delay before the next attempt, in ms. */
  readonly delayMs: number;
  /** What the last attempt failed with. */
  readonly error: unknown;
}

export interface RetryOptions {
  /** Delay before retry number `retry` (0 for the first), `elapsedMs` after the first attempt started. */
  readonly delay: (retry: number, elapsedMs: number) => number;
  /** Whether a failure may be retried at all; anything else is thrown as it is. */
  readonly retryable: (error: unknown) => boolean;
  /** Epoch ms: no retry is started that would not have answered by then. */
  readonly giveUpAt: number;
  /** Time the next attempt needs to answer, given how long the last one took (default: none). */
  readonly attemptNeeds?: (lastAttemptMs: number) => number;
  /** Most attempts in all (default: no limit but `giveUpAt`). */
  readonly maxAttempts?: number;
  /** Aborts the sleep between attempts (the work's deadline). */
  readonly signal?: AbortSignal;
  /** Runs before each retry's sleep: logs, or work that clears the way (e.g. detaching what blocks a delete). */
  readonly onRetry?: (state: RetryState) => void | Promise<void>;
  /** What to throw when the retries run out (default: the last error as it is). */
  readonly giveUp?: (state: RetryState) => unknown;
}

/**
 * Runs `attempt` (given its 0-based number) until it resolves, a failure is not retryable,
 * or the next retry would not answer by `giveUpAt` (or would be one too many).
 */
export async function retry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now();
  for (let n = 0; ; n++) {
    const attemptStarted = Date.now();
    try {
      return await attempt(n);
    } catch (error) {
      if (!options.retryable(error)) throw error;
      const now = Date.now();
      const state: RetryState = {
        attempts: n + 1,
        elapsedMs: now - started,
        delayMs: options.delay(n, now - started),
        error,
      };
      const needs = options.attemptNeeds?.(now - attemptStarted) ?? 0;
      const tooMany = options.maxAttempts !== undefined && state.attempts >= options.maxAttempts;
      if (tooMany || now + state.delayMs + needs >= options.giveUpAt || options.signal?.aborted) {
        throw options.giveUp ? options.giveUp(state) : error;
      }
      await options.onRetry?.(state);
      await sleep(state.delayMs, options.signal);
    }
  }
}
