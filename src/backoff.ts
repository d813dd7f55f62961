/** Capped exponential backoff with jitter, and an abortable sleep. No fixed sleeps anywhere. */
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
