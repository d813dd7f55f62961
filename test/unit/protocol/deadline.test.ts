import { afterEach, describe, expect, it, vi } from 'vitest';
import { responseReserve, withDeadline } from '../../../src/protocol/deadline.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('withDeadline', () => {
  it('resolves with the work result when the work finishes first', async () => {
    const onDeadline = vi.fn(() => 'late');
    await expect(withDeadline(async () => 'done', Date.now() + 1_000, onDeadline)).resolves.toBe('done');
    expect(onDeadline).not.toHaveBeenCalled();
  });

  it('rejects with the work error when the work fails first', async () => {
    await expect(
      withDeadline(
        async () => Promise.reject(new Error('work failed')),
        Date.now() + 1_000,
        () => 'late',
      ),
    ).rejects.toThrow('work failed');
  });

  it('answers with onDeadline() at the deadline and aborts the work signal', async () => {
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const result = await withDeadline(
      (signal) => {
        seen = signal;
        return new Promise<string>(() => undefined);
      },
      started + 50,
      () => 'timed out',
    );
    expect(result).toBe('timed out');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(seen?.aborted).toBe(true);
  });

  it("the work's signal says why it was aborted: 'deadline reached', or 'request finished' once answered", async () => {
    vi.useFakeTimers();
    let late: AbortSignal | undefined;
    const timedOut = withDeadline(
      (signal) => {
        late = signal;
        return new Promise<string>(() => undefined);
      },
      Date.now() + 50,
      () => 'timed out',
    );
    await vi.advanceTimersByTimeAsync(50);
    await expect(timedOut).resolves.toBe('timed out');
    expect((late!.reason as Error).message).toBe('deadline reached');
    let done: AbortSignal | undefined;
    await withDeadline(
      async (signal) => {
        done = signal;
        return 'done';
      },
      Date.now() + 1_000,
      () => 'late',
    );
    expect(done?.aborted).toBe(true);
    expect((done!.reason as Error).message).toBe('request finished');
  });

  it('the signal is not aborted while the work runs before the deadline', async () => {
    await withDeadline(
      async (signal) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(signal.aborted).toBe(false);
      },
      Date.now() + 1_000,
      () => undefined,
    );
  });

  it('a deadline already past answers at once', async () => {
    await expect(
      withDeadline(
        () => new Promise<string>(() => undefined),
        Date.now() - 1_000,
        () => 'past',
      ),
    ).resolves.toBe('past');
  });

  it('a rejection of the work after the deadline is not an unhandled rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      let rejectLate!: (error: Error) => void;
      const result = await withDeadline(
        () => new Promise<string>((_resolve, reject) => (rejectLate = reject)),
        Date.now() + 10,
        () => 'timed out',
      );
      expect(result).toBe('timed out');
      rejectLate(new Error('late failure'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('does not call onDeadline after the work has finished (timer cleared)', async () => {
    vi.useFakeTimers();
    const onDeadline = vi.fn(() => 'late');
    await expect(withDeadline(async () => 'done', Date.now() + 1_000, onDeadline)).resolves.toBe('done');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onDeadline).not.toHaveBeenCalled();
  });

  it('a work function that throws synchronously leaves no deadline timer behind', async () => {
    vi.useFakeTimers();
    const onDeadline = vi.fn(() => 'late');
    const work = (): Promise<string> => {
      throw new Error('sync failure');
    };
    await expect(Promise.resolve().then(() => withDeadline(work, Date.now() + 1_000, onDeadline))).rejects.toThrow(
      'sync failure',
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onDeadline).not.toHaveBeenCalled();
  });
});

describe('responseReserve', () => {
  it.each([
    [900_000, 20_000], // 15 min: capped at 20 s
    [300_000, 20_000],
    [100_000, 10_000], // 10 %
    [60_000, 6_000],
    [20_000, 2_000], // floor 2 s
    [10_000, 2_000],
    [3_000, 1_500], // never more than half
    [1_000, 500],
    [0, 0],
  ])('remaining %d ms keeps %d ms for the response', (remaining, reserve) => {
    expect(responseReserve(remaining)).toBe(reserve);
  });

  it('is within its bounds for any remaining time', () => {
    for (let remaining = 0; remaining <= 900_000; remaining += 997) {
      const reserve = responseReserve(remaining);
      expect(reserve).toBeLessThanOrEqual(20_000);
      expect(reserve).toBeLessThanOrEqual(remaining / 2);
      expect(reserve).toBeGreaterThanOrEqual(Math.min(2_000, remaining / 2));
      expect(reserve).toBeGreaterThanOrEqual(0);
    }
  });
});
