/** AWS End User Messaging SMS and voice (pinpoint-sms-voice-v2) configuration-set event destination calls. */
import {
  CreateEventDestinationCommand,
  DeleteEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  type EventType,
  PinpointSMSVoiceV2Client,
  type EventDestination as SdkEventDestination,
  UpdateEventDestinationCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { type AwsContext, awsCall, awsMessage, isAwsError, unlessAbsent } from './call.js';

/** Where the service writes events: exactly one of these per destination. */
export type SmsDestination =
  | { readonly type: 'firehose'; readonly deliveryStreamArn: string }
  | { readonly type: 'logs'; readonly logGroupArn: string };

export interface SmsEventDestination {
  readonly destination: SmsDestination;
  readonly matchingEventTypes: readonly string[];
  readonly enabled: boolean;
  readonly roleArn: string;
}

/** A destination as the service reports it: its type and the role it uses (none for SNS). */
export interface SmsDestinationState {
  readonly type: 'firehose' | 'logs' | 'sns' | 'unknown';
  readonly roleArn?: string;
}

const sms = (ctx: AwsContext) => ctx.clients.get(PinpointSMSVoiceV2Client);

function stateOf(d: SdkEventDestination): SmsDestinationState {
  if (d.KinesisFirehoseDestination) return { type: 'firehose', roleArn: d.KinesisFirehoseDestination.IamRoleArn };
  if (d.CloudWatchLogsDestination) return { type: 'logs', roleArn: d.CloudWatchLogsDestination.IamRoleArn };
  return { type: d.SnsDestination ? 'sns' : 'unknown' };
}

/** The named destination; undefined when it or the configuration set does not exist. */
export async function getSmsEventDestination(
  ctx: AwsContext,
  configurationSetName: string,
  name: string,
): Promise<SmsDestinationState | undefined> {
  const answer = await unlessAbsent(
    awsCall(ctx, 'sms-voice:DescribeConfigurationSets', (o) =>
      sms(ctx).send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [configurationSetName] }), o),
    ),
    'ResourceNotFoundException',
  );
  const set = answer?.ConfigurationSets?.find((s) => s.ConfigurationSetName === configurationSetName);
  const found = set?.EventDestinations?.find((d) => d.EventDestinationName === name);
  return found && stateOf(found);
}

function target(d: SmsEventDestination) {
  return d.destination.type === 'firehose'
    ? { KinesisFirehoseDestination: { DeliveryStreamArn: d.destination.deliveryStreamArn, IamRoleArn: d.roleArn } }
    : { CloudWatchLogsDestination: { LogGroupArn: d.destination.logGroupArn, IamRoleArn: d.roleArn } };
}

/** Creates the destination (the service creates it enabled; a disabled one needs an update after). */
export async function createSmsEventDestination(
  ctx: AwsContext,
  configurationSetName: string,
  name: string,
  d: SmsEventDestination,
): Promise<void> {
  await awsCall(ctx, 'sms-voice:CreateEventDestination', (o) =>
    sms(ctx).send(
      new CreateEventDestinationCommand({
        ConfigurationSetName: configurationSetName,
        EventDestinationName: name,
        MatchingEventTypes: [...d.matchingEventTypes] as EventType[],
        ...target(d),
      }),
      o,
    ),
  );
}

export async function updateSmsEventDestination(
  ctx: AwsContext,
  configurationSetName: string,
  name: string,
  d: SmsEventDestination,
): Promise<void> {
  await awsCall(ctx, 'sms-voice:UpdateEventDestination', (o) =>
    sms(ctx).send(
      new UpdateEventDestinationCommand({
        ConfigurationSetName: configurationSetName,
        EventDestinationName: name,
        Enabled: d.enabled,
        MatchingEventTypes: [...d.matchingEventTypes] as EventType[],
        ...target(d),
      }),
      o,
    ),
  );
}

export async function deleteSmsEventDestination(
  ctx: AwsContext,
  configurationSetName: string,
  name: string,
): Promise<void> {
  await unlessAbsent(
    awsCall(ctx, 'sms-voice:DeleteEventDestination', (o) =>
      sms(ctx).send(
        new DeleteEventDestinationCommand({ ConfigurationSetName: configurationSetName, EventDestinationName: name }),
        o,
      ),
    ),
    'ResourceNotFoundException',
  );
}

/** The service's "no such configuration set" answer. */
export const isSmsNotFound = (error: unknown): boolean => isAwsError(error, 'ResourceNotFoundException');

/**
 * The service's answers while the new role (or its policy) has not reached it yet:
 * ValidationException "Could not access <destination> ... using IAM role ..." or "Could not assume IAM role ...".
 */
export function isSmsPropagationError(error: unknown): boolean {
  return (
    isAwsError(error, 'ValidationException') &&
    /Could not access .*\bIAM role\b|Could not assume IAM role/i.test(awsMessage(error))
  );
}

/** The service refused a value of MatchingEventTypes (an event type it does not know). */
export function isSmsEventTypeRejection(error: unknown): boolean {
  if (!isAwsError(error, 'ValidationException') || isSmsPropagationError(error)) return false;
  const fields = (error.cause as { Fields?: { Name?: string }[] }).Fields ?? [];
  return fields.some((f) => /matchingEventTypes/i.test(f.Name ?? '')) || /matchingEventTypes/i.test(awsMessage(error));
}

/** The configuration set already has the most destinations the service allows (5). */
export function isSmsDestinationQuota(error: unknown): boolean {
  return (
    isAwsError(error, 'ServiceQuotaExceededException') &&
    (error.cause as { Reason?: string }).Reason === 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET'
  );
}
