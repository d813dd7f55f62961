import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { type BackoffPolicy, backoffDelay, sleep } from '../../src/backoff.js';

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

  it('leaves no listener on the signal once it has slept (one work signal serves every retry of a request)', async () => {
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
