/** SES v2 configuration-set event destination calls. */
import {
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  UpdateConfigurationSetEventDestinationCommand,
  type EventDestinationDefinition,
} from '@aws-sdk/client-sesv2';
import type { SesEventType } from '../event-types.js';
import { awsCall, awsMessage, isAwsError, type AwsContext } from './call.js';

export interface FirehoseEventDestination {
  readonly enabled: boolean;
  readonly matchingEventTypes: readonly SesEventType[];
  readonly deliveryStreamArn: string;
  readonly roleArn: string;
}

/** The named destination's role (undefined when it has no Firehose role); undefined when it or the set does not exist. */
export async function getEventDestination(ctx: AwsContext, configurationSetName: string, name: string): Promise<{ roleArn?: string } | undefined> {
  try {
    const { EventDestinations = [] } = await awsCall(ctx, 'ses:GetConfigurationSetEventDestinations', (o) =>
      ctx.clients.ses.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: configurationSetName }), o),
    );
    const found = EventDestinations.find((d) => d.Name === name);
    return found && { roleArn: found.KinesisFirehoseDestination?.IamRoleArn };
  } catch (error) {
    if (isAwsError(error, 'NotFoundException')) return undefined;
    throw error;
  }
}

function definition(d: FirehoseEventDestination): EventDestinationDefinition {
  return {
    Enabled: d.enabled,
    MatchingEventTypes: [...d.matchingEventTypes],
    KinesisFirehoseDestination: { DeliveryStreamArn: d.deliveryStreamArn, IamRoleArn: d.roleArn },
  };
}

export async function createEventDestination(ctx: AwsContext, configurationSetName: string, name: string, d: FirehoseEventDestination): Promise<void> {
  await awsCall(ctx, 'ses:CreateConfigurationSetEventDestination', (o) =>
    ctx.clients.ses.send(
      new CreateConfigurationSetEventDestinationCommand({ ConfigurationSetName: configurationSetName, EventDestinationName: name, EventDestination: definition(d) }),
      o,
    ),
  );
}

export async function updateEventDestination(ctx: AwsContext, configurationSetName: string, name: string, d: FirehoseEventDestination): Promise<void> {
  await awsCall(ctx, 'ses:UpdateConfigurationSetEventDestination', (o) =>
    ctx.clients.ses.send(
      new UpdateConfigurationSetEventDestinationCommand({ ConfigurationSetName: configurationSetName, EventDestinationName: name, EventDestination: definition(d) }),
      o,
    ),
  );
}

export async function deleteEventDestination(ctx: AwsContext, configurationSetName: string, name: string): Promise<void> {
  try {
    await awsCall(ctx, 'ses:DeleteConfigurationSetEventDestination', (o) =>
      ctx.clients.ses.send(new DeleteConfigurationSetEventDestinationCommand({ ConfigurationSetName: configurationSetName, EventDestinationName: name }), o),
    );
  } catch (error) {
    if (!isAwsError(error, 'NotFoundException')) throw error;
  }
}

/**
 * SES's answers while the new role (or its policy) has not reached it yet:
 * BadRequestException "Could not access Kinesis Firehose Stream ... using IAM role ..."
 * or "Could not assume IAM role ...".
 */
export function isSesPropagationError(error: unknown): boolean {
  return (
    isAwsError(error, 'BadRequestException') &&
    /Could not access Kinesis Firehose Stream .* using IAM role|Could not assume IAM role/i.test(awsMessage(error))
  );
}
