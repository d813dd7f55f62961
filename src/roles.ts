/**
 * Role identity: where a role of this deployment lives (the managed path), what it is called
 * (generated names), how its ARN reads, and whose it is (the ownership tags). The one module
 * that says which role belongs to which stack resource of which deployment.
 *
 * A generated name is deterministic for one resource, differs between stacks, accounts and
 * Regions (the StackId carries all three), is at most 64 characters, and changes whenever a
 * property that replaces the role changes. A role is this resource's when its tags name this
 * product, the stack and the logical id, and either this deployment or none (roles made before
 * 3.0 carry no deployment tag: an Update adds it).
 */
import type { Deployment } from './config.js';
import { ValidationError } from './errors.js';
import { MANAGED_BY_VALUE, TAG_KEYS, TAG_PREFIX } from './names.js';
import { digest } from './naming.js';
import type { RoleProperties, Tag } from './properties.js';
import type { StackContext } from './stack.js';

/** Where a role is looked for: the event's stack and the deployment's settings. */
export interface RoleScope {
  readonly stack: StackContext;
  readonly deployment: Deployment;
}

/** The values whose change replaces the role, e.g. { ApplicationId, RolePath, RoleName }. */
export type Binding = Readonly<Record<string, string>>;

/** A role of this deployment, named by a physical id. */
export interface RoleRef {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
}

export interface RoleTag {
  readonly Key?: string;
  readonly Value?: string;
}

export const MAX_ROLE_NAME = 64;
/** IAM's limit on a role path. */
export const MAX_ROLE_PATH = 512;

/** `/<prefix>/<region>/`: every role of this deployment in this Region lives under it. */
export function managedPath(scope: RoleScope): string {
  return `/${scope.deployment.managedPathPrefix}/${scope.stack.region}/`;
}

/** The template's RolePath (`/` or `/team/`) nested below the managed path. */
export function rolePathOf(scope: RoleScope, role: RoleProperties): string {
  const managed = managedPath(scope);
  const path = `${managed}${role.rolePath.slice(1)}`;
  if (path.length > MAX_ROLE_PATH) {
    throw new ValidationError(
      'RolePath',
      `is nested below ${managed}; the whole path must be at most ${MAX_ROLE_PATH} characters`,
    );
  }
  return path;
}

/** What replaces the role: the kind's binding, the full role path and RoleName. */
export function roleBinding(scope: RoleScope, binding: Binding, role: RoleProperties): Binding {
  return { ...binding, RolePath: rolePathOf(scope, role), RoleName: role.roleName ?? '' };
}

function canonical(binding: Binding): string {
  return JSON.stringify(Object.entries(binding).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Short fingerprint of a binding, stored on the role as a tag. */
export function bindingFingerprint(binding: Binding): string {
  return digest(canonical(binding)).slice(0, 16);
}

/** The binding keys whose values differ between two bindings. */
export function changedKeys(before: Binding, after: Binding): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => before[key] !== after[key]).sort();
}

/** `<stack name>-<logical id>-<hash>`, each readable part cut so the whole fits 64 characters. */
export function generatedRoleName(stack: StackContext, binding: Binding): string {
  const hash = digest(stack.stackId, stack.logicalId, canonical(binding)).slice(0, 12);
  const name = `${stack.stackName.slice(0, 24)}-${stack.logicalId.slice(0, 25)}-${hash}`;
  return name.slice(0, MAX_ROLE_NAME);
}

/** The role's name: RoleName, or one generated from the binding. */
export function roleNameOf(scope: RoleScope, binding: Binding, role: RoleProperties): string {
  return role.roleName ?? generatedRoleName(scope.stack, roleBinding(scope, binding, role));
}

export function roleArn(stack: StackContext, path: string, name: string): string {
  return `arn:${stack.partition}:iam::${stack.account}:role${path}${name}`;
}

const ROLE_RESOURCE = /^role(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

/** `{path, name}` of a role ARN in the stack's partition and account, or undefined. */
export function parseRoleArn(stack: StackContext, value: unknown): { path: string; name: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const prefix = `arn:${stack.partition}:iam::${stack.account}:`;
  const m = value.startsWith(prefix) ? ROLE_RESOURCE.exec(value.slice(prefix.length)) : null;
  return m ? { path: m[1] as string, name: m[2] as string } : undefined;
}

/** The role a physical id names, when it is a role of this account under this deployment's managed path. */
export function managedRole(scope: RoleScope, physicalResourceId: unknown): RoleRef | undefined {
  const ref = parseRoleArn(scope.stack, physicalResourceId);
  if (!ref?.path.startsWith(managedPath(scope))) return undefined;
  return { arn: physicalResourceId as string, ...ref };
}

/** The tags that make a role this resource's (and this deployment's, when it has an id). */
export function ownershipTags(scope: RoleScope, bindingTag: string): Tag[] {
  const { stack, deployment } = scope;
  return [
    { Key: TAG_KEYS.managedBy, Value: MANAGED_BY_VALUE },
    { Key: TAG_KEYS.stackId, Value: stack.stackId },
    { Key: TAG_KEYS.logicalId, Value: stack.logicalId },
    { Key: TAG_KEYS.binding, Value: bindingTag },
    ...(deployment.deploymentId === undefined ? [] : [{ Key: TAG_KEYS.deployment, Value: deployment.deploymentId }]),
  ];
}

function tagValue(tags: readonly RoleTag[], key: string): string | undefined {
  return tags.find((tag) => tag.Key === key)?.Value;
}

/**
 * Why a role with these tags is not this resource's, or undefined when it is: made by this
 * product for this stack's logical resource, by this deployment or (made before 3.0) by none.
 */
export function notOwnedBecause(tags: readonly RoleTag[], scope: RoleScope): string | undefined {
  const { stack, deployment } = scope;
  const ours =
    tagValue(tags, TAG_KEYS.managedBy) === MANAGED_BY_VALUE &&
    tagValue(tags, TAG_KEYS.stackId) === stack.stackId &&
    tagValue(tags, TAG_KEYS.logicalId) === stack.logicalId;
  if (!ours) return `its ${TAG_PREFIX}* tags do not name stack resource ${stack.logicalId}`;
  const madeBy = tagValue(tags, TAG_KEYS.deployment);
  if (madeBy !== undefined && madeBy !== deployment.deploymentId) {
    return `it belongs to deployment ${madeBy}, not ${deployment.deploymentId ?? 'this one'}`;
  }
  return undefined;
}

export function isOwnedBy(tags: readonly RoleTag[], scope: RoleScope): boolean {
  return notOwnedBecause(tags, scope) === undefined;
}

/** The binding fingerprint a role carries. */
export function bindingOf(tags: readonly RoleTag[]): string | undefined {
  return tagValue(tags, TAG_KEYS.binding);
}
