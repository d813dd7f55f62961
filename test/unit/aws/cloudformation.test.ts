import { DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { beforeEach, describe, expect, it } from 'vitest';
import type * as CloudFormation from '../../../src/aws/cloudformation.js';
import { AwsCallError } from '../../../src/errors.js';
import { awsContext, type MockedClients, mockedClients, stackResource } from '../account.js';
import { awsError, fresh, LOGICAL_ID, networkError, STACK_ID } from '../fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let describeStackResource: typeof CloudFormation.describeStackResource;
let stackStatus: typeof CloudFormation.stackStatus;
beforeEach(
  async () =>
    ({ describeStackResource, stackStatus } = await fresh(() => import('../../../src/aws/cloudformation.js'))),
);

let aws: MockedClients;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  aws.cloudformation.reset();
  ctx = awsContext(aws.clients);
});

/** CloudFormation's Query-protocol errors: the code is the exception's name (no modeled class for ValidationError). */
const cfnError = (name: string, message: string, status = 400) => awsError(name, message, { status });
const validationError = (message: string) => cfnError('ValidationError', message);
const accessDenied = () =>
  cfnError('AccessDenied', 'User is not authorized to perform: cloudformation:DescribeStackResource', 403);

const NO_RESOURCE = `Resource ${LOGICAL_ID} does not exist for stack my-stack`;
const NO_STACK_QUOTED = `Stack '${STACK_ID}' does not exist`;
const NO_STACK_WITH_ID = `Stack with id ${STACK_ID} does not exist`;

describe('describeStackResource', () => {
  it('sends the StackId as StackName and the logical id, and returns the type, status and physical id', async () => {
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .resolves({ StackResourceDetail: stackResource('Custom::SmsVoiceEventDestination', 'UPDATE_IN_PROGRESS', 'p') });
    await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).resolves.toEqual({
      found: 'resource',
      resourceType: 'Custom::SmsVoiceEventDestination',
      status: 'UPDATE_IN_PROGRESS',
      physicalId: 'p',
    });
    expect(aws.cloudformation.commandCalls(DescribeStackResourceCommand)[0]?.args[0].input).toEqual({
      StackName: STACK_ID,
      LogicalResourceId: LOGICAL_ID,
    });
  });

  it('reports an empty type and status, and no physical id, when the answer has no detail', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).resolves({});
    await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).resolves.toEqual({
      found: 'resource',
      resourceType: '',
      status: '',
    });
  });

  it('reports no physical id when CloudFormation holds an empty one (before a Create answered)', async () => {
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .resolves({ StackResourceDetail: stackResource('Custom::X', 'CREATE_IN_PROGRESS', '') });
    expect(await describeStackResource(ctx, STACK_ID, LOGICAL_ID)).toEqual({
      found: 'resource',
      resourceType: 'Custom::X',
      status: 'CREATE_IN_PROGRESS',
      physicalId: undefined,
    });
  });

  it('is \'no-resource\' for ValidationError "Resource X does not exist for stack Y"', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(validationError(NO_RESOURCE));
    await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).resolves.toEqual({ found: 'no-resource' });
  });

  it.each([NO_STACK_QUOTED, NO_STACK_WITH_ID, "Stack 'my-stack' does not exist"])(
    "is 'no-stack' for ValidationError %j",
    async (message) => {
      aws.cloudformation.on(DescribeStackResourceCommand).rejects(validationError(message));
      await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).resolves.toEqual({ found: 'no-stack' });
    },
  );

  it('throws other ValidationErrors, naming the call', async () => {
    const message = "1 validation error detected: Value 'x y' at 'logicalResourceId' failed to satisfy constraint";
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(validationError(message));
    const error = await describeStackResource(ctx, STACK_ID, LOGICAL_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toBe(
      `cloudformation:DescribeStackResource failed: ValidationError: ${message}`,
    );
  });

  it('throws AccessDenied and network errors, naming the call', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejectsOnce(accessDenied()).rejects(networkError());
    await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).rejects.toThrow(
      /^cloudformation:DescribeStackResource failed: AccessDenied/,
    );
    await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).rejects.toThrow(
      /^cloudformation:DescribeStackResource failed: .*socket hang up/,
    );
  });

  it('reads "does not exist" only when the message is one, not a mention inside another', async () => {
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .rejectsOnce(validationError(`Rate of requests too high. ${NO_RESOURCE}`))
      .rejects(validationError(`Template error: ${NO_STACK_QUOTED}`));
    await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).rejects.toThrow(
      /^cloudformation:DescribeStackResource failed: ValidationError: Rate of requests/,
    );
    await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).rejects.toThrow(
      /^cloudformation:DescribeStackResource failed: ValidationError: Template error/,
    );
  });

  it('reads the "does not exist" messages only from a ValidationError', async () => {
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .rejectsOnce(cfnError('AccessDenied', NO_RESOURCE, 403))
      .rejects(cfnError('AccessDenied', NO_STACK_QUOTED, 403));
    await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).rejects.toBeInstanceOf(AwsCallError);
    await expect(describeStackResource(ctx, STACK_ID, LOGICAL_ID)).rejects.toBeInstanceOf(AwsCallError);
  });
});

describe('stackStatus', () => {
  it('sends the StackId as StackName and returns the status', async () => {
    aws.cloudformation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'my-stack',
          StackId: STACK_ID,
          StackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
          CreationTime: new Date(0),
        },
      ],
    });
    await expect(stackStatus(ctx, STACK_ID)).resolves.toBe('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    expect(aws.cloudformation.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toEqual({ StackName: STACK_ID });
  });

  it('is undefined when the answer lists no stack', async () => {
    aws.cloudformation.on(DescribeStacksCommand).resolvesOnce({ Stacks: [] }).resolves({});
    await expect(stackStatus(ctx, STACK_ID)).resolves.toBeUndefined();
    await expect(stackStatus(ctx, STACK_ID)).resolves.toBeUndefined();
  });

  it.each([NO_STACK_WITH_ID, NO_STACK_QUOTED])('is undefined for ValidationError %j', async (message) => {
    aws.cloudformation.on(DescribeStacksCommand).rejects(validationError(message));
    await expect(stackStatus(ctx, STACK_ID)).resolves.toBeUndefined();
  });

  it('throws other errors, naming the call', async () => {
    aws.cloudformation
      .on(DescribeStacksCommand)
      .rejectsOnce(validationError('Something else is wrong'))
      .rejectsOnce(validationError(NO_RESOURCE))
      .rejects(cfnError('AccessDenied', 'not authorized', 403));
    await expect(stackStatus(ctx, STACK_ID)).rejects.toThrow(
      /^cloudformation:DescribeStacks failed: ValidationError: Something else/,
    );
    await expect(stackStatus(ctx, STACK_ID)).rejects.toThrow(
      /^cloudformation:DescribeStacks failed: ValidationError: Resource/,
    );
    await expect(stackStatus(ctx, STACK_ID)).rejects.toThrow(/^cloudformation:DescribeStacks failed: AccessDenied/);
  });
});
