import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readDeployment } from '../../src/config.js';
import { AwsCallError, DeadlineError } from '../../src/errors.js';
import type * as Propagation from '../../src/propagation.js';
import type { PropagationSchedule } from '../../src/propagation.js';
import { awsContext, type CapturingLogger, captureLogger, fresh, mockedClients, rejection } from './fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let PROPAGATION_SCHEDULE: typeof Propagation.PROPAGATION_SCHEDULE;
let propagationDelay: typeof Propagation.propagationDelay;
let retryWhilePropagating: typeof Propagation.retryWhilePropagating;
beforeEach(
  async () =>
    ({ PROPAGATION_SCHEDULE, propagationDelay, retryWhilePropagating } = await fresh(
      () => import('../../src/propagation.js'),
    )),
);

class Propagating extends Error {
  override name = 'Propagating';
}
const isPropagation = (error: unknown) =>
  error instanceof Propagating || (error instanceof AwsCallError && error.cause instanceof Propagating);
/** A schedule of a few ms, for tests on real timers. */
const TINY: PropagationSchedule = {
  fast: { baseMs: 5, capMs: 5, jitter: 0.2 },
  fastForMs: 20,
  slow: { baseMs: 5, capMs: 10 },
};
const FAR = 3_600_000;

function ctx(overrides: Parameters<typeof awsContext>[2] = {}, log: CapturingLogger = captureLogger()) {
  return awsContext(mockedClients().clients, log, overrides);
}

/** An attempt that fails with a propagation error `failures` times, then succeeds; records when it ran. */
function flaky(failures: number, error: () => unknown = () => new Propagating('role not usable')) {
  const times: number[] = [];
  const attempt = vi.fn(async () => {
    times.push(Date.now());
    if (times.length <= failures) throw error();
  });
  return { attempt, times };
}

describe('retryWhilePropagating', () => {
  it('makes the first attempt immediately (no sleep before it)', () => {
    const attempt = vi.fn(async () => undefined);
    void retryWhilePropagating(ctx(), 'svc:Call', attempt, isPropagation, 120_000, TINY);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('a first success costs nothing: { retries: 0, waitedMs: 0 }', async () => {
    await expect(
      retryWhilePropagating(ctx(), 'svc:Call', async () => undefined, isPropagation, 120_000, TINY),
    ).resolves.toEqual({ retries: 0, waitedMs: 0 });
  });

  it('retries while the predicate says "propagating", then returns the success', async () => {
    const { attempt } = flaky(2);
    const wait = await retryWhilePropagating(ctx(), 'svc:Call', attempt, isPropagation, 120_000, TINY);
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(wait.retries).toBe(2);
    expect(wait.waitedMs).toBeGreaterThanOrEqual(8);
  });

  it('does not retry any other error, and throws it unchanged', async () => {
    const other = new Error('AccessDenied');
    const attempt = vi.fn(async () => {
      throw other;
    });
    await expect(retryWhilePropagating(ctx(), 'svc:Call', attempt, isPropagation, 120_000, TINY)).rejects.toBe(other);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('does not retry a non-propagation error that follows propagation errors', async () => {
    const other = new Error('ValidationException');
    let n = 0;
    const attempt = vi.fn(async () => {
      n += 1;
      throw n === 1 ? new Propagating('x') : other;
    });
    await expect(retryWhilePropagating(ctx(), 'svc:Call', attempt, isPropagation, 120_000, TINY)).rejects.toBe(other);
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('stops waiting as soon as the signal aborts, with its reason', async () => {
    const controller = new AbortController();
    const { attempt } = flaky(Infinity);
    const slow: PropagationSchedule = {
      fast: { baseMs: 5_000, capMs: 5_000 },
      fastForMs: 60_000,
      slow: { baseMs: 5_000, capMs: 5_000 },
    };
    const running = retryWhilePropagating(
      ctx({ signal: controller.signal }),
      'svc:Call',
      attempt,
      isPropagation,
      120_000,
      slow,
    );
    setTimeout(() => controller.abort(new Error('deadline reached')), 20);
    const started = Date.now();
    await expect(running).rejects.toThrow('deadline reached');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  describe('on the default schedule (fake timers, jitter fixed)', () => {
    beforeEach(() => {
      vi.useFakeTimers({ now: 1_000_000 });
    });
    afterEach(() => {
      vi.useRealTimers();
      vi.restoreAllMocks();
    });

    /** Runs the wait to its end on fake time; resolves to its result or its error. */
    async function run(promise: Promise<unknown>): Promise<unknown> {
      const settled = promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      await vi.runAllTimersAsync();
      const outcome = await settled;
      return 'error' in outcome ? outcome.error : outcome.value;
    }

    it('waits exactly the scheduled delays and reports them: { retries, waitedMs }', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(1);
      const { attempt, times } = flaky(2);
      const result = await run(
        retryWhilePropagating(ctx({ workDeadline: Date.now() + FAR }), 'svc:Call', attempt, isPropagation, 120_000),
      );
      expect(result).toEqual({ retries: 2, waitedMs: 1_400 });
      expect(times.map((t) => t - 1_000_000)).toEqual([0, 700, 1_400]);
    });

    it('logs each retry (call, attempt, delay, time waited)', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(0);
      const log = captureLogger();
      const { attempt } = flaky(1);
      await run(
        retryWhilePropagating(
          ctx({ workDeadline: Date.now() + FAR }, log),
          'ses:CreateConfigurationSetEventDestination',
          attempt,
          isPropagation,
          120_000,
        ),
      );
      expect(log.entries).toContainEqual({
        level: 'info',
        message: 'role not usable yet (IAM propagation), retrying',
        fields: { call: 'ses:CreateConfigurationSetEventDestination', attempt: 1, delayMs: 560, waitedMs: 0 },
      });
    });

    it('gives up before the work deadline, never sleeping past it, with a DeadlineError naming the call and what to check', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(1);
      const deadline = Date.now() + 2_000;
      const { attempt, times } = flaky(Infinity);
      const error = await run(
        retryWhilePropagating(
          ctx({ workDeadline: deadline }),
          'mobiletargeting:PutEventStream',
          attempt,
          isPropagation,
          120_000,
        ),
      );
      expect(error).toBeInstanceOf(DeadlineError);
      // 0, 700, 1400; the next retry would be at 2100, past the deadline: given up at 1400.
      expect(times.map((t) => t - 1_000_000)).toEqual([0, 700, 1_400]);
      expect(Date.now()).toBeLessThan(deadline);
      expect((error as Error).message).toBe(
        'mobiletargeting:PutEventStream still could not use the new role (IAM propagation) after 3 attempts in 1 s; ' +
          "check the role's trust policy, that the destination exists in the Region its ARN names, and its encryption (KmsKeyArn); " +
          'last error: Propagating: role not usable',
      );
    });

    it('gives up before timeoutMs when the deadline is later', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(1);
      const { attempt, times } = flaky(Infinity);
      const error = await run(
        retryWhilePropagating(ctx({ workDeadline: Date.now() + FAR }), 'svc:Call', attempt, isPropagation, 2_000),
      );
      expect(error).toBeInstanceOf(DeadlineError);
      expect(times).toHaveLength(3);
      expect(Date.now() - 1_000_000).toBe(1_400);
    });

    it('a retry whose delay ends exactly at the deadline is not made; one ending before it is', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(1);
      const exact = flaky(Infinity);
      await run(
        retryWhilePropagating(
          ctx({ workDeadline: Date.now() + 700 }),
          'svc:Call',
          exact.attempt,
          isPropagation,
          120_000,
        ),
      );
      expect(exact.times).toHaveLength(1);
      const before = flaky(Infinity);
      await run(
        retryWhilePropagating(
          ctx({ workDeadline: Date.now() + 701 }),
          'svc:Call',
          before.attempt,
          isPropagation,
          120_000,
        ),
      );
      expect(before.times).toHaveLength(2);
    });

    it('leaves the next attempt time to answer (twice what the last one took): a slow service gets fewer retries', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(1); // every delay is 700 ms
      const slowAttempt = (times: number[]) =>
        vi.fn(async () => {
          times.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, 1_000)); // the service takes 1 s to answer
          throw new Propagating('role not usable');
        });
      // The first attempt ends at +1000 ms; the next would start at +1700 and need until +3700 to answer.
      const exact: number[] = [];
      await run(
        retryWhilePropagating(
          ctx({ workDeadline: Date.now() + 3_700 }),
          'svc:Call',
          slowAttempt(exact),
          isPropagation,
          120_000,
        ),
      );
      expect(exact).toHaveLength(1);
      const roomFor: number[] = [];
      await run(
        retryWhilePropagating(
          ctx({ workDeadline: Date.now() + 3_701 }),
          'svc:Call',
          slowAttempt(roomFor),
          isPropagation,
          120_000,
        ),
      );
      expect(roomFor).toHaveLength(2);
    });

    it('the same holds for timeoutMs: exactly reached is given up, one ms more allows the retry', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(1);
      const exact = flaky(Infinity);
      await run(
        retryWhilePropagating(ctx({ workDeadline: Date.now() + FAR }), 'svc:Call', exact.attempt, isPropagation, 700),
      );
      expect(exact.times).toHaveLength(1);
      const before = flaky(Infinity);
      await run(
        retryWhilePropagating(ctx({ workDeadline: Date.now() + FAR }), 'svc:Call', before.attempt, isPropagation, 701),
      );
      expect(before.times).toHaveLength(2);
    });

    it("with the deployment's default (120 s), keeps trying for almost 120 s and never past it", async () => {
      const timeoutMs = readDeployment({}).propagationTimeoutMs;
      expect(timeoutMs).toBe(120_000);
      vi.spyOn(Math, 'random').mockReturnValue(1);
      const { attempt, times } = flaky(Infinity);
      const error = await run(
        retryWhilePropagating(ctx({ workDeadline: Date.now() + FAR }), 'svc:Call', attempt, isPropagation, timeoutMs),
      );
      expect(error).toBeInstanceOf(DeadlineError);
      const last = (times.at(-1) as number) - 1_000_000;
      expect(last).toBeLessThan(120_000);
      expect(last + 5_000).toBeGreaterThanOrEqual(120_000); // the next delay (5 s, the cap) would pass it
      expect(Date.now() - 1_000_000).toBe(last);
      expect((error as Error).message).toContain(`after ${times.length} attempts in ${Math.round(last / 1000)} s`);
    });

    it('with the deadline already reached, makes one attempt and gives up without sleeping', async () => {
      const { attempt } = flaky(Infinity);
      const error = await run(
        retryWhilePropagating(ctx({ workDeadline: Date.now() }), 'svc:Call', attempt, isPropagation, 120_000),
      );
      expect(error).toBeInstanceOf(DeadlineError);
      expect((error as Error).message).toContain('after 1 attempts in 0 s');
      expect(attempt).toHaveBeenCalledTimes(1);
      expect(Date.now()).toBe(1_000_000);
    });

    it('names the AWS error behind an AwsCallError as the last error', async () => {
      const { attempt } = flaky(
        Infinity,
        () =>
          new AwsCallError('ses:CreateConfigurationSetEventDestination', new Propagating('Could not assume IAM role')),
      );
      const error = await run(
        retryWhilePropagating(
          ctx({ workDeadline: Date.now() }),
          'ses:CreateConfigurationSetEventDestination',
          attempt,
          isPropagation,
          120_000,
        ),
      );
      expect((error as Error).message).toMatch(/last error: Propagating: Could not assume IAM role$/);
    });

    it('an aborted signal stops the wait at once', async () => {
      const controller = new AbortController();
      const { attempt } = flaky(Infinity);
      const running = retryWhilePropagating(
        ctx({ signal: controller.signal, workDeadline: Date.now() + FAR }),
        'svc:Call',
        attempt,
        isPropagation,
        120_000,
      );
      const settled = running.then(
        () => undefined,
        (e: unknown) => e,
      );
      await vi.advanceTimersByTimeAsync(100);
      controller.abort(new DeadlineError('stop'));
      const error = await settled;
      expect(error).toBeInstanceOf(DeadlineError);
      expect((error as Error).message).toBe('stop');
      expect(attempt).toHaveBeenCalledTimes(1);
    });
  });

  it('rejects with a DeadlineError (a ResourceError) on real timers too', async () => {
    const { attempt } = flaky(Infinity);
    const started = Date.now();
    const error = await rejection(
      retryWhilePropagating(ctx({ workDeadline: started + 60 }), 'svc:Call', attempt, isPropagation, 120_000, TINY),
      DeadlineError,
    );
    expect(error.message).toMatch(/^svc:Call still could not use the new role \(IAM propagation\) after \d+ attempts/);
    expect(Date.now()).toBeLessThan(started + 60 + 1000); // real timers fire late under load: the exact bounds are pinned on fake time above
    expect(attempt.mock.calls.length).toBeGreaterThan(2);
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
