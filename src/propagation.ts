/**
 * Waiting for IAM propagation: retry the service call only while the service says it cannot
 * use the role yet, and never past the deadline or the deployment's limit. The first attempt
 * is immediate: no fixed sleep.
 *
 * The schedule (measured with `npm run bench`): while IAM is most likely to become consistent
 * (the first 10 s) a call every 0.56-0.7 s, so the wait ends within about 0.35 s of the role
 * becoming usable and never more than 2 calls a second per resource (a stack's resources wait
 * at once); after that, capped exponential backoff up to one call every 5 s.
 */

import type { AwsContext } from './aws/call.js';
import { type BackoffPolicy, backoffDelay, sleep } from './backoff.js';
import { DeadlineError, describe } from './errors.js';

export interface PropagationSchedule {
  readonly fast: BackoffPolicy;
  readonly fastForMs: number;
  readonly slow: BackoffPolicy;
}

export const PROPAGATION_SCHEDULE: PropagationSchedule = {
  fast: { baseMs: 700, capMs: 700, jitter: 0.2 },
  fastForMs: 10_000,
  slow: { baseMs: 1000, capMs: 5000 },
};

/** What the wait cost: for logs, metrics and `npm start`. */
export interface PropagationWait {
  readonly retries: number;
  readonly waitedMs: number;
}

/** Delay before retry `attempt` (0-based), `waitedMs` into the wait. */
export function propagationDelay(
  attempt: number,
  waitedMs: number,
  schedule: PropagationSchedule = PROPAGATION_SCHEDULE,
  random?: () => number,
): number {
  if (waitedMs < schedule.fastForMs) return backoffDelay(0, schedule.fast, random);
  const fastAttempts = Math.ceil(schedule.fastForMs / schedule.fast.capMs);
  return backoffDelay(Math.max(0, attempt - fastAttempts), schedule.slow, random);
}

/**
 * Calls `attempt` until it succeeds, retrying only errors `isPropagationError` accepts, for at
 * most `timeoutMs` and never past the work deadline. Gives up with a DeadlineError whose reason
 * names the call and what to check. `progress` hears the wait so far after every attempt, so
 * whoever reports on the request knows it even when the wait gives up or the deadline cuts it.
 */
export async function retryWhilePropagating(
  ctx: AwsContext,
  call: string,
  attempt: () => Promise<void>,
  isPropagationError: (error: unknown) => boolean,
  timeoutMs: number,
  schedule: PropagationSchedule = PROPAGATION_SCHEDULE,
  progress: (wait: PropagationWait) => void = () => undefined,
): Promise<PropagationWait> {
  const started = Date.now();
  const giveUpAt = Math.min(ctx.workDeadline, started + timeoutMs);
  for (let n = 0; ; n++) {
    const attemptStarted = Date.now();
    try {
      await attempt();
      const done = { retries: n, waitedMs: n === 0 ? 0 : Date.now() - started };
      progress(done);
      return done;
    } catch (error) {
      if (!isPropagationError(error)) throw error;
      const waited = Date.now() - started;
      progress({ retries: n, waitedMs: waited });
      const delay = propagationDelay(n, waited, schedule);
      // The next attempt must also have time to answer (twice what this one took), or the deadline
      // would cut it off and the reason would say only "timed out".
      if (Date.now() + delay + 2 * (Date.now() - attemptStarted) >= giveUpAt) {
        throw new DeadlineError(
          `${call} still could not use the new role (IAM propagation) after ${n + 1} attempts in ${Math.round(waited / 1000)} s; ` +
            "check the role's trust policy, that the destination exists in the Region its ARN names, and its encryption (KmsKeyArn); " +
            `last error: ${describe(error instanceof Error && 'cause' in error ? error.cause : error)}`,
        );
      }
      ctx.log.log('info', 'role not usable yet (IAM propagation), retrying', {
        call,
        attempt: n + 1,
        delayMs: delay,
        waitedMs: waited,
      });
      await sleep(delay, ctx.signal);
    }
  }
}
