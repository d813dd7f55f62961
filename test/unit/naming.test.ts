import { describe, expect, it } from 'vitest';
import { digest, fitName } from '../../src/naming.js';

describe('digest', () => {
  it('is the hex SHA-256 of the JSON-encoded parts, stable across releases (pinned)', () => {
    expect(digest('a', 'b')).toMatch(/^[0-9a-f]{64}$/);
    expect(digest('a', 'b')).toBe(digest('a', 'b'));
    expect(digest('MyEventStream').slice(0, 8)).toBe('45d2ca24');
  });

  it('does not confuse parts that concatenate alike', () => {
    expect(digest('ab', 'c')).not.toBe(digest('a', 'bc'));
    expect(digest('abc')).not.toBe(digest('ab', 'c'));
  });
});

describe('fitName', () => {
  it('keeps a short value and a value of exactly the maximum', () => {
    expect(fitName('MyEventStream', 64)).toBe('MyEventStream');
    expect(fitName('x'.repeat(64), 64)).toBe('x'.repeat(64));
    expect(fitName('', 64)).toBe('');
  });

  it('shortens a longer value to a prefix, "-" and 8 hex characters: exactly the maximum', () => {
    const value = `${'abcdefghij'.repeat(6)}klmnopq`; // 67 characters
    const name = fitName(value, 64);
    expect(name).toHaveLength(64);
    expect(name).toMatch(new RegExp(`^${value.slice(0, 55)}-[0-9a-f]{8}$`));
  });

  it('shortens a value one over the maximum, for any maximum', () => {
    expect(fitName('L'.repeat(65), 64)).toBe(`${'L'.repeat(55)}-f8d945de`);
    const short = fitName('abcdefghijklmnopqrstu', 20);
    expect(short).toHaveLength(20);
    expect(short).toMatch(/^abcdefghijk-[0-9a-f]{8}$/);
  });

  it('is deterministic', () => {
    const long = 'L'.repeat(200);
    expect(fitName(long, 64)).toBe(fitName(long, 64));
  });

  it('different long values with the same prefix differ', () => {
    expect(fitName(`${'L'.repeat(100)}A`, 64)).not.toBe(fitName(`${'L'.repeat(100)}B`, 64));
  });
});
