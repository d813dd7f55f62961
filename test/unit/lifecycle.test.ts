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
import { BadRequestException, DeleteEventStreamCommand, GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  BadRequestException as SesBadRequestException,
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  NotFoundException as SesNotFoundException,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import { INLINE_POLICY_NAME } from '../../src/aws/iam.js';
import { AwsCallError, DeadlineError, OwnershipError, ValidationError } from '../../src/errors.js';
import { create, remove, roleNameFor, update, type Parsed, type Progress, type Result, type Work } from '../../src/lifecycle.js';
import { bindingFingerprint } from '../../src/naming.js';
import { ownershipTags } from '../../src/ownership.js';
import { emailSendingPolicy, pinpointAccountTrust, pinpointAppTrust, sesTrust, streamWriterPolicy } from '../../src/policies.js';
import { parseResource } from '../../src/resources/index.js';
import {
  APP_ID,
  awsContext,
  BOUNDARY_ARN,
  captureLogger,
  CN_STACK_ID,
  FIREHOSE_ARN,
  foreignRole,
  KINESIS_ARN,
  KMS_KEY_ARN,
  mockedClients,
  never,
  noSuchEntity,
  OTHER_REGION_STACK_ID,
  ownedRole,
  pinpointNotFound,
  roleArnOf,
  STACK,
  stackFor,
  streamProps,
  work as makeWork,
} from './fixtures.js';

const TYPE = 'Custom::PinpointEventStream';
const PROPAGATION_MESSAGE = 'Unable to assume role. Please make sure the IAM Role is configured correctly.';
const OTHER_APP = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5';

let aws: ReturnType<typeof mockedClients>;
let progress: Progress;
let w: Work;

beforeEach(() => {
  aws = mockedClients();
  progress = { physicalResourceId: 'create-failed-request' };
  w = makeWork(awsContext(aws.clients, captureLogger()), STACK, progress);
});

function parsed(overrides: Record<string, unknown> = {}, stack = STACK): Parsed {
  return parseResource(TYPE, streamProps(overrides), stack);
}

/** The binding tag value for these template values (what converge writes on the role). */
function fingerprint(applicationId = APP_ID, rolePath = '/', roleName = ''): string {
  return bindingFingerprint({ ApplicationId: applicationId, RolePath: rolePath, RoleName: roleName });
}

/** The AWS calls made, in order, across IAM and Pinpoint. */
function callOrder(): string[] {
  return [...aws.iam.calls(), ...aws.pinpoint.calls(), ...aws.ses.calls()]
    .sort((a, b) => (a.calledBefore(b) ? -1 : 1))
    .map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''));
}

function names<T>(calls: { args: [{ input: T }] }[]): T[] {
  return calls.map((call) => call.args[0].input);
}

/** A fresh account: no role, no event stream; every write succeeds. */
function freshAccount() {
  aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
  aws.iam.on(CreateRoleCommand).callsFake((input: { RoleName: string; Path: string }) => ({
    Role: { RoleName: input.RoleName, Path: input.Path, Arn: roleArnOf(input.RoleName, input.Path), RoleId: 'AROANEW', CreateDate: new Date() },
  }));
  aws.iam.on(PutRolePolicyCommand).resolves({});
  aws.iam.on(UpdateAssumeRolePolicyCommand).resolves({});
  aws.iam.on(TagRoleCommand).resolves({});
  aws.iam.on(UntagRoleCommand).resolves({});
  aws.iam.on(PutRolePermissionsBoundaryCommand).resolves({});
  aws.iam.on(DeleteRolePermissionsBoundaryCommand).resolves({});
  aws.iam.on(DeleteRolePolicyCommand).resolves({});
  aws.iam.on(DeleteRoleCommand).resolves({});
  aws.pinpoint.on(GetEventStreamCommand).rejects(pinpointNotFound());
  aws.pinpoint.on(PutEventStreamCommand).resolves({});
  aws.pinpoint.on(DeleteEventStreamCommand).resolves({});
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

function expectRoleDeleted(name: string) {
  expect(names(aws.iam.commandCalls(DeleteRolePolicyCommand))).toEqual([{ RoleName: name, PolicyName: INLINE_POLICY_NAME }]);
  expect(names(aws.iam.commandCalls(DeleteRoleCommand))).toEqual([{ RoleName: name }]);
  const order = callOrder();
  expect(order.lastIndexOf('DeleteRolePolicy')).toBeLessThan(order.lastIndexOf('DeleteRole'));
}

function expectNothingDeleted() {
  expect(aws.iam.commandCalls(DeleteRolePolicyCommand)).toHaveLength(0);
  expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  expect(aws.pinpoint.commandCalls(DeleteEventStreamCommand)).toHaveLength(0);
}

// ---------------------------------------------------------------------------------------------

describe('Create', () => {
  it('happy path call order: GetRole (NoSuchEntity) -> CreateRole -> PutRolePolicy -> GetEventStream -> PutEventStream', async () => {
    freshAccount();
    await create(w, parsed());
    expect(callOrder()).toEqual(['GetRole', 'CreateRole', 'PutRolePolicy', 'GetEventStream', 'PutEventStream']);
  });

  it('creates the role with the Pinpoint trust, ownership tags, user tags and boundary', async () => {
    freshAccount();
    const p = parsed({ Tags: [{ Key: 'team', Value: 'growth' }], PermissionsBoundary: BOUNDARY_ARN });
    await create(w, p);
    const name = roleNameFor(p, STACK);
    const input = aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ RoleName: name, Path: '/', PermissionsBoundary: BOUNDARY_ARN });
    expect(JSON.parse(input?.AssumeRolePolicyDocument ?? '')).toEqual(pinpointAppTrust(STACK, APP_ID));
    expect(input?.Tags).toEqual([
      { Key: 'pinpoint-event-stream:managed-by', Value: 'Custom::PinpointEventStream' },
      { Key: 'pinpoint-event-stream:stack-id', Value: STACK.stackId },
      { Key: 'pinpoint-event-stream:logical-id', Value: STACK.logicalId },
      { Key: 'pinpoint-event-stream:binding', Value: fingerprint() },
      { Key: 'team', Value: 'growth' },
    ]);
  });

  it('puts the stream writer policy as the inline policy', async () => {
    freshAccount();
    await create(w, parsed({ DestinationStreamArn: FIREHOSE_ARN, KmsKeyArn: KMS_KEY_ARN }));
    const input = aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input;
    expect(input?.PolicyName).toBe(INLINE_POLICY_NAME);
    expect(JSON.parse(input?.PolicyDocument ?? '')).toEqual(streamWriterPolicy({ kind: 'firehose', arn: FIREHOSE_ARN }, KMS_KEY_ARN));
  });

  it('points the event stream at the new role and returns RoleArn, RoleName, ApplicationId; physical id = role ARN', async () => {
    freshAccount();
    const p = parsed();
    const name = roleNameFor(p, STACK);
    const result = await create(w, p);
    const arn = roleArnOf(name);
    expect(names(aws.pinpoint.commandCalls(PutEventStreamCommand))).toEqual([
      { ApplicationId: APP_ID, WriteEventStream: { DestinationStreamArn: KINESIS_ARN, RoleArn: arn } },
    ]);
    expect(result).toEqual({ physicalResourceId: arn, data: { RoleArn: arn, RoleName: name, ApplicationId: APP_ID } });
  });

  it('uses RoleName and RolePath when given', async () => {
    freshAccount();
    const result = await create(w, parsed({ RoleName: 'events-writer', RolePath: '/messaging/' }));
    expect(result.physicalResourceId).toBe('arn:aws:iam::123456789012:role/messaging/events-writer');
    expect(aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input).toMatchObject({ RoleName: 'events-writer', Path: '/messaging/' });
  });

  it('builds ARNs in the stack partition (aws-cn)', async () => {
    freshAccount();
    aws.iam.on(CreateRoleCommand).callsFake((input: { RoleName: string }) => ({
      Role: { RoleName: input.RoleName, Path: '/', Arn: `arn:aws-cn:iam::123456789012:role/${input.RoleName}`, RoleId: 'x', CreateDate: new Date() },
    }));
    const cn = stackFor(CN_STACK_ID);
    const p = parsed({ DestinationStreamArn: 'arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s' }, cn);
    const result = await create(makeWork(w.ctx, cn, progress), p);
    expect(result.physicalResourceId).toMatch(/^arn:aws-cn:iam::123456789012:role\//);
    expect(JSON.parse(aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input.AssumeRolePolicyDocument ?? '')).toEqual(pinpointAppTrust(cn, APP_ID));
  });

  it('records the role ARN as physical id before any AWS call (a deadline answer names it)', async () => {
    aws.iam.on(GetRoleCommand).callsFake(() => never());
    const p = parsed();
    void create(w, p);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(progress.physicalResourceId).toBe(roleArnOf(roleNameFor(p, STACK)));
  });

  it('retries PutEventStream while Pinpoint cannot yet assume the role (IAM propagation), then succeeds', async () => {
    freshAccount();
    aws.pinpoint
      .on(PutEventStreamCommand)
      .rejectsOnce(new BadRequestException({ message: PROPAGATION_MESSAGE, $metadata: { httpStatusCode: 400 } }))
      .resolves({});
    const result = await create(w, parsed());
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(2);
    expect(result.physicalResourceId).toMatch(/^arn:aws:iam::123456789012:role\//);
    expectNothingDeleted();
  });

  it('does not retry any other BadRequest; fails naming the call and removes the role it created', async () => {
    freshAccount();
    aws.pinpoint.on(PutEventStreamCommand).rejects(new BadRequestException({ message: 'Kinesis stream does not exist', $metadata: {} }));
    const p = parsed();
    const error = await failure(create(w, p));
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error.message).toContain('mobiletargeting:PutEventStream');
    expect(error.message).toContain('Kinesis stream does not exist');
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
    expectRoleDeleted(roleNameFor(p, STACK));
  });

  it('gives up on propagation before the work deadline with a DeadlineError, and removes the role', async () => {
    freshAccount();
    aws.pinpoint.on(PutEventStreamCommand).rejects(new BadRequestException({ message: PROPAGATION_MESSAGE, $metadata: {} }));
    const started = Date.now();
    const p = parsed();
    const error = await failure(create(makeWork(awsContext(aws.clients, captureLogger(), { workDeadline: started + 400 }), STACK, progress), p));
    expect(error).toBeInstanceOf(DeadlineError);
    expect(Date.now()).toBeLessThan(started + 400 + 200);
    expectRoleDeleted(roleNameFor(p, STACK));
  });

  it('a NotFound on PutEventStream fails with a reason naming ApplicationId', async () => {
    freshAccount();
    aws.pinpoint.on(PutEventStreamCommand).rejects(pinpointNotFound());
    const p = parsed();
    const error = await failure(create(w, p));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).property).toBe('ApplicationId');
    expect(error.message).toContain(APP_ID);
    expectRoleDeleted(roleNameFor(p, STACK));
  });

  it('refuses an existing event stream owned by someone else (OwnershipError), and removes its own role', async () => {
    freshAccount();
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf('someone-elses-role') } });
    aws.iam.on(GetRoleCommand, { RoleName: 'someone-elses-role' }).resolves(foreignRole('someone-elses-role'));
    const p = parsed();
    const error = await failure(create(w, p));
    expect(error).toBeInstanceOf(OwnershipError);
    expect(error.message).toContain('ReplaceExistingStream');
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(0);
    expectRoleDeleted(roleNameFor(p, STACK));
  });

  it('refuses an existing event stream without a role of this account', async () => {
    freshAccount();
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: 'arn:aws:iam::210987654321:role/x' } });
    expect(await failure(create(w, parsed()))).toBeInstanceOf(OwnershipError);
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(0);
  });

  it('replaces an existing event stream owned by someone else when ReplaceExistingStream is "true"', async () => {
    freshAccount();
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf('someone-elses-role') } });
    aws.iam.on(GetRoleCommand, { RoleName: 'someone-elses-role' }).resolves(foreignRole('someone-elses-role'));
    const p = parsed({ ReplaceExistingStream: 'true' });
    await create(w, p);
    expect(names(aws.pinpoint.commandCalls(PutEventStreamCommand))[0]?.WriteEventStream?.RoleArn).toBe(roleArnOf(roleNameFor(p, STACK)));
    expectNothingDeleted();
  });

  it('takes over an existing event stream whose role is tagged for the same stack and logical id', async () => {
    freshAccount();
    const earlier = 'my-stack-MyEventStream-earlier';
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf(earlier) } });
    aws.iam.on(GetRoleCommand, { RoleName: earlier }).resolves(ownedRole(earlier, 'old-binding'));
    await create(w, parsed());
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
    expectNothingDeleted();
  });

  it('does not take over a stream whose role is tagged for the same logical id in another stack', async () => {
    freshAccount();
    const theirs = 'other-stack-role';
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf(theirs) } });
    aws.iam.on(GetRoleCommand, { RoleName: theirs }).resolves(ownedRole(theirs, 'b', { stack: stackFor(OTHER_REGION_STACK_ID) }));
    expect(await failure(create(w, parsed()))).toBeInstanceOf(OwnershipError);
  });

  it('an event stream already using this role is simply updated', async () => {
    freshAccount();
    const p = parsed();
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf(roleNameFor(p, STACK)) } });
    await create(w, p);
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });

  it('refuses a role name that exists and is not owned (OwnershipError), touching nothing', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: 'taken' }).resolves(foreignRole('taken'));
    const error = await failure(create(w, parsed({ RoleName: 'taken' })));
    expect(error).toBeInstanceOf(OwnershipError);
    expect(error.message).toContain('RoleName');
    expect(error.message).toContain('taken');
    expect(callOrder()).toEqual(['GetRole']);
  });

  it('a role created meanwhile by someone else (EntityAlreadyExists) is refused and not deleted', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand).rejectsOnce(noSuchEntity()).resolves(foreignRole('taken'));
    aws.iam.on(CreateRoleCommand).rejects(new EntityAlreadyExistsException({ message: 'exists', $metadata: {} }));
    expect(await failure(create(w, parsed({ RoleName: 'taken' })))).toBeInstanceOf(OwnershipError);
    expectNothingDeleted();
    expect(aws.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  it('a failing CreateRole fails naming iam:CreateRole and deletes nothing', async () => {
    freshAccount();
    aws.iam.on(CreateRoleCommand).rejects(Object.assign(new Error('not authorized to perform iam:CreateRole'), { name: 'AccessDenied' }));
    const error = await failure(create(w, parsed()));
    expect(error.message).toContain('iam:CreateRole');
    expectNothingDeleted();
  });

  it.each([
    ['PutRolePolicy', 'iam:PutRolePolicy', () => aws.iam.on(PutRolePolicyCommand).rejects(Object.assign(new Error('MalformedPolicyDocument'), { name: 'MalformedPolicyDocumentException' }))],
    ['GetEventStream', 'mobiletargeting:GetEventStream', () => aws.pinpoint.on(GetEventStreamCommand).rejects(Object.assign(new Error('denied'), { name: 'ForbiddenException' }))],
    ['PutEventStream', 'mobiletargeting:PutEventStream', () => aws.pinpoint.on(PutEventStreamCommand).rejects(Object.assign(new Error('denied'), { name: 'ForbiddenException' }))],
  ])('a failing %s fails naming the call and deletes the role this invocation created', async (_step, call, breakIt) => {
    freshAccount();
    breakIt();
    const p = parsed();
    const error = await failure(create(w, p));
    expect(error.message).toContain(call);
    expectRoleDeleted(roleNameFor(p, STACK));
  });

  it('the original error is kept when removing the created role fails too', async () => {
    freshAccount();
    aws.iam.on(PutRolePolicyCommand).rejects(Object.assign(new Error('bad policy'), { name: 'MalformedPolicyDocumentException' }));
    aws.iam.on(DeleteRoleCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const log = captureLogger();
    const error = await failure(create(makeWork(awsContext(aws.clients, log), STACK, progress), parsed()));
    expect(error.message).toContain('iam:PutRolePolicy');
    expect(log.entries.some((e) => e.level === 'error' && e.message.includes('could not remove'))).toBe(true);
  });

  it('does not remove the role once the deadline aborted the work', async () => {
    freshAccount();
    const controller = new AbortController();
    aws.iam.on(PutRolePolicyCommand).callsFake(async () => {
      controller.abort(new Error('deadline reached'));
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    });
    await failure(create(makeWork(awsContext(aws.clients, captureLogger(), { signal: controller.signal }), STACK, progress), parsed()));
    expectNothingDeleted();
  });

  it('a redelivered Create (role exists, owned) converges to the same result without error', async () => {
    freshAccount();
    const p = parsed({ Tags: [{ Key: 'team', Value: 'growth' }] });
    const first = await create(w, p);
    const name = roleNameFor(p, STACK);

    aws.iam.reset();
    aws.pinpoint.reset();
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(ownedRole(name, fingerprint(), { extraTags: [{ Key: 'team', Value: 'growth' }] }));
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: first.physicalResourceId } });
    const second = await create(makeWork(w.ctx, STACK, { physicalResourceId: 'x' }), p);

    expect(second).toEqual(first);
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(JSON.parse(aws.iam.commandCalls(UpdateAssumeRolePolicyCommand)[0]?.args[0].input.PolicyDocument ?? '')).toEqual(pinpointAppTrust(STACK, APP_ID));
    expect(names(aws.iam.commandCalls(TagRoleCommand))[0]?.Tags).toEqual([...ownershipTags(STACK, fingerprint()), { Key: 'team', Value: 'growth' }]);
    expect(aws.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(1);
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
    expectNothingDeleted();
  });

  it('a redelivered Create that fails does not delete the role the first delivery made', async () => {
    freshAccount();
    const p = parsed();
    const name = roleNameFor(p, STACK);
    aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(ownedRole(name, fingerprint()));
    aws.pinpoint.on(PutEventStreamCommand).rejects(Object.assign(new Error('denied'), { name: 'ForbiddenException' }));
    await failure(create(w, p));
    expectNothingDeleted();
  });

  it('an owned role with another path is refused, naming RolePath', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: 'fixed' }).resolves(ownedRole('fixed', fingerprint(APP_ID, '/', 'fixed'), { path: '/other/' }));
    const error = await failure(create(w, parsed({ RoleName: 'fixed' })));
    expect((error as ValidationError).property).toBe('RolePath');
  });
});

// ---------------------------------------------------------------------------------------------

describe('Update', () => {
  const currentName = () => roleNameFor(parsed(), STACK);
  const currentArn = () => roleArnOf(currentName());

  /** The role the previous Create made, and its event stream pointing at it. */
  function existing(options: Parameters<typeof ownedRole>[2] = {}) {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: currentName() }).resolves(ownedRole(currentName(), fingerprint(), options));
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: currentArn() } });
  }

  it('DestinationStreamArn change updates in place: same physical id, new policy and stream', async () => {
    existing();
    const result = await update(w, parsed({ DestinationStreamArn: FIREHOSE_ARN }), parsed(), currentArn());
    expect(result.physicalResourceId).toBe(currentArn());
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(JSON.parse(aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument ?? '')).toEqual(
      streamWriterPolicy({ kind: 'firehose', arn: FIREHOSE_ARN }, undefined),
    );
    expect(names(aws.pinpoint.commandCalls(PutEventStreamCommand))).toEqual([
      { ApplicationId: APP_ID, WriteEventStream: { DestinationStreamArn: FIREHOSE_ARN, RoleArn: currentArn() } },
    ]);
    expectNothingDeleted();
  });

  it('KmsKeyArn added updates the policy in place', async () => {
    existing();
    await update(w, parsed({ KmsKeyArn: KMS_KEY_ARN }), parsed(), currentArn());
    expect(JSON.parse(aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument ?? '')).toEqual(
      streamWriterPolicy({ kind: 'kinesis', arn: KINESIS_ARN }, KMS_KEY_ARN),
    );
  });

  it('tags removed from the template are untagged; the rest (and ownership tags) are set', async () => {
    existing({ extraTags: [{ Key: 'team', Value: 'a' }, { Key: 'cost-center', Value: '1' }] });
    const previous = parsed({ Tags: [{ Key: 'team', Value: 'a' }, { Key: 'cost-center', Value: '1' }] });
    await update(w, parsed({ Tags: [{ Key: 'team', Value: 'b' }] }), previous, currentArn());
    expect(names(aws.iam.commandCalls(UntagRoleCommand))).toEqual([{ RoleName: currentName(), TagKeys: ['cost-center'] }]);
    expect(names(aws.iam.commandCalls(TagRoleCommand))[0]?.Tags).toEqual([...ownershipTags(STACK, fingerprint()), { Key: 'team', Value: 'b' }]);
  });

  it('all tags removed from the template are untagged', async () => {
    existing({ extraTags: [{ Key: 'team', Value: 'a' }] });
    await update(w, parsed(), parsed({ Tags: [{ Key: 'team', Value: 'a' }] }), currentArn());
    expect(names(aws.iam.commandCalls(UntagRoleCommand))).toEqual([{ RoleName: currentName(), TagKeys: ['team'] }]);
  });

  it('a boundary removed from the template is removed from the role', async () => {
    existing({ boundary: BOUNDARY_ARN });
    const result = await update(w, parsed(), parsed({ PermissionsBoundary: BOUNDARY_ARN }), currentArn());
    expect(names(aws.iam.commandCalls(DeleteRolePermissionsBoundaryCommand))).toEqual([{ RoleName: currentName() }]);
    expect(result.physicalResourceId).toBe(currentArn());
  });

  it('a boundary added in the template is put on the role', async () => {
    existing();
    await update(w, parsed({ PermissionsBoundary: BOUNDARY_ARN }), parsed(), currentArn());
    expect(names(aws.iam.commandCalls(PutRolePermissionsBoundaryCommand))).toEqual([{ RoleName: currentName(), PermissionsBoundary: BOUNDARY_ARN }]);
    expect(aws.iam.commandCalls(DeleteRolePermissionsBoundaryCommand)).toHaveLength(0);
  });

  it('an unchanged boundary is left alone', async () => {
    existing({ boundary: BOUNDARY_ARN });
    await update(w, parsed({ PermissionsBoundary: BOUNDARY_ARN }), parsed({ PermissionsBoundary: BOUNDARY_ARN }), currentArn());
    expect(aws.iam.commandCalls(PutRolePermissionsBoundaryCommand)).toHaveLength(0);
    expect(aws.iam.commandCalls(DeleteRolePermissionsBoundaryCommand)).toHaveLength(0);
  });

  it('ReplaceExistingStream change is in place', async () => {
    existing();
    expect((await update(w, parsed({ ReplaceExistingStream: 'true' }), parsed(), currentArn())).physicalResourceId).toBe(currentArn());
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
  });

  it('an in-place update of a role this resource does not own fails', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: currentName() }).resolves(foreignRole(currentName()));
    expect(await failure(update(w, parsed({ DestinationStreamArn: FIREHOSE_ARN }), parsed(), currentArn()))).toBeInstanceOf(OwnershipError);
    expect(aws.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  it('ApplicationId change replaces the role: new role name and physical id, old role untouched', async () => {
    existing();
    const next = parsed({ ApplicationId: OTHER_APP });
    const result = await update(w, next, parsed(), currentArn());
    const newName = roleNameFor(next, STACK);
    expect(newName).not.toBe(currentName());
    expect(result.physicalResourceId).toBe(roleArnOf(newName));
    expect(result.data).toEqual({ RoleArn: roleArnOf(newName), RoleName: newName, ApplicationId: OTHER_APP });
    expect(names(aws.iam.commandCalls(CreateRoleCommand)).map((i) => i.RoleName)).toEqual([newName]);
    expect(aws.iam.commandCalls(TagRoleCommand).filter((c) => c.args[0].input.RoleName === currentName())).toHaveLength(0);
    expectNothingDeleted();
  });

  it('RolePath change replaces the role', async () => {
    existing();
    const result = await update(w, parsed({ RolePath: '/messaging/' }), parsed(), currentArn());
    expect(result.physicalResourceId).toMatch(/^arn:aws:iam::123456789012:role\/messaging\//);
    expect(result.physicalResourceId).not.toBe(currentArn());
  });

  it('RoleName change replaces the role with the new name', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: 'old-name' }).resolves(ownedRole('old-name', fingerprint(APP_ID, '/', 'old-name')));
    const result = await update(w, parsed({ RoleName: 'new-name' }), parsed({ RoleName: 'old-name' }), roleArnOf('old-name'));
    expect(result.physicalResourceId).toBe(roleArnOf('new-name'));
    expect(names(aws.iam.commandCalls(CreateRoleCommand))[0]?.RoleName).toBe('new-name');
  });

  it('a failed replacement deletes the new role it created, never the old one', async () => {
    existing();
    aws.pinpoint.on(PutEventStreamCommand).rejects(Object.assign(new Error('denied'), { name: 'ForbiddenException' }));
    const next = parsed({ ApplicationId: OTHER_APP });
    aws.pinpoint.on(GetEventStreamCommand).rejects(pinpointNotFound());
    await failure(update(w, next, parsed(), currentArn()));
    expectRoleDeleted(roleNameFor(next, STACK));
  });

  it('RoleName fixed and unchanged while ApplicationId changes fails, naming RoleName, touching nothing', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: 'fixed' }).resolves(ownedRole('fixed', fingerprint(APP_ID, '/', 'fixed')));
    const error = await failure(update(w, parsed({ RoleName: 'fixed', ApplicationId: OTHER_APP }), parsed({ RoleName: 'fixed' }), roleArnOf('fixed')));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).property).toBe('RoleName');
    expect(error.message).toContain('ApplicationId');
    expect(callOrder()).toEqual(['GetRole']);
  });

  it('RoleName fixed: the rollback (role binding already matches the new properties) converges in place', async () => {
    freshAccount();
    // The failed update left the role as it was: bound to APP_ID. CloudFormation rolls back to APP_ID.
    aws.iam.on(GetRoleCommand, { RoleName: 'fixed' }).resolves(ownedRole('fixed', fingerprint(APP_ID, '/', 'fixed')));
    const result = await update(w, parsed({ RoleName: 'fixed' }), parsed({ RoleName: 'fixed', ApplicationId: OTHER_APP }), roleArnOf('fixed'));
    expect(result.physicalResourceId).toBe(roleArnOf('fixed'));
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });

  it('a ServiceToken change alone is no replacement', async () => {
    existing();
    const result = await update(w, parsed({ ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:v2' }), parsed(), currentArn());
    expect(result.physicalResourceId).toBe(currentArn());
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
  });

  it('an update delivered twice ends in the same state', async () => {
    existing();
    const first = await update(w, parsed({ DestinationStreamArn: FIREHOSE_ARN }), parsed(), currentArn());
    const second = await update(w, parsed({ DestinationStreamArn: FIREHOSE_ARN }), parsed(), currentArn());
    expect(second).toEqual(first);
  });
});

// ---------------------------------------------------------------------------------------------

describe('Delete', () => {
  const name = () => roleNameFor(parsed(), STACK);
  const arn = () => roleArnOf(name());

  /** The deployed role; its event stream points at `streamRole` (this role by default), or does not exist (null). */
  function deployed(streamRole: string | null = arn()) {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: name() }).resolves(ownedRole(name(), fingerprint()));
    if (streamRole !== null) aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: streamRole } });
  }

  it('deletes the event stream pointing at this role, then the inline policy and the role', async () => {
    deployed();
    await remove(w, parsed(), arn());
    expect(callOrder()).toEqual(['GetRole', 'GetEventStream', 'DeleteEventStream', 'DeleteRolePolicy', 'DeleteRole']);
    expect(names(aws.pinpoint.commandCalls(DeleteEventStreamCommand))).toEqual([{ ApplicationId: APP_ID }]);
    expectRoleDeleted(name());
  });

  it('leaves an event stream that points at another role alone, still deleting its own role', async () => {
    deployed(roleArnOf('someone-elses-role'));
    await remove(w, parsed(), arn());
    expect(aws.pinpoint.commandCalls(DeleteEventStreamCommand)).toHaveLength(0);
    expectRoleDeleted(name());
  });

  it('deletes the role when the event stream is already gone', async () => {
    deployed(null);
    await remove(w, parsed(), arn());
    expect(aws.pinpoint.commandCalls(DeleteEventStreamCommand)).toHaveLength(0);
    expectRoleDeleted(name());
  });

  it('succeeds when the role is already gone, touching nothing else', async () => {
    freshAccount();
    await expect(remove(w, parsed(), arn())).resolves.toBeUndefined();
    expect(callOrder()).toEqual(['GetRole']);
  });

  it('succeeds when the inline policy, the role and the stream vanish meanwhile', async () => {
    deployed();
    aws.pinpoint.on(DeleteEventStreamCommand).rejects(pinpointNotFound());
    aws.iam.on(DeleteRolePolicyCommand).rejects(noSuchEntity());
    aws.iam.on(DeleteRoleCommand).rejects(noSuchEntity());
    await expect(remove(w, parsed(), arn())).resolves.toBeUndefined();
  });

  it('never deletes a role it does not own (nor its stream)', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: name() }).resolves(foreignRole(name()));
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: arn() } });
    await remove(w, parsed(), arn());
    expect(callOrder()).toEqual(['GetRole']);
  });

  it('never deletes a role owned by the same logical id of another stack', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: name() }).resolves(ownedRole(name(), 'b', { stack: stackFor(OTHER_REGION_STACK_ID) }));
    await remove(w, parsed(), arn());
    expectNothingDeleted();
  });

  it('never deletes a role whose ARN is not the physical id (same name, other path)', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: name() }).resolves(ownedRole(name(), fingerprint(), { path: '/other/' }));
    await remove(w, parsed(), arn());
    expectNothingDeleted();
  });

  it.each([
    ['a placeholder id', 'create-failed-b1a2c3d4'],
    ['an id CloudFormation invented', 'my-stack-MyEventStream-1ABCDEFGHIJ'],
    ['a role of another account', 'arn:aws:iam::210987654321:role/x'],
    ['a role of another partition', 'arn:aws-cn:iam::123456789012:role/x'],
    ['a user ARN', 'arn:aws:iam::123456789012:user/x'],
  ])('with %s as physical id, succeeds without any AWS call', async (_label, physicalId) => {
    freshAccount();
    await expect(remove(w, parsed(), physicalId)).resolves.toBeUndefined();
    expect(callOrder()).toEqual([]);
  });

  it('without valid properties, deletes only its owned role (no stream call)', async () => {
    deployed();
    await remove(w, undefined, arn());
    expect(aws.pinpoint.calls()).toHaveLength(0);
    expectRoleDeleted(name());
  });
});

// ---------------------------------------------------------------------------------------------

describe('SES event destination (ConfigurationSetName)', () => {
  const SES_PROPAGATION = 'Could not access Kinesis Firehose Stream arn:aws:firehose:us-east-1:123456789012:deliverystream/d using IAM role arn:aws:iam::123456789012:role/r.';
  const sesProps = (overrides: Record<string, unknown> = {}) =>
    parseResource(TYPE, { ConfigurationSetName: 'transactional', DestinationStreamArn: FIREHOSE_ARN, ...overrides }, STACK);
  const sesName = () => roleNameFor(sesProps(), STACK);
  const sesFingerprint = (eventDestinationName = 'MyEventStream') =>
    bindingFingerprint({ ConfigurationSetName: 'transactional', EventDestinationName: eventDestinationName, RolePath: '/', RoleName: '' });

  function sesAccount(destinations: { Name: string; RoleArn?: string }[] = []) {
    freshAccount();
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolves({
      EventDestinations: destinations.map((d) => ({
        Name: d.Name,
        MatchingEventTypes: ['SEND' as const],
        KinesisFirehoseDestination: d.RoleArn ? { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: d.RoleArn } : undefined,
      })),
    });
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).resolves({});
    aws.ses.on(UpdateConfigurationSetEventDestinationCommand).resolves({});
    aws.ses.on(DeleteConfigurationSetEventDestinationCommand).resolves({});
  }

  it('Create: role with the SES trust, policy, then CreateConfigurationSetEventDestination', async () => {
    sesAccount();
    const result = await create(w, sesProps({ MatchingEventTypes: ['BOUNCE', 'COMPLAINT'] }));
    expect(callOrder()).toEqual(['GetRole', 'CreateRole', 'PutRolePolicy', 'GetConfigurationSetEventDestinations', 'CreateConfigurationSetEventDestination']);
    expect(JSON.parse(aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input.AssumeRolePolicyDocument ?? '')).toEqual(sesTrust(STACK));
    const arn = roleArnOf(sesName());
    expect(names(aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand))).toEqual([
      {
        ConfigurationSetName: 'transactional',
        EventDestinationName: 'MyEventStream',
        EventDestination: { Enabled: true, MatchingEventTypes: ['BOUNCE', 'COMPLAINT'], KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: arn } },
      },
    ]);
    expect(result).toEqual({
      physicalResourceId: arn,
      data: { RoleArn: arn, RoleName: sesName(), ConfigurationSetName: 'transactional', EventDestinationName: 'MyEventStream' },
    });
  });

  it('Create retries while SES cannot use the role yet (IAM propagation)', async () => {
    sesAccount();
    aws.ses
      .on(CreateConfigurationSetEventDestinationCommand)
      .rejectsOnce(new SesBadRequestException({ message: SES_PROPAGATION, $metadata: {} }))
      .rejectsOnce(new SesBadRequestException({ message: 'Could not assume IAM role arn:aws:iam::123456789012:role/r', $metadata: {} }))
      .resolves({});
    await create(w, sesProps());
    expect(aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand)).toHaveLength(3);
  });

  it('Create does not retry another BadRequest and removes its role', async () => {
    sesAccount();
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).rejects(new SesBadRequestException({ message: 'Invalid delivery stream', $metadata: {} }));
    const error = await failure(create(w, sesProps()));
    expect(error.message).toContain('ses:CreateConfigurationSetEventDestination');
    expect(aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand)).toHaveLength(1);
    expectRoleDeleted(sesName());
  });

  it('Create with a missing configuration set fails naming ConfigurationSetName and removes its role', async () => {
    sesAccount();
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).rejects(new SesNotFoundException({ message: 'no such set', $metadata: {} }));
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).rejects(new SesNotFoundException({ message: 'no such set', $metadata: {} }));
    const error = await failure(create(w, sesProps()));
    expect((error as ValidationError).property).toBe('ConfigurationSetName');
    expectRoleDeleted(sesName());
  });

  it('an existing destination of that name not owned is refused unless ReplaceExistingStream is "true"', async () => {
    sesAccount([{ Name: 'MyEventStream', RoleArn: roleArnOf('someone-elses-role') }]);
    aws.iam.on(GetRoleCommand, { RoleName: 'someone-elses-role' }).resolves(foreignRole('someone-elses-role'));
    expect(await failure(create(w, sesProps()))).toBeInstanceOf(OwnershipError);
    expect(aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand)).toHaveLength(0);
    expectRoleDeleted(sesName());
  });

  it('an existing destination with no Firehose role (another type) is refused', async () => {
    sesAccount([{ Name: 'MyEventStream' }]);
    expect(await failure(create(w, sesProps()))).toBeInstanceOf(OwnershipError);
  });

  it('an existing destination is updated (UpdateConfigurationSetEventDestination) when replacing is allowed', async () => {
    sesAccount([{ Name: 'MyEventStream', RoleArn: roleArnOf('someone-elses-role') }]);
    aws.iam.on(GetRoleCommand, { RoleName: 'someone-elses-role' }).resolves(foreignRole('someone-elses-role'));
    await create(w, sesProps({ ReplaceExistingStream: 'true' }));
    expect(aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand)).toHaveLength(0);
    expect(aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand)).toHaveLength(1);
  });

  it('Update in place (event types, Enabled): same physical id, UpdateConfigurationSetEventDestination', async () => {
    sesAccount([{ Name: 'MyEventStream', RoleArn: roleArnOf(sesName()) }]);
    aws.iam.on(GetRoleCommand, { RoleName: sesName() }).resolves(ownedRole(sesName(), sesFingerprint()));
    const result = await update(w, sesProps({ MatchingEventTypes: ['SEND'], Enabled: 'false' }), sesProps(), roleArnOf(sesName()));
    expect(result.physicalResourceId).toBe(roleArnOf(sesName()));
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(names(aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand))[0]?.EventDestination).toEqual({
      Enabled: false,
      MatchingEventTypes: ['SEND'],
      KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: roleArnOf(sesName()) },
    });
  });

  it.each([
    ['EventDestinationName', { EventDestinationName: 'renamed' }],
    ['ConfigurationSetName', { ConfigurationSetName: 'marketing' }],
  ])('Update of %s replaces the role', async (_label, overrides) => {
    sesAccount();
    aws.iam.on(GetRoleCommand, { RoleName: sesName() }).resolves(ownedRole(sesName(), sesFingerprint()));
    const result = await update(w, sesProps(overrides), sesProps(), roleArnOf(sesName()));
    expect(result.physicalResourceId).not.toBe(roleArnOf(sesName()));
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(1);
  });

  it('Delete removes the destination only when it uses this role', async () => {
    sesAccount([{ Name: 'MyEventStream', RoleArn: roleArnOf(sesName()) }]);
    aws.iam.on(GetRoleCommand, { RoleName: sesName() }).resolves(ownedRole(sesName(), sesFingerprint()));
    await remove(w, sesProps(), roleArnOf(sesName()));
    expect(names(aws.ses.commandCalls(DeleteConfigurationSetEventDestinationCommand))).toEqual([
      { ConfigurationSetName: 'transactional', EventDestinationName: 'MyEventStream' },
    ]);
    expectRoleDeleted(sesName());
  });

  it('Delete leaves a destination using another role alone', async () => {
    sesAccount([{ Name: 'MyEventStream', RoleArn: roleArnOf('other') }]);
    aws.iam.on(GetRoleCommand, { RoleName: sesName() }).resolves(ownedRole(sesName(), sesFingerprint()));
    await remove(w, sesProps(), roleArnOf(sesName()));
    expect(aws.ses.commandCalls(DeleteConfigurationSetEventDestinationCommand)).toHaveLength(0);
    expectRoleDeleted(sesName());
  });

  it('Delete succeeds when the configuration set is already gone', async () => {
    sesAccount();
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).rejects(new SesNotFoundException({ message: 'gone', $metadata: {} }));
    aws.iam.on(GetRoleCommand, { RoleName: sesName() }).resolves(ownedRole(sesName(), sesFingerprint()));
    await expect(remove(w, sesProps(), roleArnOf(sesName()))).resolves.toBeUndefined();
    expectRoleDeleted(sesName());
  });
});

describe('Email sending role (Custom::PinpointEmailSendingRole)', () => {
  const roleProps = (raw: Record<string, unknown> = {}) => parseResource('Custom::PinpointEmailSendingRole', raw, STACK);
  const roleName = () => roleNameFor(roleProps(), STACK);

  it('Create makes the role and its policy only (no service call), returning RoleArn and RoleName', async () => {
    freshAccount();
    const result = await create(w, roleProps({ Identities: ['example.com'] }));
    expect(callOrder()).toEqual(['GetRole', 'CreateRole', 'PutRolePolicy']);
    expect(JSON.parse(aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input.AssumeRolePolicyDocument ?? '')).toEqual(pinpointAccountTrust(STACK));
    expect(JSON.parse(aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument ?? '')).toEqual(emailSendingPolicy(STACK, ['example.com'], undefined));
    expect(result).toEqual({ physicalResourceId: roleArnOf(roleName()), data: { RoleArn: roleArnOf(roleName()), RoleName: roleName() } });
  });

  it('its generated name differs from an event stream role of the same logical id', () => {
    expect(roleName()).not.toBe(roleNameFor(parsed(), STACK));
  });

  it('Update narrowing Identities is in place', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: roleName() }).resolves(ownedRole(roleName(), bindingFingerprint({ Kind: 'EmailSendingRole', RolePath: '/', RoleName: '' })));
    const result = await update(w, roleProps({ Identities: ['example.com'] }), roleProps(), roleArnOf(roleName()));
    expect(result.physicalResourceId).toBe(roleArnOf(roleName()));
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(JSON.parse(aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument ?? '')).toEqual(emailSendingPolicy(STACK, ['example.com'], undefined));
  });

  it('Delete deletes the owned role only', async () => {
    freshAccount();
    aws.iam.on(GetRoleCommand, { RoleName: roleName() }).resolves(ownedRole(roleName(), 'x'));
    await remove(w, roleProps(), roleArnOf(roleName()));
    expect(callOrder()).toEqual(['GetRole', 'DeleteRolePolicy', 'DeleteRole']);
  });
});

// Keeps the type import used even if a test above changes.
export type { Result };
