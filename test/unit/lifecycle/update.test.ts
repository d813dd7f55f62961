import {
  CreateRoleCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import { OwnershipError, ValidationError } from '../../../src/errors.js';
import { update } from '../../../src/lifecycle.js';
import { pinpointAppTrust, streamWriterPolicy } from '../../../src/policies.js';
import type { Plan } from '../../../src/resources/kind.js';
import { ownershipTags } from '../../../src/roles.js';
import {
  callOrder,
  deployedStream,
  expectNothingDeleted,
  expectRoleDeleted,
  fingerprint,
  foreignRole,
  freshAccount,
  inputs,
  nameOf,
  newWorld,
  type RoleOptions,
  roleArnOf,
  sentDocument,
  streamPlan,
  type World,
} from '../account.js';
import {
  APP_ID,
  awsError,
  deployment,
  FIREHOSE_ARN,
  KINESIS_ARN,
  KMS_KEY_ARN,
  MANAGED_PATH,
  noSuchEntity,
  notFound,
  OTHER_APP,
  rejection,
  stack,
} from '../fixtures.js';
import { namedStreamRole } from './world.js';

let world: World;
let before: Plan;
let currentName: string;
let currentArn: string;

beforeEach(async () => {
  world = newWorld();
  before = await streamPlan();
  currentName = nameOf(before);
  currentArn = roleArnOf(currentName);
});

const existing = (options: RoleOptions = {}) => deployedStream(world.aws, currentName, options);

describe('Update in place', () => {
  it('DestinationStreamArn change: same physical id, new policy and stream, and no needless IAM writes', async () => {
    existing();
    const result = await update(world.w, await streamPlan({ DestinationStreamArn: FIREHOSE_ARN }), before, currentArn);
    expect(result.physicalResourceId).toBe(currentArn);
    expect(callOrder(world.aws)).toEqual(['GetRole', 'PutRolePolicy', 'GetEventStream', 'PutEventStream']);
    expect(sentDocument(world.aws.iam.commandCalls(PutRolePolicyCommand), 'PolicyDocument')).toEqual(
      streamWriterPolicy({ kind: 'firehose', arn: FIREHOSE_ARN }, undefined),
    );
    expect(inputs(world.aws.pinpoint.commandCalls(PutEventStreamCommand))).toEqual([
      { ApplicationId: APP_ID, WriteEventStream: { DestinationStreamArn: FIREHOSE_ARN, RoleArn: currentArn } },
    ]);
    expectNothingDeleted(world.aws);
  });

  it('KmsKeyArn added updates the policy in place', async () => {
    existing();
    await update(world.w, await streamPlan({ KmsKeyArn: KMS_KEY_ARN }), before, currentArn);
    expect(sentDocument(world.aws.iam.commandCalls(PutRolePolicyCommand), 'PolicyDocument')).toEqual(
      streamWriterPolicy({ kind: 'kinesis', arn: KINESIS_ARN }, KMS_KEY_ARN),
    );
  });

  it('tags removed from the template are untagged; the rest (and the ownership tags) are set', async () => {
    existing({
      extraTags: [
        { Key: 'team', Value: 'a' },
        { Key: 'cost-center', Value: '1' },
      ],
    });
    const previous = await streamPlan({
      Tags: [
        { Key: 'team', Value: 'a' },
        { Key: 'cost-center', Value: '1' },
      ],
    });
    await update(world.w, await streamPlan({ Tags: [{ Key: 'team', Value: 'b' }] }), previous, currentArn);
    expect(inputs(world.aws.iam.commandCalls(UntagRoleCommand))).toEqual([
      { RoleName: currentName, TagKeys: ['cost-center'] },
    ]);
    expect(inputs(world.aws.iam.commandCalls(TagRoleCommand))[0]?.Tags).toEqual([
      ...ownershipTags(world.w, fingerprint({ ApplicationId: APP_ID })),
      { Key: 'team', Value: 'b' },
    ]);
  });

  it('all tags removed from the template are untagged; nothing to set means no TagRole', async () => {
    existing({ extraTags: [{ Key: 'team', Value: 'a' }] });
    await update(world.w, before, await streamPlan({ Tags: [{ Key: 'team', Value: 'a' }] }), currentArn);
    expect(inputs(world.aws.iam.commandCalls(UntagRoleCommand))).toEqual([
      { RoleName: currentName, TagKeys: ['team'] },
    ]);
    expect(world.aws.iam.commandCalls(TagRoleCommand)).toHaveLength(0);
  });

  it('a tag removed from the template that is no longer on the role needs no UntagRole', async () => {
    existing();
    await update(world.w, before, await streamPlan({ Tags: [{ Key: 'team', Value: 'a' }] }), currentArn);
    expect(world.aws.iam.commandCalls(UntagRoleCommand)).toHaveLength(0);
  });

  it('a trust policy that drifted is put back', async () => {
    existing({ trust: { Version: '2012-10-17', Statement: [] } });
    await update(world.w, before, before, currentArn);
    expect(sentDocument(world.aws.iam.commandCalls(UpdateAssumeRolePolicyCommand), 'PolicyDocument')).toEqual(
      pinpointAppTrust(stack(), APP_ID),
    );
  });

  it('ReplaceExistingStream change is in place', async () => {
    existing();
    expect(
      (await update(world.w, await streamPlan({ ReplaceExistingStream: 'true' }), before, currentArn))
        .physicalResourceId,
    ).toBe(currentArn);
    expect(world.aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
  });

  it('a ServiceToken change alone is no replacement', async () => {
    existing();
    const result = await update(
      world.w,
      await streamPlan({ ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:v2' }),
      before,
      currentArn,
    );
    expect(result.physicalResourceId).toBe(currentArn);
    expect(world.aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
  });

  it('an in-place update of a role this resource does not own fails, changing nothing', async () => {
    freshAccount(world.aws);
    world.aws.iam.on(GetRoleCommand, { RoleName: currentName }).resolves(foreignRole(currentName, MANAGED_PATH));
    await rejection(
      update(world.w, await streamPlan({ DestinationStreamArn: FIREHOSE_ARN }), before, currentArn),
      OwnershipError,
    );
    expect(callOrder(world.aws)).toEqual(['GetRole']);
  });

  it('a role deleted by hand is made again under the same name (same physical id)', async () => {
    freshAccount(world.aws);
    world.aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
    const result = await update(world.w, await streamPlan({ DestinationStreamArn: FIREHOSE_ARN }), before, currentArn);
    expect(result.physicalResourceId).toBe(currentArn);
    expect(inputs(world.aws.iam.commandCalls(CreateRoleCommand)).map((i) => i.RoleName)).toEqual([currentName]);
    expect(world.report.createdRole).toBe(currentName);
  });

  it('an update delivered twice ends in the same state', async () => {
    existing();
    const after = await streamPlan({ DestinationStreamArn: FIREHOSE_ARN });
    const first = await update(world.w, after, before, currentArn);
    const second = await update(world.w, after, before, currentArn);
    expect(second).toEqual(first);
  });
});

describe('Update by replacement', () => {
  it('ApplicationId change replaces the role: new role name and physical id, old role untouched', async () => {
    existing();
    const next = await streamPlan({ ApplicationId: OTHER_APP });
    const result = await update(world.w, next, before, currentArn);
    const newName = nameOf(next);
    expect(newName).not.toBe(currentName);
    expect(result).toEqual({
      physicalResourceId: roleArnOf(newName),
      data: { RoleArn: roleArnOf(newName), RoleName: newName, ApplicationId: OTHER_APP },
    });
    expect(inputs(world.aws.iam.commandCalls(CreateRoleCommand)).map((i) => i.RoleName)).toEqual([newName]);
    expect(
      world.aws.iam.commandCalls(TagRoleCommand).filter((c) => c.args[0].input.RoleName === currentName),
    ).toHaveLength(0);
    expectNothingDeleted(world.aws);
  });

  it('RolePath change replaces the role, nested below the managed path', async () => {
    existing();
    const result = await update(world.w, await streamPlan({ RolePath: '/messaging/' }), before, currentArn);
    expect(result.physicalResourceId).toMatch(
      /^arn:aws:iam::123456789012:role\/pinpoint-event-stream\/us-east-1\/messaging\//,
    );
  });

  it('RoleName change replaces the role with the new name', async () => {
    namedStreamRole(world.aws, 'old-name');
    const result = await update(
      world.w,
      await streamPlan({ RoleName: 'new-name' }),
      await streamPlan({ RoleName: 'old-name' }),
      roleArnOf('old-name'),
    );
    expect(result.physicalResourceId).toBe(roleArnOf('new-name'));
    expect(inputs(world.aws.iam.commandCalls(CreateRoleCommand))[0]?.RoleName).toBe('new-name');
  });

  it('old properties that do not parse replace the role (nothing says the role is still right)', async () => {
    existing();
    const next = await streamPlan({ RoleName: 'brand-new' });
    const result = await update(world.w, next, undefined, currentArn);
    expect(result.physicalResourceId).toBe(roleArnOf('brand-new'));
    expect(world.aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(1);
  });

  it('a physical id outside the managed path (a role of an older version) is replaced by a role under it', async () => {
    existing();
    const result = await update(world.w, before, before, roleArnOf(currentName, '/'));
    expect(result.physicalResourceId).toBe(roleArnOf(currentName));
    expect(inputs(world.aws.iam.commandCalls(CreateRoleCommand))[0]).toMatchObject({
      RoleName: currentName,
      Path: MANAGED_PATH,
    });
  });

  it("a change of the deployment's path prefix replaces the role under the new path", async () => {
    existing();
    world = newWorld({ deployment: deployment({ managedPathPrefix: 'moved' }) });
    freshAccount(world.aws);
    const result = await update(world.w, before, before, currentArn);
    expect(result.physicalResourceId).toMatch(/:role\/moved\/us-east-1\//);
  });

  it('a failed replacement deletes the new role it created, never the old one', async () => {
    existing();
    world.aws.pinpoint.on(GetEventStreamCommand).rejects(notFound());
    world.aws.pinpoint.on(PutEventStreamCommand).rejects(awsError('ForbiddenException', 'denied', { status: 403 }));
    const next = await streamPlan({ ApplicationId: OTHER_APP });
    await rejection(update(world.w, next, before, currentArn));
    expectRoleDeleted(world.aws, nameOf(next));
  });

  it('RoleName fixed and unchanged while ApplicationId changes fails, naming RoleName, touching nothing', async () => {
    namedStreamRole(world.aws, 'fixed');
    const error = await rejection(
      update(
        world.w,
        await streamPlan({ RoleName: 'fixed', ApplicationId: OTHER_APP }),
        await streamPlan({ RoleName: 'fixed' }),
        roleArnOf('fixed'),
      ),
      ValidationError,
    );
    expect(error.property).toBe('RoleName');
    expect(error.message).toContain('ApplicationId');
    expect(callOrder(world.aws)).toEqual(['GetRole']);
  });

  it('RoleName fixed: the rollback (role binding already matches the new properties) converges in place', async () => {
    // The failed update left the role as it was: bound to APP_ID. CloudFormation rolls back to APP_ID.
    namedStreamRole(world.aws, 'fixed');
    const result = await update(
      world.w,
      await streamPlan({ RoleName: 'fixed' }),
      await streamPlan({ RoleName: 'fixed', ApplicationId: OTHER_APP }),
      roleArnOf('fixed'),
    );
    expect(result.physicalResourceId).toBe(roleArnOf('fixed'));
    expect(world.aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });

  it('RoleName fixed: the rollback removes a tag that only the failed properties carried', async () => {
    namedStreamRole(world.aws, 'fixed', { extraTags: [{ Key: 'team', Value: 'a' }] });
    const failed = await streamPlan({
      RoleName: 'fixed',
      ApplicationId: OTHER_APP,
      Tags: [{ Key: 'team', Value: 'a' }],
    });
    await update(world.w, await streamPlan({ RoleName: 'fixed' }), failed, roleArnOf('fixed'));
    expect(inputs(world.aws.iam.commandCalls(UntagRoleCommand))).toEqual([{ RoleName: 'fixed', TagKeys: ['team'] }]);
  });
});
