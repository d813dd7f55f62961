/** SES v2 configuration-set event destination calls (Firehose destinations). */
import {
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  type EventDestinationDefinition,
  GetConfigurationSetEventDestinationsCommand,
  SESv2Client,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import type { SesEventType } from '../event-types.js';
import { type AwsContext, awsCall, awsMessage, isAwsError, unlessAbsent } from './call.js';

export interface SesFirehoseDestination {
  readonly enabled: boolean;
  readonly matchingEventTypes: readonly SesEventType[];
  readonly deliveryStreamArn: string;
  readonly roleArn: string;
}

const ses = (ctx: AwsContext) => ctx.clients.get(SESv2Client);

/** The named destination and its Firehose role (none for another type); undefined when it or its set does not exist. */
export async function getSesEventDestination(
  ctx: AwsContext,
  configurationSetName: string,
  name: string,
): Promise<{ roleArn?: string } | undefined> {
  const answer = await unlessAbsent(
    awsCall(ctx, 'ses:GetConfigurationSetEventDestinations', (o) =>
      ses(ctx).send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: configurationSetName }), o),
    ),
    'NotFoundException',
  );
  const found = answer?.EventDestinations?.find((d) => d.Name === name);
  return found && { roleArn: found.KinesisFirehoseDestination?.IamRoleArn };
}

function definition(d: SesFirehoseDestination): EventDestinationDefinition {
  return {
    Enabled: d.enabled,
    MatchingEventTypes: [...d.matchingEventTypes],
    KinesisFirehoseDestination: { DeliveryStreamArn: d.deliveryStreamArn, IamRoleArn: d.roleArn },
  };
}

export async function createSesEventDestination(
  ctx: AwsContext,
  configurationSetName: string,
  name: string,
  d: SesFirehoseDestination,
): Promise<void> {
  await awsCall(ctx, 'ses:CreateConfigurationSetEventDestination', (o) =>
    ses(ctx).send(
      new CreateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: configurationSetName,
        EventDestinationName: name,
        EventDestination: definition(d),
      }),
      o,
    ),
  );
}

export async function updateSesEventDestination(
  ctx: AwsContext,
  configurationSetName: string,
  name: string,
  d: SesFirehoseDestination,
): Promise<void> {
  await awsCall(ctx, 'ses:UpdateConfigurationSetEventDestination', (o) =>
    ses(ctx).send(
      new UpdateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: configurationSetName,
        EventDestinationName: name,
        EventDestination: definition(d),
      }),
      o,
    ),
  );
}

export async function deleteSesEventDestination(
  ctx: AwsContext,
  configurationSetName: string,
  name: string,
): Promise<void> {
  await unlessAbsent(
    awsCall(ctx, 'ses:DeleteConfigurationSetEventDestination', (o) =>
      ses(ctx).send(
        new DeleteConfigurationSetEventDestinationCommand({
          ConfigurationSetName: configurationSetName,
          EventDestinationName: name,
        }),
        o,
      ),
    ),
    'NotFoundException',
  );
}

/** SES's "no such configuration set" answer. */
export const isSesNotFound = (error: unknown): boolean => isAwsError(error, 'NotFoundException');

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
