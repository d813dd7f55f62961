/**
 * The one module of this package that imports the function's own code (`../../src`): its stored
 * names and the kinds' property parsers. A construct refuses at synth time exactly what the
 * function would refuse at deploy time, with the function's own message, because it runs the
 * function's own parser. The function's modules may be renamed: keep every import of `src/` here.
 */
import { ResourceError } from '../../src/errors.js';
import { DEFAULT_SERVICE_TOKEN_PARAMETER, RESOURCE_TYPES } from '../../src/names.js';
import { emailSendingRole } from '../../src/resources/email-sending-role.js';
import type { ResourceKind } from '../../src/resources/kind.js';
import { pinpointEventStream } from '../../src/resources/pinpoint-event-stream.js';
import { sesEventDestination } from '../../src/resources/ses-event-destination.js';
import { smsVoiceEventDestination } from '../../src/resources/sms-voice-event-destination.js';
import { stackContext } from '../../src/stack.js';

/** The SSM parameter a shared deployment publishes its ServiceToken in, unless told otherwise. */
export const DEFAULT_SERVICE_TOKEN_PARAMETER_NAME: string = DEFAULT_SERVICE_TOKEN_PARAMETER;

export type Kind = 'smsVoiceEventDestination' | 'sesEventDestination' | 'pinpointEventStream' | 'emailSendingRole';

/** The ResourceType each construct declares. */
export const RESOURCE_TYPE: Readonly<Record<Kind, string>> = {
  smsVoiceEventDestination: RESOURCE_TYPES.smsVoiceEventDestination,
  sesEventDestination: RESOURCE_TYPES.sesEventDestination,
  pinpointEventStream: RESOURCE_TYPES.pinpointEventStream,
  emailSendingRole: RESOURCE_TYPES.emailSendingRole,
};

const PARSERS: Readonly<Record<Kind, ResourceKind>> = {
  smsVoiceEventDestination,
  sesEventDestination,
  pinpointEventStream,
  emailSendingRole,
};

/** The stack's id is not known before it is created: its name and this stand in for it. */
const NO_STACK_UUID = '00000000-0000-0000-0000-000000000000';

/** Where the resource will live, as the function reads it from the event. */
export interface Placement {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly stackName: string;
  readonly logicalId: string;
}

/**
 * The reason the function would give for refusing `properties` (as CloudFormation sends them:
 * every scalar a string), or undefined when it accepts them. Runs no AWS call.
 */
export function refusal(
  kind: Kind,
  properties: Readonly<Record<string, unknown>>,
  where: Placement,
): string | undefined {
  const { partition, region, account, stackName, logicalId } = where;
  const stackId = `arn:${partition}:cloudformation:${region}:${account}:stack/${stackName}/${NO_STACK_UUID}`;
  try {
    PARSERS[kind].parse(properties, stackContext(stackId, logicalId));
    return undefined;
  } catch (error) {
    if (error instanceof ResourceError) return error.message;
    throw error;
  }
}
