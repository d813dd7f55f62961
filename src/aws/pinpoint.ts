/** Amazon Pinpoint event-stream calls. */
import { DeleteEventStreamCommand, GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { awsCall, awsMessage, isAwsError, type AwsContext } from './call.js';

export interface EventStream {
  readonly destinationStreamArn?: string;
  readonly roleArn?: string;
}

/** The application's event stream, or undefined when it has none (or the application does not exist). */
export async function getEventStream(ctx: AwsContext, applicationId: string): Promise<EventStream | undefined> {
  try {
    const { EventStream } = await awsCall(ctx, 'mobiletargeting:GetEventStream', (o) =>
      ctx.clients.pinpoint.send(new GetEventStreamCommand({ ApplicationId: applicationId }), o),
    );
    return EventStream && { destinationStreamArn: EventStream.DestinationStreamArn, roleArn: EventStream.RoleArn };
  } catch (error) {
    if (isAwsError(error, 'NotFoundException')) return undefined;
    throw error;
  }
}

export async function putEventStream(ctx: AwsContext, applicationId: string, destinationStreamArn: string, roleArn: string): Promise<void> {
  await awsCall(ctx, 'mobiletargeting:PutEventStream', (o) =>
    ctx.clients.pinpoint.send(
      new PutEventStreamCommand({ ApplicationId: applicationId, WriteEventStream: { DestinationStreamArn: destinationStreamArn, RoleArn: roleArn } }),
      o,
    ),
  );
}

export async function deleteEventStream(ctx: AwsContext, applicationId: string): Promise<void> {
  try {
    await awsCall(ctx, 'mobiletargeting:DeleteEventStream', (o) =>
      ctx.clients.pinpoint.send(new DeleteEventStreamCommand({ ApplicationId: applicationId }), o),
    );
  } catch (error) {
    if (!isAwsError(error, 'NotFoundException')) throw error;
  }
}

/**
 * Pinpoint's answer while the new role (or its policy) has not reached it yet:
 * BadRequestException "... make sure the IAM Role is configured correctly ...".
 */
export function isPinpointPropagationError(error: unknown): boolean {
  return isAwsError(error, 'BadRequestException') && /make sure the IAM Role is configured correctly/i.test(awsMessage(error));
}
