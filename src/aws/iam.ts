/** IAM calls on the roles this product manages. Each function is one step of the lifecycle. */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { PolicyDocument } from '../policies.js';
import type { Tag } from '../properties.js';
import type { RoleTag } from '../ownership.js';
import { awsCall, isAwsError, type AwsContext } from './call.js';

/** The inline policy this product writes on each of its roles. */
export const INLINE_POLICY_NAME = 'pinpoint-event-stream';

export interface RoleState {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly tags: readonly RoleTag[];
  readonly permissionsBoundary?: string;
}

export interface RoleSpec {
  readonly name: string;
  readonly path: string;
  readonly trust: PolicyDocument;
  readonly tags: readonly Tag[];
  readonly permissionsBoundary?: string;
}

export async function getRole(ctx: AwsContext, name: string): Promise<RoleState | undefined> {
  try {
    const { Role } = await awsCall(ctx, 'iam:GetRole', (o) => ctx.clients.iam.send(new GetRoleCommand({ RoleName: name }), o));
    if (!Role?.Arn || !Role.RoleName) return undefined;
    return {
      arn: Role.Arn,
      name: Role.RoleName,
      path: Role.Path ?? '/',
      tags: Role.Tags ?? [],
      permissionsBoundary: Role.PermissionsBoundary?.PermissionsBoundaryArn,
    };
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntityException', 'NoSuchEntity')) return undefined;
    throw error;
  }
}

/** Creates the role; undefined when a role of that name already exists. */
export async function createRole(ctx: AwsContext, spec: RoleSpec): Promise<string | undefined> {
  try {
    const { Role } = await awsCall(ctx, 'iam:CreateRole', (o) =>
      ctx.clients.iam.send(
        new CreateRoleCommand({
          RoleName: spec.name,
          Path: spec.path,
          AssumeRolePolicyDocument: JSON.stringify(spec.trust),
          Tags: [...spec.tags],
          PermissionsBoundary: spec.permissionsBoundary,
          Description: 'Managed by Custom::PinpointEventStream; deleted with its stack resource.',
        }),
        o,
      ),
    );
    if (!Role?.Arn) throw new Error('iam:CreateRole returned no role ARN');
    return Role.Arn;
  } catch (error) {
    if (isAwsError(error, 'EntityAlreadyExistsException', 'EntityAlreadyExists')) return undefined;
    throw error;
  }
}

export async function updateTrust(ctx: AwsContext, name: string, trust: PolicyDocument): Promise<void> {
  await awsCall(ctx, 'iam:UpdateAssumeRolePolicy', (o) =>
    ctx.clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: JSON.stringify(trust) }), o),
  );
}

/** Sets `tags` (adding or overwriting) and removes `removeKeys`. */
export async function syncTags(ctx: AwsContext, name: string, tags: readonly Tag[], removeKeys: readonly string[]): Promise<void> {
  if (removeKeys.length > 0) {
    await awsCall(ctx, 'iam:UntagRole', (o) => ctx.clients.iam.send(new UntagRoleCommand({ RoleName: name, TagKeys: [...removeKeys] }), o));
  }
  await awsCall(ctx, 'iam:TagRole', (o) => ctx.clients.iam.send(new TagRoleCommand({ RoleName: name, Tags: [...tags] }), o));
}

/** Puts the boundary, or removes the current one when `boundary` is undefined. */
export async function setBoundary(ctx: AwsContext, role: RoleState, boundary: string | undefined): Promise<void> {
  if (boundary === role.permissionsBoundary) return;
  if (boundary === undefined) {
    await awsCall(ctx, 'iam:DeleteRolePermissionsBoundary', (o) =>
      ctx.clients.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: role.name }), o),
    );
  } else {
    await awsCall(ctx, 'iam:PutRolePermissionsBoundary', (o) =>
      ctx.clients.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: role.name, PermissionsBoundary: boundary }), o),
    );
  }
}

export async function putPolicy(ctx: AwsContext, name: string, document: PolicyDocument): Promise<void> {
  await awsCall(ctx, 'iam:PutRolePolicy', (o) =>
    ctx.clients.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: INLINE_POLICY_NAME, PolicyDocument: JSON.stringify(document) }), o),
  );
}

/** Deletes our inline policy, then the role. Anything already gone is fine. */
export async function deleteRole(ctx: AwsContext, name: string): Promise<void> {
  const gone = (error: unknown) => {
    if (!isAwsError(error, 'NoSuchEntityException', 'NoSuchEntity')) throw error;
  };
  await awsCall(ctx, 'iam:DeleteRolePolicy', (o) =>
    ctx.clients.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: INLINE_POLICY_NAME }), o),
  ).catch(gone);
  await awsCall(ctx, 'iam:DeleteRole', (o) => ctx.clients.iam.send(new DeleteRoleCommand({ RoleName: name }), o)).catch(gone);
}
