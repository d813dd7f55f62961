import { describe, expect, it, vi } from 'vitest';
import { DeadlineError } from '../../src/errors.js';
import { PROPAGATION_BACKOFF, retryWhilePropagating } from '../../src/propagation.js';
import { awsContext, captureLogger, mockedClients } from './fixtures.js';

class Propagating extends Error {
  override name = 'Propagating';
}
const isPropagation = (error: unknown) => error instanceof Propagating;
const TINY = { baseMs: 5, capMs: 20 };

function ctx(overrides: Parameters<typeof awsContext>[2] = {}) {
  return awsContext(mockedClients().clients, captureLogger(), overrides);
}

describe('retryWhilePropagating', () => {
  it('makes the first attempt immediately (no sleep before it)', () => {
    const attempt = vi.fn(async () => 'ok');
    void retryWhilePropagating(ctx(), 'svc:Call', attempt, isPropagation, TINY);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('returns the first success', async () => {
    await expect(retryWhilePropagating(ctx(), 'svc:Call', async () => 42, isPropagation, TINY)).resolves.toBe(42);
  });

  it('retries while the predicate says "propagating", then returns the success', async () => {
    const attempt = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Propagating('not yet'))
      .mockRejectedValueOnce(new Propagating('not yet'))
      .mockResolvedValue('ok');
    await expect(retryWhilePropagating(ctx(), 'svc:Call', attempt, isPropagation, TINY)).resolves.toBe('ok');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('does not retry any other error', async () => {
    const other = new Error('AccessDenied');
    const attempt = vi.fn<() => Promise<string>>().mockRejectedValue(other);
    await expect(retryWhilePropagating(ctx(), 'svc:Call', attempt, isPropagation, TINY)).rejects.toBe(other);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('does not retry a non-propagation error that follows propagation errors', async () => {
    const other = new Error('ValidationException');
    const attempt = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Propagating('x')).mockRejectedValue(other);
    await expect(retryWhilePropagating(ctx(), 'svc:Call', attempt, isPropagation, TINY)).rejects.toBe(other);
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('stops before the work deadline with a DeadlineError naming the call and the last error', async () => {
    const started = Date.now();
    const attempt = vi.fn<() => Promise<string>>().mockRejectedValue(new Propagating('role not usable'));
    const error = await retryWhilePropagating(ctx({ workDeadline: started + 150 }), 'mobiletargeting:PutEventStream', attempt, isPropagation, TINY).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toContain('mobiletargeting:PutEventStream');
    expect((error as Error).message).toContain('role not usable');
    expect((error as Error).message).toMatch(/IAM propagation/);
    expect(Date.now()).toBeLessThan(started + 150);
    expect(attempt.mock.calls.length).toBeGreaterThan(2);
  });

  it('with the deadline already reached, makes one attempt and gives up without sleeping', async () => {
    const attempt = vi.fn<() => Promise<string>>().mockRejectedValue(new Propagating('x'));
    const started = Date.now();
    await expect(retryWhilePropagating(ctx({ workDeadline: started }), 'svc:Call', attempt, isPropagation)).rejects.toBeInstanceOf(DeadlineError);
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('does not start a sleep that would end past the deadline', async () => {
    // Default policy: the first retry waits >= 250 ms, the deadline is 100 ms away.
    const attempt = vi.fn<() => Promise<string>>().mockRejectedValue(new Propagating('x'));
    const started = Date.now();
    await expect(retryWhilePropagating(ctx({ workDeadline: started + 100 }), 'svc:Call', attempt, isPropagation, PROPAGATION_BACKOFF)).rejects.toBeInstanceOf(
      DeadlineError,
    );
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const attempt = vi.fn<() => Promise<string>>().mockRejectedValue(new Propagating('x'));
    const running = retryWhilePropagating(ctx({ signal: controller.signal }), 'svc:Call', attempt, isPropagation, { baseMs: 5_000, capMs: 5_000 });
    setTimeout(() => controller.abort(new Error('deadline reached')), 20);
    const started = Date.now();
    await expect(running).rejects.toThrow('deadline reached');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('uses capped exponential backoff between attempts (no fixed sleep)', async () => {
    vi.useFakeTimers();
    try {
      const times: number[] = [];
      const attempt = vi.fn(async () => {
        times.push(Date.now());
        if (times.length < 5) throw new Propagating('x');
        return 'ok';
      });
      const running = retryWhilePropagating(ctx({ workDeadline: Date.now() + 600_000 }), 'svc:Call', attempt, isPropagation, { baseMs: 1_000, capMs: 4_000 });
      await vi.advanceTimersByTimeAsync(60_000);
      await expect(running).resolves.toBe('ok');
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      const steps = [1_000, 2_000, 4_000, 4_000];
      gaps.forEach((gap, i) => {
        expect(gap).toBeGreaterThanOrEqual((steps[i] as number) / 2);
        expect(gap).toBeLessThanOrEqual(steps[i] as number);
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('PROPAGATION_BACKOFF is capped exponential (base below cap)', () => {
    expect(PROPAGATION_BACKOFF.baseMs).toBeGreaterThan(0);
    expect(PROPAGATION_BACKOFF.capMs).toBeGreaterThan(PROPAGATION_BACKOFF.baseMs);
  });
});
