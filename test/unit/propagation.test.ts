import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsCallError, DeadlineError } from '../../src/errors.js';
import type * as Propagation from '../../src/propagation.js';
import type { PropagationSchedule, PropagationWaitOptions } from '../../src/propagation.js';
import { awsContext, mockedClients } from './account.js';
import { type CapturingLogger, captureLogger, fresh, onFakeTime } from './fixtures.js';

// The module under test, loaded afresh for each test (its schedule is top-level): see fresh() in fixtures.ts.
let PROPAGATION_SCHEDULE: typeof Propagation.PROPAGATION_SCHEDULE;
let propagationDelay: typeof Propagation.propagationDelay;
let retryWhilePropagating: typeof Propagation.retryWhilePropagating;
beforeEach(
  async () =>
    ({ PROPAGATION_SCHEDULE, propagationDelay, retryWhilePropagating } = await fresh(
      () => import('../../src/propagation.js'),
    )),
);

afterEach(() => {
  vi.restoreAllMocks();
});

class Propagating extends Error {
  override name = 'Propagating';
}
const isPropagation = (error: unknown) => error instanceof Propagating;

/** An attempt failing with a propagation error `failures` times, then succeeding; when it ran (ms from the first). */
function flaky(failures: number, error: () => unknown = () => new Propagating('role not usable')) {
  const times: number[] = [];
  let started: number | undefined;
  const attempt = vi.fn(async () => {
    started ??= Date.now();
    times.push(Date.now() - started);
    if (times.length <= failures) throw error();
  });
  return { attempt, times };
}

/**
 * Waits on fake time with the default schedule, every delay at the top of its range (700 ms in the
 * first 10 s), `deadlineIn` ms of work time left: what it resolved or threw, the attempts' times, the log.
 */
async function waitFor(
  attempt: ReturnType<typeof flaky>,
  { deadlineIn = 3_600_000, ...options }: Partial<PropagationWaitOptions> & { deadlineIn?: number } = {},
) {
  vi.spyOn(Math, 'random').mockReturnValue(1);
  const log: CapturingLogger = captureLogger();
  const outcome = await onFakeTime(() => {
    const ctx = awsContext(mockedClients().clients, log, { workDeadline: Date.now() + deadlineIn });
    return retryWhilePropagating(ctx, {
      call: 'svc:Call',
      attempt: attempt.attempt,
      isPropagationError: isPropagation,
      timeoutMs: 120_000,
      ...options,
    }).catch((error: unknown) => error);
  });
  return { outcome, times: attempt.times, log };
}

describe("retryWhilePropagating: its policy (the loop itself is retry.ts's)", () => {
  it('a first success costs nothing: { retries: 0, waitedMs: 0 }, reported to progress', async () => {
    const progress = vi.fn();
    const { outcome, times } = await waitFor(flaky(0), { progress });
    expect(outcome).toEqual({ retries: 0, waitedMs: 0 });
    expect(times).toEqual([0]);
    expect(progress.mock.calls).toEqual([[{ retries: 0, waitedMs: 0 }]]);
  });

  it('a first success, however long it took, waited for nothing', async () => {
    const slowSuccess = flaky(0);
    const attempt = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 900));
      return slowSuccess.attempt();
    });
    expect((await waitFor({ attempt, times: slowSuccess.times })).outcome).toEqual({ retries: 0, waitedMs: 0 });
  });

  it('retries while the service says it cannot use the role yet, on the schedule, and reports the wait', async () => {
    const progress = vi.fn();
    const { outcome, times } = await waitFor(flaky(2), { progress });
    expect(outcome).toEqual({ retries: 2, waitedMs: 1_400 });
    expect(times).toEqual([0, 700, 1_400]);
    expect(progress.mock.calls.map(([wait]) => wait)).toEqual([
      { retries: 0, waitedMs: 0 },
      { retries: 1, waitedMs: 700 },
      { retries: 2, waitedMs: 1_400 },
    ]);
  });

  it('does not retry any other error, even after propagation errors, and throws it unchanged', async () => {
    const other = new Error('AccessDenied');
    let n = 0;
    const { outcome, times } = await waitFor(flaky(Infinity, () => (++n === 1 ? new Propagating('x') : other)));
    expect(outcome).toBe(other);
    expect(times).toEqual([0, 700]);
  });

  it('logs each retry: the call, the attempt, the delay and the time waited', async () => {
    const { log } = await waitFor(flaky(1), { call: 'ses:CreateConfigurationSetEventDestination' });
    expect(log.entries.filter((e) => e.level === 'info')).toEqual([
      {
        level: 'info',
        message: 'role not usable yet (IAM propagation), retrying',
        fields: { call: 'ses:CreateConfigurationSetEventDestination', attempt: 1, delayMs: 700, waitedMs: 0 },
      },
    ]);
  });

  it('gives up before the work deadline: a DeadlineError naming the call, what to check, the last error', async () => {
    const progress = vi.fn();
    const { outcome, times } = await waitFor(flaky(Infinity), {
      deadlineIn: 2_000,
      call: 'mobiletargeting:PutEventStream',
      progress,
    });
    expect(outcome).toBeInstanceOf(DeadlineError);
    expect(times).toEqual([0, 700, 1_400]); // the next retry would be at 2100, past the deadline
    expect((outcome as Error).message).toBe(
      'mobiletargeting:PutEventStream still could not use the new role (IAM propagation) after 3 attempts in 1 s; ' +
        "check the role's trust policy, that the destination exists in the Region its ARN names, " +
        'and its encryption (KmsKeyArn); ' +
        'last error: Propagating: role not usable',
    );
    expect(progress).toHaveBeenLastCalledWith({ retries: 2, waitedMs: 1_400 }); // reported even when it gives up
  });

  it('gives up at timeoutMs when the deadline is later', async () => {
    const { outcome, times } = await waitFor(flaky(Infinity), { timeoutMs: 2_000 });
    expect(outcome).toBeInstanceOf(DeadlineError);
    expect(times).toEqual([0, 700, 1_400]);
  });

  it('leaves the next attempt twice the time the last one took: a slow service gets fewer retries', async () => {
    const slow = () => {
      const run = flaky(Infinity);
      const attempt = vi.fn(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000)); // the service takes 1 s to answer
        return run.attempt();
      });
      return { attempt, times: run.times };
    };
    // The first attempt ends at +1000 ms; the next would start at +1700 and need until +3700 to answer.
    expect((await waitFor(slow(), { deadlineIn: 3_700 })).times).toHaveLength(1);
    expect((await waitFor(slow(), { deadlineIn: 3_701 })).times).toHaveLength(2);
  });

  it('names the AWS error behind an AwsCallError as the last error', async () => {
    const wrappedError = () => new AwsCallError('ses:Call', new Propagating('Could not assume IAM role'));
    const { outcome } = await waitFor(flaky(Infinity, wrappedError), {
      deadlineIn: 0,
      isPropagationError: (error) => error instanceof AwsCallError,
    });
    expect((outcome as Error).message).toMatch(
      /after 1 attempts in 0 s; .* last error: Propagating: Could not assume IAM role$/,
    );
  });
});

describe('propagationDelay', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the default schedule: 0.56-0.7 s for the first 10 s, then capped exponential from 1 s up to 5 s', () => {
    expect(PROPAGATION_SCHEDULE).toEqual({
      fast: { baseMs: 700, capMs: 700, jitter: 0.2 },
      fastForMs: 10_000,
      slow: { baseMs: 1000, capMs: 5000 },
    });
  });

  it.each([0, 1, 5, 14, 15, 16, 40])(
    'in the first 10 s every delay is within [560, 700] ms, whatever the attempt (%i)',
    (attempt) => {
      for (const waited of [0, 5_000, 9_999]) {
        expect(propagationDelay(attempt, waited, PROPAGATION_SCHEDULE, () => 0)).toBe(560);
        expect(propagationDelay(attempt, waited, PROPAGATION_SCHEDULE, () => 0.5)).toBe(630);
        expect(propagationDelay(attempt, waited, PROPAGATION_SCHEDULE, () => 1)).toBe(700);
      }
    },
  );

  it('with the default random source, fast delays stay within [560, 700]: never more than 2 calls a second', () => {
    for (let i = 0; i < 200; i++) {
      const delay = propagationDelay(i % 20, (i * 50) % 10_000);
      expect(delay).toBeGreaterThanOrEqual(560);
      expect(delay).toBeLessThanOrEqual(700);
    }
  });

  it('after 10 s: capped exponential, counting retries after the fast phase (15 of them)', () => {
    const slow = (attempt: number, random: number) =>
      propagationDelay(attempt, 10_000, PROPAGATION_SCHEDULE, () => random);
    expect([15, 16, 17, 18, 19, 40].map((a) => slow(a, 1))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
    expect([15, 16, 17, 18].map((a) => slow(a, 0))).toEqual([500, 1_000, 2_000, 2_500]);
  });

  it('after 10 s with few attempts made (slow calls), starts the slow phase at its base', () => {
    expect(propagationDelay(3, 10_000, PROPAGATION_SCHEDULE, () => 1)).toBe(1_000);
    expect(propagationDelay(0, 60_000, PROPAGATION_SCHEDULE, () => 1)).toBe(1_000);
  });

  it('over a whole simulated wait: fast in the first 10 s, then never above 5 s and never decreasing', () => {
    for (const r of [0, 0.5, 1]) {
      let waited = 0;
      let previous = 0;
      for (let attempt = 0; waited < 120_000; attempt++) {
        const delay = propagationDelay(attempt, waited, PROPAGATION_SCHEDULE, () => r);
        if (waited < 10_000) {
          expect(delay).toBeGreaterThanOrEqual(560);
          expect(delay).toBeLessThanOrEqual(700);
        } else {
          expect(delay).toBeLessThanOrEqual(5_000);
          expect(delay).toBeGreaterThanOrEqual(previous);
          previous = delay;
        }
        waited += delay;
      }
    }
  });

  it('follows the schedule it is given', () => {
    const schedule: PropagationSchedule = {
      fast: { baseMs: 100, capMs: 100, jitter: 0 },
      fastForMs: 1_000,
      slow: { baseMs: 10, capMs: 40, jitter: 0 },
    };
    expect(propagationDelay(0, 999, schedule)).toBe(100);
    expect([10, 11, 12, 13].map((a) => propagationDelay(a, 1_000, schedule))).toEqual([10, 20, 40, 40]);
  });
});
