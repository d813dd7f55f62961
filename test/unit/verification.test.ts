/**
 * An event is verified only while CloudFormation waits for it: the resource described with the
 * event's type and the status of that request type (for a Delete of a replaced physical id, the
 * stack cleaning up or rolling back), or, when it is not described, the stack with an operation
 * under way. Every status CloudFormation has is tried (the SDK's own lists).
 */
import {
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ResourceStatus,
  StackStatus,
} from '@aws-sdk/client-cloudformation';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError } from '../../src/errors.js';
import type { RequestType } from '../../src/protocol/types.js';
import type * as Verification from '../../src/verification.js';
import type { EventIdentity } from '../../src/verification.js';
import { awsContext, describes, type MockedClients, mockedClients } from './account.js';
import { awsError, fresh, LOGICAL_ID, networkError, STACK_ID } from './fixtures.js';

// The module under test, loaded afresh for each test (its table of waiting statuses is top-level): see fresh().
let verifyEvent: typeof Verification.verifyEvent;
beforeEach(async () => ({ verifyEvent } = await fresh(() => import('../../src/verification.js'))));

let aws: MockedClients;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  aws.cloudformation.reset();
  ctx = awsContext(aws.clients);
});

const TYPE = 'Custom::PinpointEventStream';
const PHYSICAL_ID = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/r';
const REPLACED_ID = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/old';
const WAITING: Record<RequestType, string> = {
  Create: 'CREATE_IN_PROGRESS',
  Update: 'UPDATE_IN_PROGRESS',
  Delete: 'DELETE_IN_PROGRESS',
};
const REQUEST_TYPES: RequestType[] = ['Create', 'Update', 'Delete'];
const RESOURCE_STATUSES: string[] = Object.values(ResourceStatus);
const STACK_STATUSES: string[] = Object.values(StackStatus);

const event = (requestType: RequestType, physicalId?: string): EventIdentity => ({
  requestType,
  stackId: STACK_ID,
  logicalId: LOGICAL_ID,
  resourceType: TYPE,
  ...(physicalId === undefined ? {} : { physicalId }),
});
const validationError = (message: string) => awsError('ValidationError', message);
const notDescribed = () =>
  aws.cloudformation
    .on(DescribeStackResourceCommand)
    .rejects(validationError(`Resource ${LOGICAL_ID} does not exist for stack my-stack`));
const stackIs = (status: string) =>
  aws.cloudformation.on(DescribeStacksCommand).resolves({
    Stacks: [
      { StackName: 'my-stack', StackId: STACK_ID, StackStatus: status as StackStatus, CreationTime: new Date(0) },
    ],
  });
const calls = () => ({
  describeStackResource: aws.cloudformation.commandCalls(DescribeStackResourceCommand).length,
  describeStacks: aws.cloudformation.commandCalls(DescribeStacksCommand).length,
});

describe('the resource is described with its physical id: the status of the request type, nothing else', () => {
  const cases = REQUEST_TYPES.flatMap((type) => RESOURCE_STATUSES.map((status) => [type, status] as const));

  /** Each request type with its article, as reasons say it. */
  const A = { Create: 'a Create', Update: 'an Update', Delete: 'a Delete' } as const;

  it.each(cases)('%s while the resource is %s', async (requestType, status) => {
    describes(aws, TYPE, status, PHYSICAL_ID);
    const verdict = await verifyEvent(ctx, event(requestType, requestType === 'Create' ? undefined : PHYSICAL_ID));
    expect(verdict).toEqual(
      status === WAITING[requestType]
        ? { verified: true }
        : {
            verified: false,
            why: `stack resource ${LOGICAL_ID} is ${status}: CloudFormation is not waiting for ${A[requestType]}`,
          },
    );
    expect(calls()).toEqual({ describeStackResource: 1, describeStacks: 0 });
  });

  it('asks for the StackId and the logical id: a plain Create makes exactly one CloudFormation call', async () => {
    describes(aws, TYPE, 'CREATE_IN_PROGRESS');
    await expect(verifyEvent(ctx, event('Create'))).resolves.toEqual({ verified: true });
    expect(aws.cloudformation.calls().map((call) => call.args[0].input)).toEqual([
      { StackName: STACK_ID, LogicalResourceId: LOGICAL_ID },
    ]);
  });

  it('an Update is judged by the status alone, whatever physical id the event names', async () => {
    describes(aws, TYPE, 'UPDATE_IN_PROGRESS', PHYSICAL_ID);
    await expect(verifyEvent(ctx, event('Update', REPLACED_ID))).resolves.toEqual({ verified: true });
    expect(calls().describeStacks).toBe(0);
  });

  it('a Delete without a physical id, of a resource described without one, is judged by the status', async () => {
    describes(aws, TYPE, 'DELETE_IN_PROGRESS');
    await expect(verifyEvent(ctx, event('Delete'))).resolves.toEqual({ verified: true });
    expect(calls().describeStacks).toBe(0);
  });

  it.each(REQUEST_TYPES)(
    'a %s of a resource described with another type is refused, naming both types',
    async (type) => {
      describes(aws, 'AWS::S3::Bucket', WAITING[type], PHYSICAL_ID);
      await expect(verifyEvent(ctx, event(type, PHYSICAL_ID))).resolves.toEqual({
        verified: false,
        why: `stack resource ${LOGICAL_ID} is a AWS::S3::Bucket, not a ${TYPE}`,
      });
      expect(calls()).toEqual({ describeStackResource: 1, describeStacks: 0 });
    },
  );
});

// A replaced resource, or one a rollback abandons:
describe('a Delete of another physical id than the one described', () => {
  const cleaningUp = (status: string) =>
    status.endsWith('_CLEANUP_IN_PROGRESS') || status.endsWith('ROLLBACK_IN_PROGRESS');

  it('the statuses include the cleanup and rollback ones this rule is for', () => {
    expect(STACK_STATUSES.filter(cleaningUp).sort()).toEqual([
      'IMPORT_ROLLBACK_IN_PROGRESS',
      'ROLLBACK_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_ROLLBACK_IN_PROGRESS',
    ]);
  });

  it.each(STACK_STATUSES)('the stack %s: verified only while it cleans up or rolls back', async (status) => {
    describes(aws, TYPE, 'UPDATE_COMPLETE', PHYSICAL_ID);
    stackIs(status);
    expect(await verifyEvent(ctx, event('Delete', REPLACED_ID))).toEqual(
      cleaningUp(status)
        ? { verified: true }
        : {
            verified: false,
            why: `stack ${STACK_ID} (${status}) is not cleaning up or rolling back: no Delete of ${REPLACED_ID} is due`,
          },
    );
    expect(calls()).toEqual({ describeStackResource: 1, describeStacks: 1 });
    expect(aws.cloudformation.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toEqual({ StackName: STACK_ID });
  });

  it('whatever status the described successor has (even DELETE_IN_PROGRESS)', async () => {
    describes(aws, TYPE, 'DELETE_IN_PROGRESS', PHYSICAL_ID);
    stackIs('UPDATE_IN_PROGRESS');
    expect((await verifyEvent(ctx, event('Delete', REPLACED_ID))).verified).toBe(false);
  });

  it('is refused when the stack is gone by the time it is asked', async () => {
    describes(aws, TYPE, 'UPDATE_COMPLETE', PHYSICAL_ID);
    aws.cloudformation.on(DescribeStacksCommand).rejects(validationError(`Stack with id ${STACK_ID} does not exist`));
    await expect(verifyEvent(ctx, event('Delete', REPLACED_ID))).resolves.toEqual({
      verified: false,
      why: `stack ${STACK_ID} does not exist in this account and Region`,
    });
  });
});

describe('the resource is not described: the stack must have an operation under way', () => {
  const cases = REQUEST_TYPES.flatMap((type) => STACK_STATUSES.map((status) => [type, status] as const));

  it.each(cases)('%s while the stack is %s', async (requestType, status) => {
    notDescribed();
    stackIs(status);
    expect(await verifyEvent(ctx, event(requestType, PHYSICAL_ID))).toEqual(
      status.endsWith('_IN_PROGRESS')
        ? { verified: true }
        : {
            verified: false,
            why: `stack ${STACK_ID} has no resource ${LOGICAL_ID} and no operation under way (${status})`,
          },
    );
    expect(calls()).toEqual({ describeStackResource: 1, describeStacks: 1 });
  });

  it('refuses a status merely containing IN_PROGRESS (it must end with _IN_PROGRESS)', async () => {
    notDescribed();
    stackIs('IN_PROGRESS_COMPLETE');
    expect((await verifyEvent(ctx, event('Create'))).verified).toBe(false);
  });

  it.each([
    [
      'DescribeStacks says it does not exist',
      () =>
        aws.cloudformation
          .on(DescribeStacksCommand)
          .rejects(validationError(`Stack with id ${STACK_ID} does not exist`)),
    ],
    ['DescribeStacks lists no stack', () => aws.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [] })],
  ])('refuses when %s', async (_label, answer) => {
    notDescribed();
    answer();
    await expect(verifyEvent(ctx, event('Create'))).resolves.toEqual({
      verified: false,
      why: `stack ${STACK_ID} does not exist in this account and Region`,
    });
  });
});

describe('no such stack, and errors that are not verdicts', () => {
  it.each(REQUEST_TYPES)(
    'a %s for a stack that does not exist is refused, without asking DescribeStacks',
    async (type) => {
      aws.cloudformation
        .on(DescribeStackResourceCommand)
        .rejects(validationError(`Stack '${STACK_ID}' does not exist`));
      await expect(verifyEvent(ctx, event(type, PHYSICAL_ID))).resolves.toEqual({
        verified: false,
        why: `stack ${STACK_ID} does not exist in this account and Region`,
      });
      expect(calls()).toEqual({ describeStackResource: 1, describeStacks: 0 });
    },
  );

  it.each([
    ['AccessDenied', () => awsError('AccessDenied', 'not authorized', { status: 403 }), /AccessDenied/],
    ['a network error', networkError, /socket hang up/],
    ['another ValidationError', () => validationError('Rate exceeded for something unusual'), /ValidationError/],
  ])('throws %s of DescribeStackResource, naming the call', async (_label, error, named) => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(error());
    const thrown = await verifyEvent(ctx, event('Create')).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AwsCallError);
    expect((thrown as Error).message).toMatch(/^cloudformation:DescribeStackResource failed: /);
    expect((thrown as Error).message).toMatch(named);
  });

  it('throws AccessDenied and network errors of DescribeStacks, naming the call', async () => {
    notDescribed();
    aws.cloudformation
      .on(DescribeStacksCommand)
      .rejectsOnce(awsError('AccessDenied', 'not authorized', { status: 403 }))
      .rejects(networkError());
    await expect(verifyEvent(ctx, event('Create'))).rejects.toThrow(
      /^cloudformation:DescribeStacks failed: AccessDenied/,
    );
    await expect(verifyEvent(ctx, event('Create'))).rejects.toThrow(
      /^cloudformation:DescribeStacks failed: .*socket hang up/,
    );
  });
});
