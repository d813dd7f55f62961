/**
 * Create, Update and Delete, written once for every resource kind.
 *
 * Create and Update both "converge": make the role exist with the right trust,
 * tags and boundary (adopting it if this resource already made it, so a redelivered
 * event ends in the same state), put the inline policy, then point the service
 * resource at the role, retrying only while IAM propagates.
 */
import type { AwsContext } from './aws/call.js';
import { createRole, deleteRole, getRole, putPolicy, setBoundary, syncTags, updateTrust, type RoleSpec, type RoleState } from './aws/iam.js';
import { describe, OwnershipError, ValidationError } from './errors.js';
import { bindingFingerprint, changedKeys, generatedRoleName, type Binding } from './naming.js';
import { bindingOf, isOwnedBy, ownershipTags, TAG_PREFIX } from './ownership.js';
import { retryWhilePropagating } from './propagation.js';
import type { RoleProperties } from './properties.js';
import type { Data } from './protocol/types.js';
import type { ResourceKind } from './resources/kind.js';
import { parseRoleArn, roleArn, type StackContext } from './stack.js';

/** What the work has got to; read when the deadline answers for it. */
export interface Progress {
  physicalResourceId: string;
  /** Name of a role this invocation created (so a failure can remove it again). */
  createdRole?: string;
}

export interface Work {
  readonly ctx: AwsContext;
  readonly stack: StackContext;
  readonly progress: Progress;
}

export interface Result {
  readonly physicalResourceId: string;
  readonly data: Data;
}

/** A kind together with properties it parsed. */
export interface Parsed<P extends RoleProperties = RoleProperties> {
  readonly kind: ResourceKind<P>;
  readonly props: P;
}

function fullBinding({ kind, props }: Parsed): Binding {
  return { ...kind.binding(props), RolePath: props.rolePath, RoleName: props.roleName ?? '' };
}

/** The role name for these properties: RoleName, or one generated from the binding. */
export function roleNameFor(parsed: Parsed, stack: StackContext): string {
  return parsed.props.roleName ?? generatedRoleName(stack, fullBinding(parsed));
}

export async function create(work: Work, parsed: Parsed): Promise<Result> {
  const name = roleNameFor(parsed, work.stack);
  // Known before any call, so a FAILED answer (even at the deadline) names the role a Delete must clean up.
  work.progress.physicalResourceId = roleArn(work.stack, parsed.props.rolePath, name);
  return undoRoleOnFailure(work, () => converge(work, parsed, name, undefined));
}

export async function update(work: Work, parsed: Parsed, previous: Parsed | undefined, physicalResourceId: string): Promise<Result> {
  const current = parseRoleArn(work.stack, physicalResourceId);
  const binding = fullBinding(parsed);
  const changed = previous ? changedKeys(fullBinding(previous), binding) : ['OldResourceProperties'];
  if (current && changed.length === 0) {
    return converge(work, parsed, current.name, previous);
  }
  const name = roleNameFor(parsed, work.stack);
  if (current?.name === name) {
    // Same role name although the role must be replaced: only fine when the role already
    // is the one these properties describe (CloudFormation rolling back a failed update).
    const role = await getRole(work.ctx, name);
    if (!role || bindingOf(role.tags) !== bindingFingerprint(binding)) {
      throw new ValidationError(
        'RoleName',
        `changing ${changed.join(', ')} replaces the role, but RoleName keeps the name "${name}"; ` +
          'give a new RoleName in the same update, or remove RoleName to have one generated',
      );
    }
    return converge(work, parsed, name, previous);
  }
  return undoRoleOnFailure(work, () => converge(work, parsed, name, undefined));
}

export async function remove(work: Work, parsed: Parsed | undefined, physicalResourceId: string): Promise<void> {
  const { ctx, stack } = work;
  const ref = parseRoleArn(stack, physicalResourceId);
  if (!ref) {
    ctx.log.log('info', 'nothing to delete: the physical id is not a role of this account', { physicalResourceId });
    return;
  }
  const role = await getRole(ctx, ref.name);
  if (!role) {
    ctx.log.log('info', 'role already gone; nothing else is touched', { role: ref.name });
    return;
  }
  if (role.arn !== physicalResourceId || !isOwnedBy(role.tags, stack)) {
    ctx.log.log('warn', 'role is not owned by this resource; left alone', { role: role.arn });
    return;
  }
  const target = parsed?.kind.target;
  if (parsed && target) {
    const current = await target.current(ctx, parsed.props);
    if (current.exists && current.roleArn === role.arn) await target.remove(ctx, parsed.props);
    else ctx.log.log('info', `${target.describe(parsed.props)} does not use this role; left alone`, { usesRole: current.roleArn });
  }
  await deleteRole(ctx, role.name);
}

/** Runs a create-like step; if it fails, deletes the role this invocation created (best effort). */
async function undoRoleOnFailure(work: Work, step: () => Promise<Result>): Promise<Result> {
  try {
    return await step();
  } catch (error) {
    const created = work.progress.createdRole;
    if (created !== undefined && !work.ctx.signal.aborted) {
      await deleteRole(work.ctx, created).then(
        () => work.ctx.log.log('info', 'removed the role this failed request created', { role: created }),
        (undo) => work.ctx.log.log('error', 'could not remove the role this failed request created', { role: created, error: describe(undo) }),
      );
    }
    throw error;
  }
}

async function converge(work: Work, parsed: Parsed, name: string, previous: Parsed | undefined): Promise<Result> {
  const { ctx, stack } = work;
  const { kind, props } = parsed;
  const spec: RoleSpec = {
    name,
    path: props.rolePath,
    trust: kind.trustPolicy(props, stack),
    tags: [...ownershipTags(stack, bindingFingerprint(fullBinding(parsed))), ...props.tags],
    permissionsBoundary: props.permissionsBoundary,
  };
  let role = await getRole(ctx, name);
  if (!role) {
    const arn = await createRole(ctx, spec);
    if (arn !== undefined) {
      work.progress.createdRole = name;
      role = { arn, name, path: spec.path, tags: spec.tags, permissionsBoundary: spec.permissionsBoundary };
    } else {
      role = await getRole(ctx, name); // created meanwhile by someone else: check it below
      if (!role) throw new OwnershipError(`role ${name} exists but cannot be read`);
    }
  }
  if (work.progress.createdRole !== name) await adopt(work, role, spec, previous);
  await putPolicy(ctx, name, kind.permissionsPolicy(props, stack));
  if (kind.target) await pointTargetAt(work, parsed, role.arn);
  return { physicalResourceId: role.arn, data: { RoleArn: role.arn, RoleName: role.name, ...kind.data(props) } };
}

/** Brings an existing role of ours in line with the template; refuses roles we do not own. */
async function adopt(work: Work, role: RoleState, wanted: RoleSpec, previous: Parsed | undefined): Promise<void> {
  const { ctx, stack } = work;
  if (!isOwnedBy(role.tags, stack)) {
    throw new OwnershipError(
      `RoleName ${role.name}: a role of that name exists and is not owned by this resource ` +
        `(its ${TAG_PREFIX}* tags do not name stack resource ${stack.logicalId}); choose another RoleName`,
    );
  }
  if (role.path !== wanted.path) {
    throw new ValidationError('RolePath', `role ${role.name} exists with path ${role.path}; a role's path cannot change`);
  }
  const keep = new Set(wanted.tags.map((tag) => tag.Key.toLowerCase()));
  const removed = (previous?.props.tags ?? []).map((tag) => tag.Key).filter((key) => !keep.has(key.toLowerCase()));
  await updateTrust(ctx, role.name, wanted.trust);
  await syncTags(ctx, role.name, wanted.tags, removed);
  await setBoundary(ctx, role, wanted.permissionsBoundary);
}

/** Points the service resource at the role, refusing to take over one this resource does not own. */
async function pointTargetAt<P extends RoleProperties>(work: Work, { kind, props }: Parsed<P>, arn: string): Promise<void> {
  const target = kind.target;
  if (!target) return;
  const { ctx } = work;
  const current = await target.current(ctx, props);
  if (current.exists && current.roleArn !== arn && !kind.replaceExisting(props) && !(await isOurs(work, current.roleArn))) {
    throw new OwnershipError(
      `${target.describe(props)} already exists and is not owned by this resource (it uses ${current.roleArn ?? 'no role'}); ` +
        'set ReplaceExistingStream to "true" to replace it',
    );
  }
  try {
    await retryWhilePropagating(ctx, target.applyCall(current.exists), () => target.apply(ctx, props, arn, current.exists), target.isPropagationError);
  } catch (error) {
    throw target.explain(error, props);
  }
}

/** True when `arn` is a role this stack resource made (an earlier role of the same resource). */
async function isOurs(work: Work, arn: string | undefined): Promise<boolean> {
  const ref = parseRoleArn(work.stack, arn);
  const role = ref && (await getRole(work.ctx, ref.name));
  return !!role && role.arn === arn && isOwnedBy(role.tags, work.stack);
}
