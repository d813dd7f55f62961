/**
 * Custom::SmsVoiceEventDestination: a role AWS End User Messaging SMS and voice assumes to write
 * SMS, voice and MMS events to a Firehose delivery stream or a CloudWatch Logs log group.
 */

import { awsMessage } from '../aws/call.js';
import {
  createSmsEventDestination,
  deleteSmsEventDestination,
  getSmsEventDestination,
  isSmsDestinationQuota,
  isSmsEventTypeRejection,
  isSmsNotFound,
  isSmsPropagationError,
  type SmsDestination,
  type SmsEventDestination,
  updateSmsEventDestination,
} from '../aws/sms-voice.js';
import { UnsupportedRequestError, ValidationError } from '../errors.js';
import { RESOURCE_TYPES } from '../names.js';
import { isOffered } from '../partitions.js';
import { smsFirehosePolicy, smsLogsPolicy, smsVoiceTrust } from '../policies.js';
import {
  COMMON_PROPERTIES,
  logGroupArn,
  optionalStringList,
  type RawProperties,
  rejectUnknown,
  roleProperties,
  streamDestination,
} from '../properties.js';
import type { StackContext } from '../stack.js';
import {
  DESTINATION_PROPERTIES,
  destinationNames,
  destinationProperties,
  destinationTarget,
} from './event-destination.js';
import type { ResourceKind } from './kind.js';

const PROPERTIES = [
  ...COMMON_PROPERTIES,
  ...DESTINATION_PROPERTIES,
  'DestinationStreamArn',
  'LogGroupArn',
  'MatchingEventTypes',
];

/** The service keeps adding event types (TEXT_*, VOICE_*, MEDIA_*, RCS_*): only their shape is checked here. */
const EVENT_TYPE = /^[A-Z_]{1,64}$/;
export const DEFAULT_SMS_EVENT_TYPES: readonly string[] = ['ALL'];

/** Exactly one of DestinationStreamArn (Firehose) or LogGroupArn. */
function destinationOf(raw: RawProperties, stack: StackContext): SmsDestination {
  const hasStream = raw.DestinationStreamArn !== undefined;
  if (hasStream === (raw.LogGroupArn !== undefined)) {
    throw new ValidationError(
      hasStream ? 'DestinationStreamArn, LogGroupArn' : 'DestinationStreamArn',
      'give exactly one of DestinationStreamArn (a Firehose delivery stream) or LogGroupArn',
    );
  }
  if (!hasStream) return { type: 'logs', logGroupArn: logGroupArn(raw, 'LogGroupArn', stack) };
  const stream = streamDestination(
    raw,
    'DestinationStreamArn',
    stack,
    ['firehose'],
    ' (AWS End User Messaging SMS and voice supports Firehose delivery streams only)',
  );
  return { type: 'firehose', deliveryStreamArn: stream.arn };
}

export const smsVoiceEventDestination: ResourceKind = {
  properties: PROPERTIES,

  parse(raw, stack) {
    if (!isOffered(stack.partition, 'sms-voice')) {
      throw new UnsupportedRequestError(
        `${RESOURCE_TYPES.smsVoiceEventDestination}: AWS End User Messaging SMS and voice is not offered in ` +
          `partition ${stack.partition}`,
      );
    }
    rejectUnknown(raw, PROPERTIES);
    const names = destinationProperties(raw, stack);
    const destination = destinationOf(raw, stack);
    const matchingEventTypes = optionalStringList(
      raw,
      'MatchingEventTypes',
      EVENT_TYPE,
      'an event type (upper-case letters and _, e.g. ALL, TEXT_DELIVERED)',
    ) ?? [...DEFAULT_SMS_EVENT_TYPES];
    const wanted = (roleArn: string): SmsEventDestination => ({
      destination,
      matchingEventTypes,
      enabled: names.enabled,
      roleArn,
    });
    return {
      role: roleProperties(raw),
      binding: destinationNames(names),
      trust: smsVoiceTrust(stack, names.configurationSetName),
      permissions:
        destination.type === 'firehose'
          ? smsFirehosePolicy(destination.deliveryStreamArn)
          : smsLogsPolicy(destination.logGroupArn),
      data: destinationNames(names),
      target: destinationTarget(names, {
        service: 'SMS and voice',
        read: getSmsEventDestination,
        create: {
          call: 'sms-voice:CreateEventDestination',
          send: (ctx, set, name, roleArn) => createSmsEventDestination(ctx, set, name, wanted(roleArn)),
        },
        update: {
          call: 'sms-voice:UpdateEventDestination',
          send: (ctx, set, name, roleArn) => updateSmsEventDestination(ctx, set, name, wanted(roleArn)),
        },
        remove: { call: 'sms-voice:DeleteEventDestination', send: deleteSmsEventDestination },
        // ConflictException EVENT_DESTINATION_MISMATCH: the service cannot change a destination's type.
        updatableInPlace: (current) => current.type === destination.type,
        createsEnabled: true,
        isPropagationError: isSmsPropagationError,
        explain(error, p) {
          if (isSmsNotFound(error)) {
            return new ValidationError(
              'ConfigurationSetName',
              `SMS and voice configuration set ${p.configurationSetName} does not exist in this account and Region`,
            );
          }
          if (isSmsEventTypeRejection(error))
            return new ValidationError(
              'MatchingEventTypes',
              `rejected by AWS End User Messaging SMS and voice: ${awsMessage(error)}`,
            );
          if (isSmsDestinationQuota(error)) {
            return new ValidationError(
              'ConfigurationSetName',
              `configuration set ${p.configurationSetName} already has the most event destinations the service ` +
                'allows (5); remove one or use another configuration set',
            );
          }
          return error;
        },
      }),
    };
  },
};
