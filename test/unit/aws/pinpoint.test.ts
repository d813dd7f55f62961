import { DeleteEventStreamCommand, GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  deleteEventStream,
  getEventStream,
  isPinpointNotFound,
  isPinpointPropagationError,
  putEventStream,
} from '../../../src/aws/pinpoint.js';
import { AwsCallError } from '../../../src/errors.js';
import { awsContext, type MockedClients, mockedClients } from '../account.js';
import { APP_ID, awsError, KINESIS_ARN, notFound } from '../fixtures.js';

let aws: MockedClients;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  ctx = awsContext(aws.clients);
});

const badRequest = (message: string) =>
  new AwsCallError('mobiletargeting:PutEventStream', awsError('BadRequestException', message, { status: 400 }));
const forbidden = () => awsError('ForbiddenException', 'no', { status: 403 });

describe('Pinpoint event stream calls', () => {
  it('getEventStream reads destination and role', async () => {
    aws.pinpoint
      .on(GetEventStreamCommand, { ApplicationId: APP_ID })
      .resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: 'arn:r' } });
    await expect(getEventStream(ctx, APP_ID)).resolves.toEqual({ destinationStreamArn: KINESIS_ARN, roleArn: 'arn:r' });
    expect(aws.pinpoint.commandCalls(GetEventStreamCommand)[0]?.args[0].input).toEqual({ ApplicationId: APP_ID });
  });

  it('getEventStream is undefined on NotFound (no stream, or no application)', async () => {
    aws.pinpoint.on(GetEventStreamCommand).rejects(notFound());
    await expect(getEventStream(ctx, APP_ID)).resolves.toBeUndefined();
  });

  it('getEventStream is undefined when the answer has no stream', async () => {
    aws.pinpoint.on(GetEventStreamCommand).resolves({});
    await expect(getEventStream(ctx, APP_ID)).resolves.toBeUndefined();
  });

  it('getEventStream throws other errors naming the call', async () => {
    aws.pinpoint.on(GetEventStreamCommand).rejects(forbidden());
    await expect(getEventStream(ctx, APP_ID)).rejects.toThrow(
      /mobiletargeting:GetEventStream failed: ForbiddenException/,
    );
  });

  it('putEventStream writes destination and role', async () => {
    aws.pinpoint.on(PutEventStreamCommand).resolves({});
    await putEventStream(ctx, APP_ID, KINESIS_ARN, 'arn:r');
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)[0]?.args[0].input).toEqual({
      ApplicationId: APP_ID,
      WriteEventStream: { DestinationStreamArn: KINESIS_ARN, RoleArn: 'arn:r' },
    });
  });

  it('putEventStream throws errors naming the call (NotFound included)', async () => {
    aws.pinpoint.on(PutEventStreamCommand).rejects(notFound());
    const error = await putEventStream(ctx, APP_ID, KINESIS_ARN, 'arn:r').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).call).toBe('mobiletargeting:PutEventStream');
    expect(isPinpointNotFound(error)).toBe(true);
  });

  it('deleteEventStream sends the application id', async () => {
    aws.pinpoint.on(DeleteEventStreamCommand).resolves({});
    await deleteEventStream(ctx, APP_ID);
    expect(aws.pinpoint.commandCalls(DeleteEventStreamCommand)[0]?.args[0].input).toEqual({ ApplicationId: APP_ID });
  });

  it('deleteEventStream tolerates NotFound, not other errors', async () => {
    aws.pinpoint.on(DeleteEventStreamCommand).rejectsOnce(notFound()).rejects(forbidden());
    await expect(deleteEventStream(ctx, APP_ID)).resolves.toBeUndefined();
    await expect(deleteEventStream(ctx, APP_ID)).rejects.toThrow(
      /mobiletargeting:DeleteEventStream failed: ForbiddenException/,
    );
  });
});

describe('isPinpointNotFound', () => {
  it('is true for a wrapped NotFoundException only', () => {
    expect(isPinpointNotFound(new AwsCallError('x', notFound()))).toBe(true);
    expect(isPinpointNotFound(new AwsCallError('x', forbidden()))).toBe(false);
    expect(isPinpointNotFound(notFound())).toBe(false);
  });
});

describe('isPinpointPropagationError', () => {
  it('is true for BadRequest "make sure the IAM Role is configured correctly" (any case)', () => {
    expect(
      isPinpointPropagationError(
        badRequest('Unable to assume role. Please make sure the IAM Role is configured correctly.'),
      ),
    ).toBe(true);
    expect(isPinpointPropagationError(badRequest('MAKE SURE THE IAM ROLE IS CONFIGURED CORRECTLY'))).toBe(true);
  });

  it('is false for other BadRequests', () => {
    expect(isPinpointPropagationError(badRequest('Stream arn:... does not exist'))).toBe(false);
    expect(isPinpointPropagationError(badRequest('Could not assume IAM role'))).toBe(false);
  });

  it('is false for the same message on another error code', () => {
    const wrapped = new AwsCallError(
      'x',
      awsError('ForbiddenException', 'make sure the IAM Role is configured correctly'),
    );
    expect(isPinpointPropagationError(wrapped)).toBe(false);
  });

  it('is false for unwrapped errors', () => {
    expect(
      isPinpointPropagationError(awsError('BadRequestException', 'make sure the IAM Role is configured correctly')),
    ).toBe(false);
    expect(isPinpointPropagationError(undefined)).toBe(false);
  });
});
