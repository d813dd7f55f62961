/** IAM calls on the roles this product manages. Each function is one step of the lifecycle. */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { DeadlineError } from '../errors.js';
import { INLINE_POLICY_NAME, ROLE_DESCRIPTION } from '../names.js';
import type { PolicyDocument } from '../policies.js';
import type { Tag } from '../properties.js';
import { type BackoffPolicy, backoffDelay, retry } from '../retry.js';
import type { RoleTag } from '../roles.js';
import { type AwsContext, awsCall, isAwsError, unlessAbsent } from './call.js';

const NO_SUCH_ENTITY = ['NoSuchEntityException', 'NoSuchEntity'];

export interface RoleState {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly tags: readonly RoleTag[];
  readonly permissionsBoundary?: string;
  /** The trust policy as IAM holds it, parsed (undefined when unreadable). */
  readonly trust?: unknown;
}

export interface RoleSpec {
  readonly name: string;
  readonly path: string;
  readonly trust: PolicyDocument;
  readonly tags: readonly Tag[];
  readonly permissionsBoundary?: string;
}

const iam = (ctx: AwsContext) => ctx.clients.get(IAMClient);

function parseDocument(encoded: string | undefined): unknown {
  if (encoded === undefined) return undefined;
  try {
    return JSON.parse(decodeURIComponent(encoded));
  } catch {
    return undefined;
  }
}

export async function getRole(ctx: AwsContext, name: string): Promise<RoleState | undefined> {
  const answer = await unlessAbsent(
    awsCall(ctx, 'iam:GetRole', (o) => iam(ctx).send(new GetRoleCommand({ RoleName: name }), o)),
    ...NO_SUCH_ENTITY,
  );
  const role = answer?.Role;
  if (!role?.Arn || !role.RoleName) return undefined;
  return {
    arn: role.Arn,
    name: role.RoleName,
    path: role.Path ?? '/',
    tags: role.Tags ?? [],
    permissionsBoundary: role.PermissionsBoundary?.PermissionsBoundaryArn,
    trust: parseDocument(role.AssumeRolePolicyDocument),
  };
}

/** Creates the role; undefined when a role of that name already exists. */
export async function createRole(ctx: AwsContext, spec: RoleSpec): Promise<string | undefined> {
  const answer = await unlessAbsent(
    awsCall(ctx, 'iam:CreateRole', (o) =>
      iam(ctx).send(
        new CreateRoleCommand({
          RoleName: spec.name,
          Path: spec.path,
          AssumeRolePolicyDocument: JSON.stringify(spec.trust),
          Tags: [...spec.tags],
          PermissionsBoundary: spec.permissionsBoundary,
          Description: ROLE_DESCRIPTION,
        }),
        o,
      ),
    ),
    'EntityAlreadyExistsException',
    'EntityAlreadyExists',
  );
  if (answer === undefined) return undefined;
  if (!answer.Role?.Arn) throw new Error('iam:CreateRole returned no role ARN');
  return answer.Role.Arn;
}

export async function updateTrust(ctx: AwsContext, name: string, trust: PolicyDocument): Promise<void> {
  await awsCall(ctx, 'iam:UpdateAssumeRolePolicy', (o) =>
    iam(ctx).send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: JSON.stringify(trust) }), o),
  );
}

export async function tagRole(ctx: AwsContext, name: string, tags: readonly Tag[]): Promise<void> {
  await awsCall(ctx, 'iam:TagRole', (o) => iam(ctx).send(new TagRoleCommand({ RoleName: name, Tags: [...tags] }), o));
}

export async function untagRole(ctx: AwsContext, name: string, keys: readonly string[]): Promise<void> {
  await awsCall(ctx, 'iam:UntagRole', (o) =>
    iam(ctx).send(new UntagRoleCommand({ RoleName: name, TagKeys: [...keys] }), o),
  );
}

export async function putPolicy(ctx: AwsContext, name: string, document: PolicyDocument): Promise<void> {
  await awsCall(ctx, 'iam:PutRolePolicy', (o) =>
    iam(ctx).send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: INLINE_POLICY_NAME,
        PolicyDocument: JSON.stringify(document),
      }),
      o,
    ),
  );
}

async function deleteInlinePolicy(ctx: AwsContext, role: string, policy: string): Promise<void> {
  await unlessAbsent(
    awsCall(ctx, 'iam:DeleteRolePolicy', (o) =>
      iam(ctx).send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: policy }), o),
    ),
    ...NO_SUCH_ENTITY,
  );
}

/** Removes what someone attached to the role besides our policy: other inline policies, managed-policy attachments. */
async function removeAttachments(ctx: AwsContext, role: string): Promise<string[]> {
  const removed: string[] = [];
  const inline = await unlessAbsent(
    awsCall(ctx, 'iam:ListRolePolicies', (o) => iam(ctx).send(new ListRolePoliciesCommand({ RoleName: role }), o)),
    ...NO_SUCH_ENTITY,
  );
  for (const policy of inline?.PolicyNames ?? []) {
    await deleteInlinePolicy(ctx, role, policy);
    removed.push(`inline policy ${policy}`);
  }
  const attached = await unlessAbsent(
    awsCall(ctx, 'iam:ListAttachedRolePolicies', (o) =>
      iam(ctx).send(new ListAttachedRolePoliciesCommand({ RoleName: role }), o),
    ),
    ...NO_SUCH_ENTITY,
  );
  for (const { PolicyArn } of attached?.AttachedPolicies ?? []) {
    if (!PolicyArn) continue;
    await unlessAbsent(
      awsCall(ctx, 'iam:DetachRolePolicy', (o) =>
        iam(ctx).send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn }), o),
      ),
      ...NO_SUCH_ENTITY,
    );
    removed.push(`managed policy ${PolicyArn} (detached, kept)`);
  }
  return removed;
}

/** DeleteConflict right after the last policy went: retried this long, as Terraform does. */
export const DELETE_CONFLICT_WINDOW_MS = 120_000;
export const DELETE_CONFLICT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 5000 };

/**
 * Deletes our inline policy, then the role. If IAM answers DeleteConflict, removes whatever
 * else was attached to the role and retries while the conflict lasts, within the deadline.
 * Anything already gone is fine.
 */
export async function deleteRole(ctx: AwsContext, name: string): Promise<void> {
  await deleteInlinePolicy(ctx, name, INLINE_POLICY_NAME);
  await retry(
    () =>
      unlessAbsent(
        awsCall(ctx, 'iam:DeleteRole', (o) => iam(ctx).send(new DeleteRoleCommand({ RoleName: name }), o)),
        ...NO_SUCH_ENTITY,
      ),
    {
      delay: (n) => backoffDelay(n, DELETE_CONFLICT_BACKOFF),
      retryable: (error) => isAwsError(error, 'DeleteConflictException', 'DeleteConflict'),
      giveUpAt: Math.min(Date.now() + DELETE_CONFLICT_WINDOW_MS, ctx.workDeadline),
      signal: ctx.signal,
      async onRetry() {
        const removed = await removeAttachments(ctx, name);
        if (removed.length > 0) {
          ctx.log.log('warn', 'removed what was attached to our role by hand before deleting it', {
            role: name,
            removed,
          });
        }
      },
      giveUp: ({ attempts, error }) =>
        new DeadlineError(
          `iam:DeleteRole of ${name} still answers DeleteConflict after ${attempts} attempts ` +
            `(is the role in an instance profile?): ${(error as Error).message}`,
        ),
    },
  );
}
