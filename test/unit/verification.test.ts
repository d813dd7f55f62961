import {
  CloudFormationServiceException,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  StackStatus,
} from '@aws-sdk/client-cloudformation';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError } from '../../src/errors.js';
import type * as Verification from '../../src/verification.js';
import type { EventIdentity } from '../../src/verification.js';
import {
  awsContext,
  fresh,
  LOGICAL_ID,
  type MockedClients,
  mockedClients,
  STACK_ID,
  stackResource,
} from './fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let verifyEvent: typeof Verification.verifyEvent;
beforeEach(async () => ({ verifyEvent } = await fresh(() => import('../../src/verification.js'))));

let aws: MockedClients;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  aws.cloudformation.reset();
  ctx = awsContext(aws.clients);
});

const EVENT: EventIdentity = { stackId: STACK_ID, logicalId: LOGICAL_ID, resourceType: 'Custom::PinpointEventStream' };

const cfnError = (name: string, message: string, status = 400) =>
  new CloudFormationServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message });
const noResource = () => cfnError('ValidationError', `Resource ${LOGICAL_ID} does not exist for stack my-stack`);
const noStack = () => cfnError('ValidationError', `Stack '${STACK_ID}' does not exist`);
const noStackWithId = () => cfnError('ValidationError', `Stack with id ${STACK_ID} does not exist`);

function stackIs(status: string) {
  aws.cloudformation.on(DescribeStacksCommand).resolves({
    Stacks: [
      { StackName: 'my-stack', StackId: STACK_ID, StackStatus: status as StackStatus, CreationTime: new Date(0) },
    ],
  });
}

const ALL_STATUSES: string[] = Object.values(StackStatus);
const IN_PROGRESS = ALL_STATUSES.filter((s) => s.endsWith('_IN_PROGRESS'));
const IDLE = ALL_STATUSES.filter((s) => !s.endsWith('_IN_PROGRESS'));

describe('verifyEvent: the resource is described', () => {
  it('verifies a resource of the event type, with one DescribeStackResource call naming the stack and logical id', async () => {
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .resolves({ StackResourceDetail: stackResource('Custom::PinpointEventStream') });
    await expect(verifyEvent(ctx, EVENT)).resolves.toEqual({ verified: true });
    expect(aws.cloudformation.commandCalls(DescribeStackResourceCommand).map((c) => c.args[0].input)).toEqual([
      { StackName: STACK_ID, LogicalResourceId: LOGICAL_ID },
    ]);
    expect(aws.cloudformation.commandCalls(DescribeStacksCommand)).toHaveLength(0);
    expect(aws.used()).toEqual(['CloudFormationClient']);
  });

  it.each(['Custom::SmsVoiceEventDestination', 'Custom::PinpointEmailSendingRole'])(
    'verifies each kind: %s',
    async (type) => {
      aws.cloudformation.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: stackResource(type) });
      await expect(verifyEvent(ctx, { ...EVENT, resourceType: type })).resolves.toEqual({ verified: true });
    },
  );

  it.each([
    ['AWS::CloudFormation::CustomResource', 'Custom::PinpointEventStream'],
    ['Custom::PinpointEmailSendingRole', 'Custom::PinpointEventStream'],
    ['Custom::PinpointEventStream', 'Custom::SmsVoiceEventDestination'],
    ['AWS::IAM::Role', 'Custom::PinpointEventStream'],
  ])('refuses a %s when the event says %s, naming both types', async (actual, claimed) => {
    aws.cloudformation.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: stackResource(actual) });
    const verdict = await verifyEvent(ctx, { ...EVENT, resourceType: claimed });
    expect(verdict.verified).toBe(false);
    const why = verdict.verified ? '' : verdict.why;
    expect(why).toContain(actual);
    expect(why).toContain(claimed);
    expect(why).toContain(LOGICAL_ID);
    expect(aws.cloudformation.commandCalls(DescribeStacksCommand)).toHaveLength(0); // a type mismatch is refused whatever the stack does
  });

  it('a resource of a deleted stack (DELETE_COMPLETE, still described by stack id) is not taken as verified: the stack is asked', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: { ...stackResource('Custom::PinpointEventStream'), ResourceStatus: 'DELETE_COMPLETE' },
    });
    stackIs('DELETE_COMPLETE');
    const verdict = await verifyEvent(ctx, EVENT);
    expect(verdict.verified).toBe(false);
    expect(aws.cloudformation.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  it('a resource described as DELETE_COMPLETE while its stack updates (a replaced resource being cleaned up) is verified', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: { ...stackResource('Custom::PinpointEventStream'), ResourceStatus: 'DELETE_COMPLETE' },
    });
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    await expect(verifyEvent(ctx, EVENT)).resolves.toEqual({ verified: true });
  });

  it('does not compare physical ids (only the stack, the logical id and the type)', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: {
        ...stackResource('Custom::PinpointEventStream'),
        PhysicalResourceId: 'arn:aws:iam::123456789012:role/new-role',
      },
    });
    await expect(verifyEvent(ctx, EVENT)).resolves.toEqual({ verified: true });
  });
});

describe('verifyEvent: the resource is not described', () => {
  it.each(IN_PROGRESS)('verifies when the stack shows an operation under way: %s', async (status) => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(noResource());
    stackIs(status);
    await expect(verifyEvent(ctx, EVENT)).resolves.toEqual({ verified: true });
    expect(aws.cloudformation.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input)).toEqual([
      { StackName: STACK_ID },
    ]);
  });

  it('covers the statuses of an update cleanup and a delete', () => {
    expect(IN_PROGRESS).toEqual(
      expect.arrayContaining([
        'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
        'DELETE_IN_PROGRESS',
        'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
        'CREATE_IN_PROGRESS',
      ]),
    );
  });

  it.each(IDLE)(
    'refuses when the stack is idle: %s, naming the stack, the logical id and the status',
    async (status) => {
      aws.cloudformation.on(DescribeStackResourceCommand).rejects(noResource());
      stackIs(status);
      const verdict = await verifyEvent(ctx, EVENT);
      expect(verdict.verified).toBe(false);
      const why = verdict.verified ? '' : verdict.why;
      expect(why).toContain(STACK_ID);
      expect(why).toContain(LOGICAL_ID);
      expect(why).toContain(status);
    },
  );

  it('refuses a status merely containing IN_PROGRESS (it must end with _IN_PROGRESS)', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(noResource());
    stackIs('UPDATE_IN_PROGRESS_SOMETHING');
    await expect(verifyEvent(ctx, EVENT)).resolves.toMatchObject({ verified: false });
  });

  it('refuses when DescribeStackResource says the stack does not exist, without asking DescribeStacks', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(noStack());
    const verdict = await verifyEvent(ctx, EVENT);
    expect(verdict).toEqual({ verified: false, why: expect.stringContaining(STACK_ID) });
    expect(verdict.verified ? '' : verdict.why).toMatch(/does not exist/);
    expect(aws.cloudformation.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  it('refuses when DescribeStacks says the stack does not exist', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(noResource());
    aws.cloudformation.on(DescribeStacksCommand).rejects(noStackWithId());
    const verdict = await verifyEvent(ctx, EVENT);
    expect(verdict).toEqual({ verified: false, why: expect.stringContaining(STACK_ID) });
    expect(verdict.verified ? '' : verdict.why).toMatch(/does not exist/);
  });

  it('refuses when DescribeStacks lists no stack', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(noResource());
    aws.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [] });
    await expect(verifyEvent(ctx, EVENT)).resolves.toMatchObject({ verified: false });
  });
});

describe('verifyEvent: errors are not verdicts', () => {
  it('throws AccessDenied of DescribeStackResource, naming the call', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(cfnError('AccessDenied', 'not authorized', 403));
    const error = await verifyEvent(ctx, EVENT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toMatch(/^cloudformation:DescribeStackResource failed: AccessDenied/);
  });

  it('throws a network error of DescribeStackResource', async () => {
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .rejects(
        Object.assign(new Error('getaddrinfo ENOTFOUND cloudformation.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' }),
      );
    await expect(verifyEvent(ctx, EVENT)).rejects.toThrow(/^cloudformation:DescribeStackResource failed: .*ENOTFOUND/);
  });

  it('throws AccessDenied and network errors of DescribeStacks, naming the call', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(noResource());
    aws.cloudformation
      .on(DescribeStacksCommand)
      .rejectsOnce(cfnError('AccessDenied', 'not authorized', 403))
      .rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await expect(verifyEvent(ctx, EVENT)).rejects.toThrow(/^cloudformation:DescribeStacks failed: AccessDenied/);
    await expect(verifyEvent(ctx, EVENT)).rejects.toThrow(/^cloudformation:DescribeStacks failed: .*socket hang up/);
  });

  it('throws another ValidationError (not a verdict)', async () => {
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .rejects(cfnError('ValidationError', 'Rate exceeded for something unusual'));
    await expect(verifyEvent(ctx, EVENT)).rejects.toBeInstanceOf(AwsCallError);
  });
});
