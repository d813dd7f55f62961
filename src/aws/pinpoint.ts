/** Amazon Pinpoint event-stream calls. */
import {
  DeleteEventStreamCommand,
  GetEventStreamCommand,
  PinpointClient,
  PutEventStreamCommand,
} from '@aws-sdk/client-pinpoint';
import { type AwsContext, awsCall, awsMessage, isAwsError, unlessAbsent } from './call.js';

export interface EventStream {
  readonly destinationStreamArn?: string;
  readonly roleArn?: string;
}

const pinpoint = (ctx: AwsContext) => ctx.clients.get(PinpointClient);

/** The application's event stream; undefined when it has none or the application does not exist. */
export async function getEventStream(ctx: AwsContext, applicationId: string): Promise<EventStream | undefined> {
  const answer = await unlessAbsent(
    awsCall(ctx, 'mobiletargeting:GetEventStream', (o) =>
      pinpoint(ctx).send(new GetEventStreamCommand({ ApplicationId: applicationId }), o),
    ),
    'NotFoundException',
  );
  const stream = answer?.EventStream;
  return stream && { destinationStreamArn: stream.DestinationStreamArn, roleArn: stream.RoleArn };
}

export async function putEventStream(
  ctx: AwsContext,
  applicationId: string,
  destinationStreamArn: string,
  roleArn: string,
): Promise<void> {
  await awsCall(ctx, 'mobiletargeting:PutEventStream', (o) =>
    pinpoint(ctx).send(
      new PutEventStreamCommand({
        ApplicationId: applicationId,
        WriteEventStream: { DestinationStreamArn: destinationStreamArn, RoleArn: roleArn },
      }),
      o,
    ),
  );
}

export async function deleteEventStream(ctx: AwsContext, applicationId: string): Promise<void> {
  await unlessAbsent(
    awsCall(ctx, 'mobiletargeting:DeleteEventStream', (o) =>
      pinpoint(ctx).send(new DeleteEventStreamCommand({ ApplicationId: applicationId }), o),
    ),
    'NotFoundException',
  );
}

/** Pinpoint's "no such application" answer. */
export const isPinpointNotFound = (error: unknown): boolean => isAwsError(error, 'NotFoundException');

/**
 * Pinpoint's answer while the new role (or its policy) has not reached it yet:
 * BadRequestException "... make sure the IAM Role is configured correctly ...".
 */
export function isPinpointPropagationError(error: unknown): boolean {
  return (
    isAwsError(error, 'BadRequestException') &&
    /make sure the IAM Role is configured correctly/i.test(awsMessage(error))
  );
}
