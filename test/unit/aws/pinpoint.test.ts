import { BadRequestException, DeleteEventStreamCommand, ForbiddenException, GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteEventStream, getEventStream, isPinpointPropagationError, putEventStream } from '../../../src/aws/pinpoint.js';
import { AwsCallError } from '../../../src/errors.js';
import { APP_ID, awsContext, KINESIS_ARN, mockedClients, pinpointNotFound } from '../fixtures.js';

let aws: ReturnType<typeof mockedClients>;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  ctx = awsContext(aws.clients);
});

const badRequest = (message: string) => new AwsCallError('mobiletargeting:PutEventStream', new BadRequestException({ message, $metadata: {} }));

describe('Pinpoint event stream calls', () => {
  it('getEventStream reads destination and role', async () => {
    aws.pinpoint.on(GetEventStreamCommand, { ApplicationId: APP_ID }).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: 'arn:r' } });
    await expect(getEventStream(ctx, APP_ID)).resolves.toEqual({ destinationStreamArn: KINESIS_ARN, roleArn: 'arn:r' });
  });

  it('getEventStream is undefined on NotFound', async () => {
    aws.pinpoint.on(GetEventStreamCommand).rejects(pinpointNotFound());
    await expect(getEventStream(ctx, APP_ID)).resolves.toBeUndefined();
  });

  it('getEventStream throws other errors naming the call', async () => {
    aws.pinpoint.on(GetEventStreamCommand).rejects(new ForbiddenException({ message: 'no', $metadata: {} }));
    await expect(getEventStream(ctx, APP_ID)).rejects.toThrow(/mobiletargeting:GetEventStream failed: ForbiddenException/);
  });

  it('putEventStream writes destination and role', async () => {
    aws.pinpoint.on(PutEventStreamCommand).resolves({});
    await putEventStream(ctx, APP_ID, KINESIS_ARN, 'arn:r');
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)[0]?.args[0].input).toEqual({
      ApplicationId: APP_ID,
      WriteEventStream: { DestinationStreamArn: KINESIS_ARN, RoleArn: 'arn:r' },
    });
  });

  it('deleteEventStream tolerates NotFound, not other errors', async () => {
    aws.pinpoint.on(DeleteEventStreamCommand).rejectsOnce(pinpointNotFound()).rejects(new ForbiddenException({ message: 'no', $metadata: {} }));
    await expect(deleteEventStream(ctx, APP_ID)).resolves.toBeUndefined();
    await expect(deleteEventStream(ctx, APP_ID)).rejects.toThrow(/DeleteEventStream/);
  });
});

describe('isPinpointPropagationError', () => {
  it('is true for BadRequest "make sure the IAM Role is configured correctly"', () => {
    expect(isPinpointPropagationError(badRequest('Unable to assume role. Please make sure the IAM Role is configured correctly.'))).toBe(true);
    expect(isPinpointPropagationError(badRequest('MAKE SURE THE IAM ROLE IS CONFIGURED CORRECTLY'))).toBe(true);
  });

  it('is false for other BadRequests', () => {
    expect(isPinpointPropagationError(badRequest('Stream arn:... does not exist'))).toBe(false);
  });

  it('is false for the same message on another error code', () => {
    const forbidden = new AwsCallError('x', new ForbiddenException({ message: 'make sure the IAM Role is configured correctly', $metadata: {} }));
    expect(isPinpointPropagationError(forbidden)).toBe(false);
  });

  it('is false for unwrapped errors', () => {
    expect(isPinpointPropagationError(new BadRequestException({ message: 'make sure the IAM Role is configured correctly', $metadata: {} }))).toBe(false);
  });

});
