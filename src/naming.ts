/**
 * Role names and paths. A generated name is deterministic for one resource, differs between
 * stacks, accounts and regions (the StackId carries all three), is at most 64
 * characters, and changes whenever a property that replaces the role changes.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from './errors.js';
import type { StackContext } from './stack.js';

/** The values whose change replaces the role, e.g. { ApplicationId, RolePath, RoleName }. */
export type Binding = Readonly<Record<string, string>>;

function digest(...parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function canonical(binding: Binding): string {
  return JSON.stringify(Object.entries(binding).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Short fingerprint of a binding, stored on the role as a tag. */
export function bindingFingerprint(binding: Binding): string {
  return digest(canonical(binding)).slice(0, 16);
}

export const MAX_ROLE_NAME = 64;

/** `<stack name>-<logical id>-<hash>`, each readable part cut so the whole fits 64 characters. */
export function generatedRoleName(stack: StackContext, binding: Binding): string {
  const hash = digest(stack.stackId, stack.logicalId, canonical(binding)).slice(0, 12);
  const name = `${stack.stackName.slice(0, 24)}-${stack.logicalId.slice(0, 25)}-${hash}`;
  return name.slice(0, MAX_ROLE_NAME);
}

/** The binding keys whose values differ between two bindings. */
export function changedKeys(before: Binding, after: Binding): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => before[key] !== after[key]).sort();
}

/** IAM's limit on a role path. */
export const MAX_ROLE_PATH = 512;

/** `/<prefix>/<region>/`: every role of this deployment in this Region lives under it. */
export function managedPath(prefix: string, region: string): string {
  return `/${prefix}/${region}/`;
}

/** The template's RolePath (`/` or `/team/`) nested below the managed path. */
export function rolePathUnder(managed: string, rolePath: string): string {
  const path = `${managed}${rolePath.slice(1)}`;
  if (path.length > MAX_ROLE_PATH) {
    throw new ValidationError(
      'RolePath',
      `is nested below ${managed}; the whole path must be at most ${MAX_ROLE_PATH} characters`,
    );
  }
  return path;
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
