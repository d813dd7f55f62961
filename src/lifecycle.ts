/**
 * Create, Update and Delete, written once for every resource kind, against a Plan.
 *
 * Create and Update both converge: make the role exist under the managed path with the right
 * trust, tags and boundary (adopting it if this resource already made it, so a redelivered
 * event ends in the same state), put the inline policy, then point the service resource at
 * the role, retrying only while IAM propagates.
 */
import { type AwsContext, isClientError } from './aws/call.js';
import {
  createRole,
  deleteRole,
  getRole,
  putPolicy,
  type RoleSpec,
  type RoleState,
  tagRole,
  untagRole,
  updateTrust,
} from './aws/iam.js';
import { describe, OwnershipError, ValidationError } from './errors.js';
import { samePolicy } from './policies.js';
import { type PropagationWait, retryWhilePropagating } from './propagation.js';
import type { Data } from './protocol/types.js';
import type { Plan, Target, TargetState } from './resources/kind.js';
import {
  bindingFingerprint,
  bindingOf,
  changedKeys,
  managedRole,
  notOwnedBecause,
  ownershipTags,
  parseRoleArn,
  type RoleRef,
  type RoleScope,
  roleArn,
  roleBinding,
  roleNameOf,
  rolePathOf,
} from './roles.js';

/**
 * What this request has done so far: written as the work goes, read only by whoever answers
 * (the deadline's FAILED answer names the role a Create was making) and by logs and metrics.
 */
export interface Report {
  physicalResourceId: string;
  /** A role this request created. */
  createdRole?: string;
  /** The wait for IAM propagation, when the service was called. */
  propagation?: PropagationWait;
}

/** One request's work: its AWS context and report, and the scope its roles live in (stack and deployment). */
export interface Work extends RoleScope {
  readonly ctx: AwsContext;
  readonly report: Report;
}

export interface Result {
  readonly physicalResourceId: string;
  readonly data: Data;
}

/** The values whose change replaces the plan's role. */
function bindingOfPlan(work: Work, plan: Plan) {
  return roleBinding(work, plan.binding, plan.role);
}

/** The role name for this plan: RoleName, or one generated from the binding. */
export function roleNameFor(work: Work, plan: Plan): string {
  return roleNameOf(work, plan.binding, plan.role);
}

function roleSpec(work: Work, plan: Plan, name: string): RoleSpec {
  return {
    name,
    path: rolePathOf(work, plan.role),
    trust: plan.trust,
    tags: [...ownershipTags(work, bindingFingerprint(bindingOfPlan(work, plan))), ...plan.role.tags],
    permissionsBoundary: work.deployment.permissionsBoundaryArn,
  };
}

export async function create(work: Work, plan: Plan): Promise<Result> {
  const spec = roleSpec(work, plan, roleNameFor(work, plan));
  // Known before any call, so a FAILED answer (even at the deadline) names the role a Delete must clean up.
  work.report.physicalResourceId = roleArn(work.stack, spec.path, spec.name);
  return converge(work, plan, spec, { createFirst: true });
}

export async function update(
  work: Work,
  plan: Plan,
  previous: Plan | undefined,
  physicalResourceId: string,
): Promise<Result> {
  const current = managedRole(work, physicalResourceId);
  const changed = previous
    ? changedKeys(bindingOfPlan(work, previous), bindingOfPlan(work, plan))
    : ['OldResourceProperties'];
  if (current && changed.length === 0)
    return converge(work, plan, roleSpec(work, plan, current.name), { createFirst: false, previous });
  const spec = roleSpec(work, plan, roleNameFor(work, plan));
  if (current?.name === spec.name) {
    // Same role name although the role must be replaced: only fine when the role already
    // is the one these properties describe (CloudFormation rolling back a failed update).
    const role = await getRole(work.ctx, spec.name);
    if (!role || bindingOf(role.tags) !== bindingFingerprint(bindingOfPlan(work, plan))) {
      throw new ValidationError(
        'RoleName',
        `changing ${changed.join(', ')} replaces the role, but RoleName keeps the name "${spec.name}"; ` +
          'give a new RoleName in the same update, or remove RoleName to have one generated',
      );
    }
    return converge(work, plan, spec, { createFirst: false, previous });
  }
  return converge(work, plan, spec, { createFirst: true });
}

/**
 * Deletes what this resource made: the service resource only while it points at exactly this
 * role (even when the role is already gone), then the role only if its tags say it is ours.
 */
export async function remove(work: Work, plan: Plan | undefined, ref: RoleRef): Promise<void> {
  const { ctx } = work;
  const role = await getRole(ctx, ref.name);
  const notOurs = role && (role.arn !== ref.arn ? `it is ${role.arn}` : notOwnedBecause(role.tags, work));
  if (role && notOurs) {
    ctx.log.log('warn', 'role is not owned by this resource; nothing is touched', { role: role.arn, why: notOurs });
    return;
  }
  if (plan?.target) await removeTargetUsing(ctx, plan.target, ref.arn);
  if (role) await deleteRole(ctx, role.name);
  else ctx.log.log('info', 'role already gone', { role: ref.arn });
}

async function converge(
  work: Work,
  plan: Plan,
  spec: RoleSpec,
  how: { createFirst: boolean; previous?: Plan },
): Promise<Result> {
  const { target } = plan;
  // A takeover the deployment does not allow is refused before any change: the target is read first.
  if (target?.replaceExisting && !work.deployment.allowTakeover) {
    await explained(target, () => refuseTakeover(work, target, roleArn(work.stack, spec.path, spec.name)));
  }
  const role = await ensureRole(work, spec, how);
  try {
    await putPolicy(work.ctx, spec.name, plan.permissions);
    if (plan.target) await pointTargetAt(work, plan.target, role.arn);
  } catch (error) {
    if (role.created) await undoRole(work.ctx, spec.name);
    throw error;
  }
  return { physicalResourceId: role.arn, data: { RoleArn: role.arn, RoleName: spec.name, ...plan.data } };
}

/**
 * Makes the role exist. Create first when it is new (one call instead of a read and a create);
 * otherwise read it and adopt it, and make it again if it was deleted by hand.
 */
async function ensureRole(
  work: Work,
  spec: RoleSpec,
  how: { createFirst: boolean; previous?: Plan },
): Promise<{ arn: string; created: boolean }> {
  const { ctx } = work;
  const made = async () => {
    const arn = await createRole(ctx, spec);
    if (arn !== undefined) work.report.createdRole = spec.name;
    return arn;
  };
  if (how.createFirst) {
    const arn = await made();
    if (arn !== undefined) return { arn, created: true };
  }
  const existing = await getRole(ctx, spec.name);
  if (existing) {
    await adopt(work, existing, spec, how.previous);
    return { arn: existing.arn, created: false };
  }
  if (!how.createFirst) {
    ctx.log.log('warn', 'the role of this resource is gone (deleted by hand?); making it again', { role: spec.name });
    const arn = await made();
    if (arn !== undefined) return { arn, created: true };
  }
  throw new OwnershipError(`role ${spec.name} exists but cannot be read`);
}

/** Brings an existing role of ours in line with the template; refuses roles we do not own. */
async function adopt(work: Work, role: RoleState, wanted: RoleSpec, previous: Plan | undefined): Promise<void> {
  const { ctx } = work;
  const notOurs = notOwnedBecause(role.tags, work);
  if (notOurs) {
    throw new OwnershipError(
      `RoleName ${role.name}: a role of that name exists and is not owned by this resource (${notOurs}); ` +
        'choose another RoleName',
    );
  }
  if (role.path !== wanted.path) {
    throw new ValidationError(
      'RolePath',
      `role ${role.name} exists with path ${role.path}, not ${wanted.path}; ` +
        "a role's path cannot change: give a new RoleName",
    );
  }
  if (role.permissionsBoundary !== wanted.permissionsBoundary) {
    throw new OwnershipError(
      `role ${role.name} has permissions boundary ${role.permissionsBoundary ?? 'none'}, ` +
        `not this deployment's ${wanted.permissionsBoundary ?? 'none'}; ` +
        'the function never changes a boundary: replace the role (give a new RoleName or RolePath)',
    );
  }
  if (!samePolicy(role.trust, wanted.trust)) await updateTrust(ctx, role.name, wanted.trust);
  const has = new Map(role.tags.map((tag) => [tag.Key, tag.Value]));
  if (wanted.tags.some((tag) => has.get(tag.Key) !== tag.Value)) await tagRole(ctx, role.name, wanted.tags);
  const keep = new Set(wanted.tags.map((tag) => tag.Key.toLowerCase()));
  const onRole = new Set(role.tags.map((tag) => tag.Key?.toLowerCase()));
  const removed = (previous?.role.tags ?? [])
    .map((tag) => tag.Key)
    .filter((key) => !keep.has(key.toLowerCase()) && onRole.has(key.toLowerCase()));
  if (removed.length > 0) await untagRole(ctx, role.name, removed);
}

/** Points the service resource at the role, refusing to take over one this resource does not own. */
async function pointTargetAt(work: Work, target: Target, arn: string): Promise<void> {
  const { ctx } = work;
  await explained(target, async () => {
    const current = await refuseTakeover(work, target, arn);
    const write = target.write(current);
    await retryWhilePropagating(ctx, {
      call: write.call,
      attempt: () => write.attempt(ctx, arn),
      isPropagationError: target.isPropagationError,
      timeoutMs: work.deployment.propagationTimeoutMs,
      progress: (wait) => {
        work.report.propagation = wait;
      },
    });
  });
}

/**
 * The target as it is now, unless using `arn` would take it over from a role this resource cannot
 * prove is its own: that is refused unless ReplaceExistingStream asks for it and the deployment
 * allows takeover (AllowTakeover).
 */
async function refuseTakeover(work: Work, target: Target, arn: string): Promise<TargetState | undefined> {
  const current = await target.read(work.ctx);
  if (!current || current.roleArn === arn || (await isOurs(work, current.roleArn))) return current;
  const uses =
    `${target.description} already exists and is not owned by this resource ` +
    `(it uses ${current.roleArn ?? 'no role'})`;
  if (!target.replaceExisting) throw new OwnershipError(`${uses}; ${target.takeoverHint}`);
  if (!work.deployment.allowTakeover) {
    throw new ValidationError(
      'ReplaceExistingStream',
      `is "true", but ${uses}, and this deployment does not allow taking it over (deployment parameter ` +
        'AllowTakeover, ALLOW_TAKEOVER, is false); nothing was changed',
    );
  }
  return current;
}

/** Runs `step`, turning its failures into what the template author should see (the target's `explain`). */
async function explained<T>(target: Target, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw target.explain(error);
  }
}

/** True when `arn` is a role this stack resource made (an earlier role of the same resource, at any path). */
async function isOurs(work: Work, arn: string | undefined): Promise<boolean> {
  const ref = parseRoleArn(work.stack, arn);
  const role = ref && (await getRole(work.ctx, ref.name));
  return !!role && role.arn === arn && notOwnedBecause(role.tags, work) === undefined;
}

/**
 * Removes the service resource if it points at `roleArn`. A client error (a retired API,
 * AccessDenied) never fails a Delete: the stack must not get stuck; a warning says what may be left.
 */
async function removeTargetUsing(ctx: AwsContext, target: Target, roleArn: string): Promise<void> {
  try {
    const current = await target.read(ctx);
    if (current?.roleArn === roleArn) await target.remove(ctx);
    else
      ctx.log.log('info', `${target.description} does not use this role; left alone`, {
        usesRole: current?.roleArn ?? null,
      });
  } catch (error) {
    if (!isClientError(error)) throw error;
    ctx.log.log(
      'warn',
      `${target.description} could not be checked or removed and may be left behind; the role is removed anyway`,
      { error: describe(error) },
    );
  }
}

/** Deletes the role this failed request created (best effort: the original error is what the answer reports). */
async function undoRole(ctx: AwsContext, name: string): Promise<void> {
  if (ctx.signal.aborted) return;
  await deleteRole(ctx, name).then(
    () => ctx.log.log('info', 'removed the role this failed request created', { role: name }),
    (error) =>
      ctx.log.log('error', 'could not remove the role this failed request created', {
        role: name,
        error: describe(error),
      }),
  );
}
