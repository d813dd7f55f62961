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
import { DeadlineError, describe } from './errors.js';
import { type BackoffPolicy, backoffDelay, retry } from './retry.js';

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

export interface PropagationWaitOptions {
  /** The AWS call that hands over the role, for logs and the reason when the wait gives up. */
  readonly call: string;
  /** One attempt of that call. */
  readonly attempt: () => Promise<void>;
  /** The service's "cannot use the role yet" answer, and nothing else. */
  readonly isPropagationError: (error: unknown) => boolean;
  /** The deployment's limit on the wait (the work deadline bounds it too). */
  readonly timeoutMs: number;
  readonly schedule?: PropagationSchedule;
  /** Hears the wait so far after every attempt: whoever reports on the request knows it even when the wait gives up. */
  readonly progress?: (wait: PropagationWait) => void;
}

/**
 * Calls `attempt` until it succeeds, retrying only the service's propagation answer, for at
 * most `timeoutMs` and never past the work deadline. The next attempt must also have time to
 * answer (twice what the last one took), or the deadline would cut it off and the reason would
 * say only "timed out": so the wait gives up first, with a DeadlineError whose reason names the
 * call and what to check.
 */
export async function retryWhilePropagating(
  ctx: AwsContext,
  options: PropagationWaitOptions,
): Promise<PropagationWait> {
  const { call, schedule = PROPAGATION_SCHEDULE, progress = () => undefined } = options;
  const started = Date.now();
  let retries = 0;
  await retry(
    async (n) => {
      retries = n;
      await options.attempt();
    },
    {
      delay: (n, waited) => propagationDelay(n, waited, schedule),
      retryable: options.isPropagationError,
      giveUpAt: Math.min(ctx.workDeadline, started + options.timeoutMs),
      attemptNeeds: (last) => 2 * last,
      signal: ctx.signal,
      onRetry({ attempts, elapsedMs, delayMs }) {
        progress({ retries: attempts - 1, waitedMs: elapsedMs });
        ctx.log.log('info', 'role not usable yet (IAM propagation), retrying', {
          call,
          attempt: attempts,
          delayMs,
          waitedMs: elapsedMs,
        });
      },
      giveUp({ attempts, elapsedMs, error }) {
        progress({ retries: attempts - 1, waitedMs: elapsedMs });
        return new DeadlineError(
          `${call} still could not use the new role (IAM propagation) after ${attempts} attempts in ` +
            `${Math.round(elapsedMs / 1000)} s; check the role's trust policy, that the destination exists in the ` +
            `Region its ARN names, and its encryption (KmsKeyArn); last error: ${describe(causeOf(error))}`,
        );
      },
    },
  );
  const done = { retries, waitedMs: retries === 0 ? 0 : Date.now() - started };
  progress(done);
  return done;
}

function causeOf(error: unknown): unknown {
  return error instanceof Error && 'cause' in error ? error.cause : error;
}
