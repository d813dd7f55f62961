/** Custom::PinpointEventStream with ApplicationId: a role Pinpoint assumes to write to Kinesis or Firehose. */
import { isAwsError } from '../aws/call.js';
import { deleteEventStream, getEventStream, isPinpointPropagationError, putEventStream } from '../aws/pinpoint.js';
import { ValidationError } from '../errors.js';
import { pinpointAppTrust, streamWriterPolicy } from '../policies.js';
import {
  booleanProperty,
  COMMON_PROPERTIES,
  optionalKmsKeyArn,
  rejectUnknown,
  requiredString,
  roleProperties,
  streamDestination,
  type RoleProperties,
  type StreamDestination,
} from '../properties.js';
import type { ResourceKind } from './kind.js';

export interface PinpointEventStreamProperties extends RoleProperties {
  readonly applicationId: string;
  readonly destination: StreamDestination;
  readonly kmsKeyArn?: string;
  readonly replaceExistingStream: boolean;
}

const PROPERTIES = [...COMMON_PROPERTIES, 'ApplicationId', 'DestinationStreamArn', 'KmsKeyArn', 'ReplaceExistingStream'];

export const pinpointEventStream: ResourceKind<PinpointEventStreamProperties> = {
  properties: PROPERTIES,

  parse(raw, stack) {
    rejectUnknown(raw, PROPERTIES);
    return {
      ...roleProperties(raw, stack),
      applicationId: requiredString(raw, 'ApplicationId', /^[a-zA-Z0-9]{1,64}$/, 'a Pinpoint application (project) id'),
      destination: streamDestination(raw, 'DestinationStreamArn', stack, ['kinesis', 'firehose']),
      kmsKeyArn: optionalKmsKeyArn(raw, 'KmsKeyArn', stack),
      replaceExistingStream: booleanProperty(raw, 'ReplaceExistingStream', false),
    };
  },

  binding: (p) => ({ ApplicationId: p.applicationId }),
  trustPolicy: (p, stack) => pinpointAppTrust(stack, p.applicationId),
  permissionsPolicy: (p) => streamWriterPolicy(p.destination, p.kmsKeyArn),
  replaceExisting: (p) => p.replaceExistingStream,
  data: (p) => ({ ApplicationId: p.applicationId }),

  target: {
    describe: (p) => `the event stream of Pinpoint application ${p.applicationId}`,
    async current(ctx, p) {
      const stream = await getEventStream(ctx, p.applicationId);
      return { exists: stream !== undefined, roleArn: stream?.roleArn };
    },
    applyCall: () => 'mobiletargeting:PutEventStream',
    apply: (ctx, p, roleArn) => putEventStream(ctx, p.applicationId, p.destination.arn, roleArn),
    remove: (ctx, p) => deleteEventStream(ctx, p.applicationId),
    isPropagationError: isPinpointPropagationError,
    explain: (error, p) =>
      isAwsError(error, 'NotFoundException') ? new ValidationError('ApplicationId', `Pinpoint application ${p.applicationId} does not exist in this account and region`) : error,
  },
};
