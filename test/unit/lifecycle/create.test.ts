import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, DeadlineError, EndOfSupportError, ValidationError } from '../../../src/errors.js';
import { create } from '../../../src/lifecycle.js';
import { INLINE_POLICY_NAME } from '../../../src/names.js';
import {
  emailSendingPolicy,
  pinpointAccountTrust,
  pinpointAppTrust,
  streamWriterPolicy,
} from '../../../src/policies.js';
import { ownershipTags } from '../../../src/roles.js';
import {
  callOrder,
  eventStream,
  expectNothingDeleted,
  expectRoleDeleted,
  fingerprint,
  freshAccount,
  inputs,
  nameOf,
  newWorld,
  ownedRole,
  planOf,
  roleArnOf,
  SENDING_ROLE,
  sentDocument,
  streamPlan,
  type World,
} from '../account.js';
import {
  APP_ID,
  awsError,
  BOUNDARY_ARN,
  CN_STACK_ID,
  DEPLOYMENT_ID,
  deployment,
  entityExists,
  FIREHOSE_ARN,
  KINESIS_ARN,
  KMS_KEY_ARN,
  MANAGED_PATH,
  never,
  onFakeTime,
  rejection,
  stack,
} from '../fixtures.js';

const PROPAGATION_MESSAGE = 'Unable to assume role. Please make sure the IAM Role is configured correctly.';

let world: World;
beforeEach(() => {
  world = newWorld();
});

describe('Create', () => {
  it('a plain Create makes four calls, the role first: CreateRole, PutRolePolicy, GetEventStream, Put', async () => {
    freshAccount(world.aws);
    await create(world.w, await streamPlan());
    expect(callOrder(world.aws)).toEqual(['CreateRole', 'PutRolePolicy', 'GetEventStream', 'PutEventStream']);
  });

  it('creates the role under the managed path: trust, ownership and user tags, the deployment boundary', async () => {
    freshAccount(world.aws);
    const plan = await streamPlan({ Tags: [{ Key: 'team', Value: 'growth' }] });
    await create(world.w, plan);
    const input = world.aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      RoleName: nameOf(plan),
      Path: MANAGED_PATH,
      PermissionsBoundary: BOUNDARY_ARN,
    });
    expect(JSON.parse(input?.AssumeRolePolicyDocument ?? 'null')).toEqual(pinpointAppTrust(stack(), APP_ID));
    expect(input?.Tags).toEqual([
      { Key: 'pinpoint-event-stream:managed-by', Value: 'Custom::PinpointEventStream' },
      { Key: 'pinpoint-event-stream:stack-id', Value: stack().stackId },
      { Key: 'pinpoint-event-stream:logical-id', Value: stack().logicalId },
      { Key: 'pinpoint-event-stream:binding', Value: fingerprint({ ApplicationId: APP_ID }) },
      { Key: 'pinpoint-event-stream:deployment', Value: DEPLOYMENT_ID },
      { Key: 'team', Value: 'growth' },
    ]);
  });

  it('without a deployment boundary (local runs) the role gets none', async () => {
    world = newWorld({ deployment: deployment({ permissionsBoundaryArn: undefined }) });
    freshAccount(world.aws);
    await create(world.w, await streamPlan());
    expect(world.aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input.PermissionsBoundary).toBeUndefined();
  });

  it('nests RolePath below the managed path, and uses RoleName', async () => {
    freshAccount(world.aws);
    const result = await create(world.w, await streamPlan({ RoleName: 'events-writer', RolePath: '/messaging/' }));
    expect(result.physicalResourceId).toBe(
      'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/messaging/events-writer',
    );
    expect(world.aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input).toMatchObject({
      RoleName: 'events-writer',
      Path: `${MANAGED_PATH}messaging/`,
    });
  });

  it("uses the deployment's path prefix and the stack's Region in the path", async () => {
    world = newWorld({ deployment: deployment({ managedPathPrefix: 'messaging-roles' }) });
    freshAccount(world.aws);
    await create(world.w, await streamPlan());
    expect(world.aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input.Path).toBe('/messaging-roles/us-east-1/');
  });

  it("fails naming RolePath when the nested path would pass IAM's 512 characters, before any call", async () => {
    freshAccount(world.aws);
    const long = `/${'a'.repeat(500)}/`;
    const error = await rejection(
      Promise.resolve().then(async () => create(world.w, await streamPlan({ RolePath: long }))),
      ValidationError,
    );
    expect(error.property).toBe('RolePath');
    expect(callOrder(world.aws)).toEqual([]);
  });

  it('puts the stream writer policy as the inline policy', async () => {
    freshAccount(world.aws);
    await create(world.w, await streamPlan({ DestinationStreamArn: FIREHOSE_ARN, KmsKeyArn: KMS_KEY_ARN }));
    const input = world.aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input;
    expect(input?.PolicyName).toBe(INLINE_POLICY_NAME);
    expect(JSON.parse(input?.PolicyDocument ?? '')).toEqual(
      streamWriterPolicy({ kind: 'firehose', arn: FIREHOSE_ARN }, KMS_KEY_ARN),
    );
  });

  it('points the stream at the new role; returns RoleArn, RoleName, ApplicationId and the ARN as id', async () => {
    freshAccount(world.aws);
    const plan = await streamPlan();
    const name = nameOf(plan);
    const result = await create(world.w, plan);
    const arn = roleArnOf(name);
    expect(inputs(world.aws.pinpoint.commandCalls(PutEventStreamCommand))).toEqual([
      { ApplicationId: APP_ID, WriteEventStream: { DestinationStreamArn: KINESIS_ARN, RoleArn: arn } },
    ]);
    expect(result).toEqual({ physicalResourceId: arn, data: { RoleArn: arn, RoleName: name, ApplicationId: APP_ID } });
  });

  it('builds ARNs and the path in the stack partition and Region (aws-cn)', async () => {
    const cn = stack(CN_STACK_ID);
    world = newWorld({ stack: cn });
    freshAccount(world.aws);
    world.aws.iam.on(CreateRoleCommand).callsFake((input: { RoleName: string; Path: string }) => ({
      Role: {
        RoleName: input.RoleName,
        Path: input.Path,
        Arn: `arn:aws-cn:iam::123456789012:role${input.Path}${input.RoleName}`,
        RoleId: 'x',
        CreateDate: new Date(),
      },
    }));
    const plan = await streamPlan({ DestinationStreamArn: 'arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s' }, cn);
    const result = await create(world.w, plan);
    expect(result.physicalResourceId).toMatch(
      /^arn:aws-cn:iam::123456789012:role\/pinpoint-event-stream\/cn-north-1\//,
    );
    expect(sentDocument(world.aws.iam.commandCalls(CreateRoleCommand), 'AssumeRolePolicyDocument')).toEqual(
      pinpointAppTrust(cn, APP_ID),
    );
  });

  it('reports the role ARN as physical id before any AWS call (a deadline answer names it)', async () => {
    world.aws.iam.on(CreateRoleCommand).callsFake(() => never());
    const plan = await streamPlan();
    void create(world.w, plan);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(world.report.physicalResourceId).toBe(roleArnOf(nameOf(plan)));
    expect(world.report.createdRole).toBeUndefined();
  });

  it('reports the role it created, and the propagation wait', async () => {
    freshAccount(world.aws);
    const plan = await streamPlan();
    await create(world.w, plan);
    expect(world.report.createdRole).toBe(nameOf(plan));
    expect(world.report.propagation).toEqual({ retries: 0, waitedMs: 0 });
  });

  it('retries PutEventStream while Pinpoint cannot yet assume the role (IAM propagation), then succeeds', async () => {
    freshAccount(world.aws);
    world.aws.pinpoint
      .on(PutEventStreamCommand)
      .rejectsOnce(awsError('BadRequestException', PROPAGATION_MESSAGE))
      .resolves({});
    const plan = await streamPlan();
    await onFakeTime(() => create(world.w, plan));
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(2);
    expect(world.report.propagation?.retries).toBe(1);
    expect(world.report.propagation?.waitedMs).toBeGreaterThan(0);
    expectNothingDeleted(world.aws);
  });

  it('does not retry another BadRequest: fails naming the call and end of support, removing its role', async () => {
    freshAccount(world.aws);
    world.aws.pinpoint
      .on(PutEventStreamCommand)
      .rejects(awsError('BadRequestException', 'Kinesis stream does not exist'));
    const plan = await streamPlan();
    const error = await rejection(create(world.w, plan), EndOfSupportError);
    expect(error.message).toContain('mobiletargeting:PutEventStream');
    expect(error.message).toContain('Kinesis stream does not exist');
    expect(error.message).toContain('end of support on 2026-10-30');
    expect(error.cause).toBeInstanceOf(AwsCallError);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
    expectRoleDeleted(world.aws, nameOf(plan));
    expect(world.log.entries).toContainEqual({
      level: 'info',
      message: 'removed the role this failed request created',
      fields: { role: nameOf(plan) },
    });
  });

  it('gives up on propagation before the work deadline, naming the call, and removes the role', async () => {
    const started = Date.now();
    world = newWorld({ workDeadline: started + 400 });
    freshAccount(world.aws);
    world.aws.pinpoint.on(PutEventStreamCommand).rejects(awsError('BadRequestException', PROPAGATION_MESSAGE));
    const plan = await streamPlan();
    const error = await rejection(create(world.w, plan), DeadlineError);
    expect(error.message).toContain('mobiletargeting:PutEventStream');
    expect(error.message).not.toContain('end of support');
    expect(Date.now()).toBeLessThan(started + 400 + 200);
    // Reported even when the wait gives up:
    expect(world.report.propagation).toEqual({ retries: 0, waitedMs: expect.any(Number) });
    expectRoleDeleted(world.aws, nameOf(plan));
  });

  it("gives up on propagation at the deployment's limit even with time left", async () => {
    world = newWorld({ deployment: deployment({ propagationTimeoutMs: 300 }) });
    freshAccount(world.aws);
    world.aws.pinpoint.on(PutEventStreamCommand).rejects(awsError('BadRequestException', PROPAGATION_MESSAGE));
    const started = Date.now();
    await rejection(create(world.w, await streamPlan()), DeadlineError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a failing CreateRole fails naming iam:CreateRole and deletes nothing', async () => {
    freshAccount(world.aws);
    world.aws.iam
      .on(CreateRoleCommand)
      .rejects(awsError('AccessDenied', 'not authorized to perform iam:CreateRole', { status: 403 }));
    const error = await rejection(create(world.w, await streamPlan()));
    expect(error.message).toContain('iam:CreateRole');
    expectNothingDeleted(world.aws);
  });

  it.each([
    [
      'PutRolePolicy',
      'iam:PutRolePolicy',
      (w: World) => w.aws.iam.on(PutRolePolicyCommand).rejects(awsError('MalformedPolicyDocumentException')),
    ],
    [
      'GetEventStream',
      'mobiletargeting:GetEventStream',
      (w: World) =>
        w.aws.pinpoint.on(GetEventStreamCommand).rejects(awsError('ForbiddenException', 'denied', { status: 403 })),
    ],
    [
      'PutEventStream',
      'mobiletargeting:PutEventStream',
      (w: World) =>
        w.aws.pinpoint.on(PutEventStreamCommand).rejects(awsError('ForbiddenException', 'denied', { status: 403 })),
    ],
  ])(
    'a failing %s fails naming the call and deletes the role this invocation created',
    async (_step, call, breakIt) => {
      freshAccount(world.aws);
      breakIt(world);
      const plan = await streamPlan();
      const error = await rejection(create(world.w, plan));
      expect(error.message).toContain(call);
      expectRoleDeleted(world.aws, nameOf(plan));
    },
  );

  it('the original error is kept when removing the created role fails too', async () => {
    freshAccount(world.aws);
    world.aws.iam.on(PutRolePolicyCommand).rejects(awsError('MalformedPolicyDocumentException', 'bad policy'));
    world.aws.iam.on(DeleteRoleCommand).rejects(awsError('AccessDenied', 'denied', { status: 403 }));
    const error = await rejection(create(world.w, await streamPlan()));
    expect(error.message).toContain('iam:PutRolePolicy');
    expect(world.log.entries.some((e) => e.level === 'error' && e.message.includes('could not remove'))).toBe(true);
  });

  it('does not remove the role once the deadline aborted the work', async () => {
    const controller = new AbortController();
    world = newWorld({ signal: controller.signal });
    freshAccount(world.aws);
    world.aws.iam.on(PutRolePolicyCommand).callsFake(async () => {
      controller.abort(new Error('deadline reached'));
      throw awsError('AbortError', 'aborted');
    });
    await rejection(create(world.w, await streamPlan()));
    expectNothingDeleted(world.aws);
  });

  it('a redelivered Create (role owned, up to date) ends the same, skipping unchanged writes', async () => {
    freshAccount(world.aws);
    const plan = await streamPlan({ Tags: [{ Key: 'team', Value: 'growth' }] });
    const first = await create(world.w, plan);
    const name = nameOf(plan);

    world = newWorld();
    freshAccount(world.aws);
    world.aws.iam.on(CreateRoleCommand).rejects(entityExists());
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(
      ownedRole(name, fingerprint({ ApplicationId: APP_ID }), {
        extraTags: [{ Key: 'team', Value: 'growth' }],
        trust: pinpointAppTrust(stack(), APP_ID),
      }),
    );
    world.aws.pinpoint.on(GetEventStreamCommand).resolves(eventStream(first.physicalResourceId));
    const second = await create(world.w, plan);

    expect(second).toEqual(first);
    expect(callOrder(world.aws)).toEqual([
      'CreateRole',
      'GetRole',
      'PutRolePolicy',
      'GetEventStream',
      'PutEventStream',
    ]);
    expect(world.report.createdRole).toBeUndefined();
    expectNothingDeleted(world.aws);
  });

  it('a redelivered Create whose role drifted restores the trust and the tags', async () => {
    freshAccount(world.aws);
    const plan = await streamPlan({ Tags: [{ Key: 'team', Value: 'growth' }] });
    const name = nameOf(plan);
    world.aws.iam.on(CreateRoleCommand).rejects(entityExists());
    world.aws.iam
      .on(GetRoleCommand, { RoleName: name })
      .resolves(
        ownedRole(name, fingerprint({ ApplicationId: APP_ID }), { trust: { Version: '2012-10-17', Statement: [] } }),
      );
    await create(world.w, plan);
    expect(sentDocument(world.aws.iam.commandCalls(UpdateAssumeRolePolicyCommand), 'PolicyDocument')).toEqual(
      pinpointAppTrust(stack(), APP_ID),
    );
    expect(inputs(world.aws.iam.commandCalls(TagRoleCommand))[0]?.Tags).toEqual([
      ...ownershipTags(world.w, fingerprint({ ApplicationId: APP_ID })),
      { Key: 'team', Value: 'growth' },
    ]);
  });

  it('a redelivered Create that fails does not delete the role the first delivery made', async () => {
    freshAccount(world.aws);
    const plan = await streamPlan();
    const name = nameOf(plan);
    world.aws.iam.on(CreateRoleCommand).rejects(entityExists());
    world.aws.iam
      .on(GetRoleCommand, { RoleName: name })
      .resolves(ownedRole(name, fingerprint({ ApplicationId: APP_ID })));
    world.aws.pinpoint.on(PutEventStreamCommand).rejects(awsError('ForbiddenException', 'denied', { status: 403 }));
    await rejection(create(world.w, plan));
    expectNothingDeleted(world.aws);
  });
});

describe('Create of the email sending role (role only)', () => {
  it('makes the role and its policy only, no service call, returning RoleArn and RoleName', async () => {
    freshAccount(world.aws);
    const plan = await planOf(SENDING_ROLE, { Identities: ['example.com'] });
    const name = nameOf(plan);
    const result = await create(world.w, plan);
    expect(callOrder(world.aws)).toEqual(['CreateRole', 'PutRolePolicy']);
    expect(sentDocument(world.aws.iam.commandCalls(CreateRoleCommand), 'AssumeRolePolicyDocument')).toEqual(
      pinpointAccountTrust(stack()),
    );
    expect(sentDocument(world.aws.iam.commandCalls(PutRolePolicyCommand), 'PolicyDocument')).toEqual(
      emailSendingPolicy(stack(), ['example.com'], undefined),
    );
    expect(result).toEqual({ physicalResourceId: roleArnOf(name), data: { RoleArn: roleArnOf(name), RoleName: name } });
    expect(world.report.propagation).toBeUndefined();
  });
});
