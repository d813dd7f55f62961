/**
 * Custom::PinpointEventStream with ApplicationId: a role Amazon Pinpoint assumes to write to Kinesis or
 * Firehose, and the application's event stream.
 */
import {
  deleteEventStream,
  getEventStream,
  isPinpointNotFound,
  isPinpointPropagationError,
  putEventStream,
} from '../aws/pinpoint.js';
import { AwsCallError, EndOfSupportError, ValidationError } from '../errors.js';
import { RESOURCE_TYPES } from '../names.js';
import { pinpointAppTrust, streamWriterPolicy } from '../policies.js';
import {
  booleanProperty,
  COMMON_PROPERTIES,
  optionalKmsKeyArn,
  rejectUnknown,
  requiredString,
  roleProperties,
  streamDestination,
  TAKEOVER_SETTING,
} from '../properties.js';
import type { ResourceKind } from './kind.js';

const PROPERTIES = [
  ...COMMON_PROPERTIES,
  'ApplicationId',
  'DestinationStreamArn',
  'KmsKeyArn',
  'ReplaceExistingStream',
];

/** Added to a Pinpoint failure that is neither IAM propagation nor a missing application. */
export const PINPOINT_END_OF_SUPPORT =
  'Pinpoint event streams reached end of support on 2026-10-30; ' +
  `use ${RESOURCE_TYPES.sesEventDestination} or ${RESOURCE_TYPES.smsVoiceEventDestination}`;

export const pinpointEventStream: ResourceKind = {
  properties: PROPERTIES,

  parse(raw, stack) {
    rejectUnknown(raw, PROPERTIES);
    const applicationId = requiredString(
      raw,
      'ApplicationId',
      /^[a-zA-Z0-9]{1,64}$/,
      'a Pinpoint application (project) id',
    );
    const destination = streamDestination(raw, 'DestinationStreamArn', stack, ['kinesis', 'firehose']);
    const kmsKeyArn = optionalKmsKeyArn(raw, 'KmsKeyArn', stack);
    return {
      role: roleProperties(raw),
      binding: { ApplicationId: applicationId },
      trust: pinpointAppTrust(stack, applicationId),
      permissions: streamWriterPolicy(destination, kmsKeyArn),
      data: { ApplicationId: applicationId },
      target: {
        description: `the event stream of Pinpoint application ${applicationId}`,
        replaceExisting: booleanProperty(raw, 'ReplaceExistingStream', false),
        takeoverHint: `to replace it, set ReplaceExistingStream to "true" (${TAKEOVER_SETTING})`,
        read: (ctx) => getEventStream(ctx, applicationId),
        write: () => ({
          call: 'mobiletargeting:PutEventStream',
          attempt: (ctx, roleArn) => putEventStream(ctx, applicationId, destination.arn, roleArn),
        }),
        remove: (ctx) => deleteEventStream(ctx, applicationId),
        isPropagationError: isPinpointPropagationError,
        explain(error) {
          if (isPinpointNotFound(error))
            return new ValidationError(
              'ApplicationId',
              `Pinpoint application ${applicationId} does not exist in this account and Region`,
            );
          return error instanceof AwsCallError ? new EndOfSupportError(error, PINPOINT_END_OF_SUPPORT) : error;
        },
      },
    };
  },
};
