/**
 * Names derived by hashing: deterministic, so the same resource gets the same name on every
 * delivery of its events.
 */
import { createHash } from 'node:crypto';

/** Hex SHA-256 of the parts (JSON-encoded, so parts cannot run into each other). */
export function digest(...parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * A default name that must fit a service limit: `value` itself when short enough, else a
 * prefix of it, `-` and 8 hex characters of its hash. Deterministic, at most `max` characters.
 */
export function fitName(value: string, max: number): string {
  if (value.length <= max) return value;
  const hash = digest(value).slice(0, 8);
  return `${value.slice(0, max - hash.length - 1)}-${hash}`;
}
