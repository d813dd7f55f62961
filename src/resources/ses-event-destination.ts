/** Custom::PinpointEventStream with ConfigurationSetName: a role SES assumes to write events to Firehose. */
import { isAwsError } from '../aws/call.js';
import {
  createEventDestination,
  deleteEventDestination,
  getEventDestination,
  isSesPropagationError,
  updateEventDestination,
} from '../aws/sesv2.js';
import { ValidationError } from '../errors.js';
import { isSesEventType, SES_EVENT_TYPES, type SesEventType } from '../event-types.js';
import { sesTrust, streamWriterPolicy } from '../policies.js';
import {
  booleanProperty,
  COMMON_PROPERTIES,
  optionalKmsKeyArn,
  optionalString,
  optionalStringList,
  rejectUnknown,
  requiredString,
  roleProperties,
  streamDestination,
  type RoleProperties,
  type StreamDestination,
} from '../properties.js';
import type { ResourceKind } from './kind.js';

export interface SesEventDestinationProperties extends RoleProperties {
  readonly configurationSetName: string;
  readonly eventDestinationName: string;
  readonly destination: StreamDestination;
  readonly matchingEventTypes: readonly SesEventType[];
  readonly enabled: boolean;
  readonly kmsKeyArn?: string;
  readonly replaceExistingStream: boolean;
}

const PROPERTIES = [
  ...COMMON_PROPERTIES,
  'ConfigurationSetName',
  'EventDestinationName',
  'DestinationStreamArn',
  'MatchingEventTypes',
  'Enabled',
  'KmsKeyArn',
  'ReplaceExistingStream',
];
const SES_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const SES_NAME_SHAPE = '1-64 letters, digits, _ or -';

function eventTypes(raw: Readonly<Record<string, unknown>>): SesEventType[] {
  const listed = optionalStringList(raw, 'MatchingEventTypes', /^[A-Z_]{1,32}$/, `one of ${SES_EVENT_TYPES.join(', ')}`);
  if (listed === undefined) return [...SES_EVENT_TYPES];
  const unknown = listed.find((type) => !isSesEventType(type));
  if (unknown !== undefined) throw new ValidationError('MatchingEventTypes', `"${unknown}" is not an event type; accepted: ${SES_EVENT_TYPES.join(', ')}`);
  return listed as SesEventType[];
}

export const sesEventDestination: ResourceKind<SesEventDestinationProperties> = {
  properties: PROPERTIES,

  parse(raw, stack) {
    rejectUnknown(raw, PROPERTIES);
    const eventDestinationName = optionalString(raw, 'EventDestinationName', SES_NAME, SES_NAME_SHAPE) ?? stack.logicalId;
    if (!SES_NAME.test(eventDestinationName)) {
      throw new ValidationError('EventDestinationName', `defaults to the LogicalResourceId, which is longer than 64 characters; set EventDestinationName`);
    }
    return {
      ...roleProperties(raw, stack),
      configurationSetName: requiredString(raw, 'ConfigurationSetName', SES_NAME, SES_NAME_SHAPE),
      eventDestinationName,
      destination: streamDestination(raw, 'DestinationStreamArn', stack, ['firehose'], ' (SES event destinations write to Firehose delivery streams only)'),
      matchingEventTypes: eventTypes(raw),
      enabled: booleanProperty(raw, 'Enabled', true),
      kmsKeyArn: optionalKmsKeyArn(raw, 'KmsKeyArn', stack),
      replaceExistingStream: booleanProperty(raw, 'ReplaceExistingStream', false),
    };
  },

  binding: (p) => ({ ConfigurationSetName: p.configurationSetName, EventDestinationName: p.eventDestinationName }),
  trustPolicy: (_, stack) => sesTrust(stack),
  permissionsPolicy: (p) => streamWriterPolicy(p.destination, p.kmsKeyArn),
  replaceExisting: (p) => p.replaceExistingStream,
  data: (p) => ({ ConfigurationSetName: p.configurationSetName, EventDestinationName: p.eventDestinationName }),

  target: {
    describe: (p) => `event destination ${p.eventDestinationName} of SES configuration set ${p.configurationSetName}`,
    async current(ctx, p) {
      const found = await getEventDestination(ctx, p.configurationSetName, p.eventDestinationName);
      return { exists: found !== undefined, roleArn: found?.roleArn };
    },
    applyCall: (exists) => (exists ? 'ses:UpdateConfigurationSetEventDestination' : 'ses:CreateConfigurationSetEventDestination'),
    apply(ctx, p, roleArn, exists) {
      const write = exists ? updateEventDestination : createEventDestination;
      return write(ctx, p.configurationSetName, p.eventDestinationName, {
        enabled: p.enabled,
        matchingEventTypes: p.matchingEventTypes,
        deliveryStreamArn: p.destination.arn,
        roleArn,
      });
    },
    remove: (ctx, p) => deleteEventDestination(ctx, p.configurationSetName, p.eventDestinationName),
    isPropagationError: isSesPropagationError,
    explain: (error, p) =>
      isAwsError(error, 'NotFoundException') ? new ValidationError('ConfigurationSetName', `SES configuration set ${p.configurationSetName} does not exist in this account and region`) : error,
  },
};
