import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRole, deleteRole, getRole, INLINE_POLICY_NAME, putPolicy, setBoundary, syncTags, updateTrust } from '../../../src/aws/iam.js';
import { AwsCallError } from '../../../src/errors.js';
import { policy } from '../../../src/policies.js';
import { awsContext, BOUNDARY_ARN, mockedClients, noSuchEntity, ownedRole } from '../fixtures.js';

let aws: ReturnType<typeof mockedClients>;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  ctx = awsContext(aws.clients);
});

const accessDenied = () => Object.assign(new Error('not authorized'), { name: 'AccessDenied' });

describe('getRole', () => {
  it('reads arn, name, path, tags and boundary', async () => {
    aws.iam.on(GetRoleCommand, { RoleName: 'r' }).resolves(ownedRole('r', 'fp', { path: '/p/', boundary: BOUNDARY_ARN }));
    const role = await getRole(ctx, 'r');
    expect(role).toMatchObject({ arn: 'arn:aws:iam::123456789012:role/p/r', name: 'r', path: '/p/', permissionsBoundary: BOUNDARY_ARN });
    expect(role?.tags).toHaveLength(4);
  });

  it('is undefined when the role does not exist', async () => {
    aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
    await expect(getRole(ctx, 'r')).resolves.toBeUndefined();
  });

  it('throws other errors, naming iam:GetRole', async () => {
    aws.iam.on(GetRoleCommand).rejects(accessDenied());
    await expect(getRole(ctx, 'r')).rejects.toThrow(/iam:GetRole failed: AccessDenied/);
  });
});

describe('createRole', () => {
  const spec = { name: 'r', path: '/p/', trust: policy(), tags: [{ Key: 'a', Value: 'b' }], permissionsBoundary: BOUNDARY_ARN };

  it('creates the role with trust, tags and boundary, returning its ARN', async () => {
    aws.iam.on(CreateRoleCommand).resolves({ Role: { Arn: 'arn:aws:iam::123456789012:role/p/r', RoleName: 'r', Path: '/p/', RoleId: 'x', CreateDate: new Date() } });
    await expect(createRole(ctx, spec)).resolves.toBe('arn:aws:iam::123456789012:role/p/r');
    expect(aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input).toMatchObject({
      RoleName: 'r',
      Path: '/p/',
      AssumeRolePolicyDocument: JSON.stringify(policy()),
      Tags: [{ Key: 'a', Value: 'b' }],
      PermissionsBoundary: BOUNDARY_ARN,
    });
  });

  it('is undefined when a role of that name exists', async () => {
    aws.iam.on(CreateRoleCommand).rejects(new EntityAlreadyExistsException({ message: 'exists', $metadata: {} }));
    await expect(createRole(ctx, spec)).resolves.toBeUndefined();
  });

  it('throws other errors as AwsCallError', async () => {
    aws.iam.on(CreateRoleCommand).rejects(accessDenied());
    await expect(createRole(ctx, spec)).rejects.toBeInstanceOf(AwsCallError);
  });
});

describe('role updates', () => {
  it('updateTrust sends the document as JSON', async () => {
    aws.iam.on(UpdateAssumeRolePolicyCommand).resolves({});
    await updateTrust(ctx, 'r', policy());
    expect(aws.iam.commandCalls(UpdateAssumeRolePolicyCommand)[0]?.args[0].input).toEqual({ RoleName: 'r', PolicyDocument: JSON.stringify(policy()) });
  });

  it('syncTags untags removed keys, then tags', async () => {
    aws.iam.on(UntagRoleCommand).resolves({});
    aws.iam.on(TagRoleCommand).resolves({});
    await syncTags(ctx, 'r', [{ Key: 'a', Value: '1' }], ['old']);
    expect(aws.iam.commandCalls(UntagRoleCommand)[0]?.args[0].input).toEqual({ RoleName: 'r', TagKeys: ['old'] });
    expect(aws.iam.commandCalls(TagRoleCommand)[0]?.args[0].input).toEqual({ RoleName: 'r', Tags: [{ Key: 'a', Value: '1' }] });
  });

  it('syncTags does not untag when nothing was removed', async () => {
    aws.iam.on(TagRoleCommand).resolves({});
    await syncTags(ctx, 'r', [{ Key: 'a', Value: '1' }], []);
    expect(aws.iam.commandCalls(UntagRoleCommand)).toHaveLength(0);
  });

  it('setBoundary puts a new boundary', async () => {
    aws.iam.on(PutRolePermissionsBoundaryCommand).resolves({});
    await setBoundary(ctx, { arn: 'a', name: 'r', path: '/', tags: [] }, BOUNDARY_ARN);
    expect(aws.iam.commandCalls(PutRolePermissionsBoundaryCommand)[0]?.args[0].input).toEqual({ RoleName: 'r', PermissionsBoundary: BOUNDARY_ARN });
  });

  it('setBoundary removes a boundary no longer wanted', async () => {
    aws.iam.on(DeleteRolePermissionsBoundaryCommand).resolves({});
    await setBoundary(ctx, { arn: 'a', name: 'r', path: '/', tags: [], permissionsBoundary: BOUNDARY_ARN }, undefined);
    expect(aws.iam.commandCalls(DeleteRolePermissionsBoundaryCommand)[0]?.args[0].input).toEqual({ RoleName: 'r' });
  });

  it('setBoundary does nothing when unchanged', async () => {
    await setBoundary(ctx, { arn: 'a', name: 'r', path: '/', tags: [], permissionsBoundary: BOUNDARY_ARN }, BOUNDARY_ARN);
    await setBoundary(ctx, { arn: 'a', name: 'r', path: '/', tags: [] }, undefined);
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('putPolicy writes the one inline policy', async () => {
    aws.iam.on(PutRolePolicyCommand).resolves({});
    await putPolicy(ctx, 'r', policy());
    expect(aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input).toEqual({ RoleName: 'r', PolicyName: INLINE_POLICY_NAME, PolicyDocument: JSON.stringify(policy()) });
  });
});

describe('deleteRole', () => {
  it('deletes the inline policy, then the role', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).resolves({});
    await deleteRole(ctx, 'r');
    expect(aws.iam.calls().map((call) => call.args[0].constructor.name)).toEqual(['DeleteRolePolicyCommand', 'DeleteRoleCommand']);
    expect(aws.iam.commandCalls(DeleteRolePolicyCommand)[0]?.args[0].input).toEqual({ RoleName: 'r', PolicyName: INLINE_POLICY_NAME });
  });

  it('treats anything already gone as done', async () => {
    aws.iam.on(DeleteRolePolicyCommand).rejects(noSuchEntity());
    aws.iam.on(DeleteRoleCommand).rejects(noSuchEntity());
    await expect(deleteRole(ctx, 'r')).resolves.toBeUndefined();
  });

  it('fails on other errors', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(accessDenied());
    await expect(deleteRole(ctx, 'r')).rejects.toThrow(/iam:DeleteRole failed/);
  });
});
