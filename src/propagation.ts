/**
 * Waiting for IAM propagation: retry the service call only while the service says
 * it cannot use the role yet, with capped exponential backoff and jitter, and never
 * past the work deadline. The first attempt is immediate: no fixed sleep.
 */
import { backoffDelay, sleep, type BackoffPolicy } from './backoff.js';
import { DeadlineError, describe } from './errors.js';
import type { AwsContext } from './aws/call.js';

// Measured with `npm run bench`: a 2 s cap keeps the wait beyond propagation near 1 s even for slow
// propagation, at the cost of one cheap call every 1-2 s while the service refuses the role.
export const PROPAGATION_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 2000 };

export async function retryWhilePropagating<T>(
  ctx: AwsContext,
  call: string,
  attempt: () => Promise<T>,
  isPropagationError: (error: unknown) => boolean,
  policy: BackoffPolicy = PROPAGATION_BACKOFF,
): Promise<T> {
  const started = Date.now();
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isPropagationError(error)) throw error;
      const delay = backoffDelay(n, policy);
      const waited = Date.now() - started;
      if (Date.now() + delay >= ctx.workDeadline) {
        throw new DeadlineError(
          `${call} still could not use the new role after ${n + 1} attempts in ${Math.round(waited / 1000)} s ` +
            `(IAM propagation); last error: ${describe(error instanceof Error && 'cause' in error ? error.cause : error)}`,
        );
      }
      ctx.log.log('info', 'role not usable yet (IAM propagation), retrying', { call, attempt: n + 1, delayMs: delay, waitedMs: waited });
      await sleep(delay, ctx.signal);
    }
  }
}
