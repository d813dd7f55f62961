import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BackoffPolicy, backoffDelay, type RetryOptions, type RetryState, retry, sleep } from '../../src/retry.js';
import { onFakeTime } from './fixtures.js';

const POLICY: BackoffPolicy = { baseMs: 100, capMs: 1_600 };

describe('backoffDelay', () => {
  it('grows exponentially from baseMs: step = base * 2^attempt', () => {
    expect(backoffDelay(0, POLICY, () => 1)).toBe(100);
    expect(backoffDelay(1, POLICY, () => 1)).toBe(200);
    expect(backoffDelay(2, POLICY, () => 1)).toBe(400);
    expect(backoffDelay(3, POLICY, () => 1)).toBe(800);
  });

  it('is never below half the step (equal jitter)', () => {
    expect(backoffDelay(0, POLICY, () => 0)).toBe(50);
    expect(backoffDelay(3, POLICY, () => 0)).toBe(400);
    expect(backoffDelay(20, POLICY, () => 0)).toBe(800);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const attempt of [4, 5, 10, 30, 100, 1_100, 10_000]) {
      expect(backoffDelay(attempt, POLICY, () => 1)).toBe(1_600);
      expect(backoffDelay(attempt, POLICY, () => 0.999999)).toBeLessThanOrEqual(1_600);
    }
  });

  it('stays within [step/2, step] for random draws', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const step = Math.min(POLICY.capMs, POLICY.baseMs * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(attempt, POLICY);
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThanOrEqual(step);
      }
    }
  });

  it('applies jitter (the random share of the other half)', () => {
    expect(backoffDelay(2, POLICY, () => 0.5)).toBe(300);
  });

  it('defaults to equal jitter (0.5)', () => {
    for (const r of [0, 0.25, 0.5, 0.75, 1]) {
      expect(backoffDelay(3, POLICY, () => r)).toBe(backoffDelay(3, { ...POLICY, jitter: 0.5 }, () => r));
    }
  });

  it('uses Math.random when no random source is given', () => {
    const spy = vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      expect(backoffDelay(1, POLICY)).toBe(100);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('backoffDelay with a jitter share', () => {
  const LOW: BackoffPolicy = { ...POLICY, jitter: 0.2 };

  it('jitter 0.2: a delay is between 80% of the step and the step', () => {
    expect(backoffDelay(0, LOW, () => 0)).toBe(80);
    expect(backoffDelay(0, LOW, () => 1)).toBe(100);
    expect(backoffDelay(2, LOW, () => 0)).toBe(320);
    expect(backoffDelay(2, LOW, () => 0.5)).toBe(360);
    expect(backoffDelay(2, LOW, () => 1)).toBe(400);
    for (let attempt = 0; attempt < 12; attempt++) {
      const step = Math.min(LOW.capMs, LOW.baseMs * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(attempt, LOW);
        expect(delay).toBeGreaterThanOrEqual(step * 0.8);
        expect(delay).toBeLessThanOrEqual(step);
      }
    }
  });

  it('jitter 0.2 never exceeds the cap, and its floor is 80% of the cap', () => {
    for (const attempt of [4, 5, 10, 100, 10_000]) {
      expect(backoffDelay(attempt, LOW, () => 1)).toBe(1_600);
      expect(backoffDelay(attempt, LOW, () => 0)).toBe(1_280);
    }
  });

  it('jitter 0 is the plain capped exponential step', () => {
    for (const r of [0, 0.5, 1]) {
      expect(backoffDelay(3, { ...POLICY, jitter: 0 }, () => r)).toBe(800);
      expect(backoffDelay(9, { ...POLICY, jitter: 0 }, () => r)).toBe(1_600);
    }
  });

  it('jitter 1 is full jitter: anywhere from 0 to the step', () => {
    expect(backoffDelay(3, { ...POLICY, jitter: 1 }, () => 0)).toBe(0);
    expect(backoffDelay(3, { ...POLICY, jitter: 1 }, () => 0.25)).toBe(200);
    expect(backoffDelay(3, { ...POLICY, jitter: 1 }, () => 1)).toBe(800);
  });

  it('returns whole milliseconds', () => {
    for (let i = 0; i < 50; i++)
      expect(Number.isInteger(backoffDelay(i % 7, { baseMs: 33, capMs: 1_000, jitter: 0.37 }))).toBe(true);
  });
});

describe('sleep', () => {
  it('resolves after about the given time', async () => {
    const started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects with the signal reason as soon as it aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(sleeping).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects at once on an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already'));
    await expect(sleep(10_000, controller.signal)).rejects.toThrow('already');
  });

  it('leaves no listener on the signal once it has slept (one signal serves every retry of a request)', async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      for (let i = 0; i < 20; i++) {
        const sleeping = sleep(100, controller.signal);
        expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(100);
        await sleeping;
      }
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves no listener on the signal once an abort has ended it either', async () => {
    const controller = new AbortController();
    const sleeping = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('resolves normally and ignores an abort that comes after it', async () => {
    const controller = new AbortController();
    await sleep(5, controller.signal);
    controller.abort(new Error('late'));
    expect(controller.signal.aborted).toBe(true);
  });
});

/** The one retry loop: throttling, DeleteConflict, propagation and the response PUT all rely on these rules. */
describe('retry', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const retryable = new Error('retryable');
  const fatal = new Error('fatal');
  /** An attempt failing with `failures` in turn, then resolving 'done'; records when each attempt started (ms). */
  function attempts(...failures: unknown[]) {
    const at: number[] = [];
    const numbers: number[] = [];
    const started = Date.now();
    const attempt = async (n: number) => {
      at.push(Date.now() - started);
      numbers.push(n);
      if (failures.length > 0) throw failures.shift();
      return 'done';
    };
    return { attempt, at, numbers };
  }
  const options = (overrides: Partial<RetryOptions> = {}): RetryOptions => ({
    delay: () => 100,
    retryable: (error) => error === retryable,
    giveUpAt: Date.now() + 60_000,
    ...overrides,
  });

  it('makes the first attempt at once and resolves its value, without a retry', async () => {
    const run = attempts();
    const onRetry = vi.fn();
    await expect(retry(run.attempt, options({ onRetry }))).resolves.toBe('done');
    expect(run.numbers).toEqual([0]);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('retries a retryable failure after the delay given for that retry, numbering attempts from 0', async () => {
    const delay = vi.fn((n: number) => 100 * (n + 1));
    const run = await onFakeTime(async () => {
      const r = attempts(retryable, retryable);
      await expect(retry(r.attempt, options({ delay }))).resolves.toBe('done');
      return r;
    });
    expect(run.numbers).toEqual([0, 1, 2]);
    expect(run.at).toEqual([0, 100, 300]);
    expect(delay.mock.calls).toEqual([
      [0, 0],
      [1, 100],
    ]);
  });

  it('throws a failure that is not retryable as it is, at once, even after retryable ones', async () => {
    const run = attempts(retryable, fatal, retryable);
    const giveUp = vi.fn(() => new Error('gave up'));
    await expect(onFakeTime(() => retry(run.attempt, options({ giveUp })))).rejects.toBe(fatal);
    expect(run.numbers).toEqual([0, 1]);
    expect(giveUp).not.toHaveBeenCalled();
  });

  it('starts no retry that would not answer by giveUpAt: exactly reached gives up, one ms more retries', async () => {
    for (const [spare, tries] of [
      [0, 1],
      [1, 2],
    ] as const) {
      const run = await onFakeTime(async () => {
        const r = attempts(retryable, retryable);
        const giveUpAt = Date.now() + 100 + 50 + spare; // the delay, then what the next attempt needs
        await retry(r.attempt, options({ giveUpAt, attemptNeeds: () => 50 })).catch(() => undefined);
        return r;
      });
      expect(run.numbers).toHaveLength(tries);
    }
  });

  it('asks attemptNeeds with how long the last attempt took', async () => {
    const attemptNeeds = vi.fn(() => 0);
    await onFakeTime(() =>
      retry(async (n) => {
        if (n > 0) return 'done';
        await new Promise((resolve) => setTimeout(resolve, 70));
        throw retryable;
      }, options({ attemptNeeds })),
    );
    expect(attemptNeeds).toHaveBeenCalledWith(70);
  });

  it('makes at most maxAttempts attempts', async () => {
    const run = attempts(retryable, retryable, retryable);
    await expect(onFakeTime(() => retry(run.attempt, options({ maxAttempts: 2 })))).rejects.toBe(retryable);
    expect(run.numbers).toEqual([0, 1]);
  });

  it('gives up at once when the signal is already aborted, and stops sleeping when it aborts meanwhile', async () => {
    const aborted = new AbortController();
    aborted.abort(new Error('deadline'));
    const first = attempts(retryable);
    await expect(retry(first.attempt, options({ signal: aborted.signal }))).rejects.toBe(retryable);
    expect(first.numbers).toEqual([0]);

    const controller = new AbortController();
    const second = attempts(retryable);
    const running = retry(second.attempt, options({ delay: () => 10_000, signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('stop')), 5);
    await expect(running).rejects.toThrow('stop');
    expect(second.numbers).toEqual([0]);
  });

  it('runs onRetry before each retry with the state, and waits for it (work that clears the way)', async () => {
    const seen: RetryState[] = [];
    const order: string[] = [];
    await onFakeTime(async () => {
      const run = attempts(retryable, retryable);
      await retry(
        async (n) => {
          order.push(`attempt ${n}`);
          return run.attempt(n);
        },
        options({
          async onRetry(state) {
            seen.push(state);
            await new Promise((resolve) => setTimeout(resolve, 10));
            order.push(`cleared ${state.attempts}`);
          },
        }),
      );
    });
    expect(order).toEqual(['attempt 0', 'cleared 1', 'attempt 1', 'cleared 2', 'attempt 2']);
    expect(seen).toEqual([
      { attempts: 1, elapsedMs: 0, delayMs: 100, error: retryable },
      { attempts: 2, elapsedMs: 110, delayMs: 100, error: retryable },
    ]);
  });

  it('throws what giveUp makes of the last state when retries run out (by default the last error)', async () => {
    const last = new Error('last');
    const run = attempts(retryable, last);
    const giveUp = vi.fn((state: RetryState) => new Error(`gave up after ${state.attempts}`));
    const all = options({ retryable: () => true, maxAttempts: 2, giveUp });
    await expect(onFakeTime(() => retry(run.attempt, all))).rejects.toThrow('gave up after 2');
    expect(giveUp).toHaveBeenCalledWith({ attempts: 2, elapsedMs: 100, delayMs: 100, error: last });
    const plain = attempts(retryable, last);
    const noGiveUp = options({ retryable: () => true, maxAttempts: 2 });
    await expect(onFakeTime(() => retry(plain.attempt, noGiveUp))).rejects.toBe(last);
  });
});
