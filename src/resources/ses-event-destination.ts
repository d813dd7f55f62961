/**
 * Custom::SesEventDestination (and its older spelling, Custom::PinpointEventStream with
 * ConfigurationSetName): a role SES assumes to write email events to Firehose.
 */
import {
  createSesEventDestination,
  deleteSesEventDestination,
  getSesEventDestination,
  isSesNotFound,
  isSesPropagationError,
  type SesFirehoseDestination,
  updateSesEventDestination,
} from '../aws/sesv2.js';
import { ValidationError } from '../errors.js';
import { isSesEventType, SES_EVENT_TYPES, type SesEventType } from '../event-types.js';
import { sesTrust, streamWriterPolicy } from '../policies.js';
import {
  COMMON_PROPERTIES,
  optionalKmsKeyArn,
  optionalStringList,
  type RawProperties,
  rejectUnknown,
  roleProperties,
  streamDestination,
} from '../properties.js';
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
  'MatchingEventTypes',
  'KmsKeyArn',
];

function eventTypes(raw: RawProperties): SesEventType[] {
  const listed = optionalStringList(
    raw,
    'MatchingEventTypes',
    /^[A-Z_]{1,32}$/,
    `one of ${SES_EVENT_TYPES.join(', ')}`,
  );
  if (listed === undefined) return [...SES_EVENT_TYPES];
  const unknown = listed.find((type) => !isSesEventType(type));
  if (unknown !== undefined)
    throw new ValidationError(
      'MatchingEventTypes',
      `"${unknown}" is not an event type; accepted: ${SES_EVENT_TYPES.join(', ')}`,
    );
  return listed as SesEventType[];
}

export const sesEventDestination: ResourceKind = {
  properties: PROPERTIES,

  parse(raw, stack) {
    rejectUnknown(raw, PROPERTIES);
    const names = destinationProperties(raw, stack);
    const destination = streamDestination(
      raw,
      'DestinationStreamArn',
      stack,
      ['firehose'],
      ' (SES event destinations write to Firehose delivery streams only)',
    );
    const kmsKeyArn = optionalKmsKeyArn(raw, 'KmsKeyArn', stack);
    const matchingEventTypes = eventTypes(raw);
    const wanted = (roleArn: string): SesFirehoseDestination => ({
      enabled: names.enabled,
      matchingEventTypes,
      deliveryStreamArn: destination.arn,
      roleArn,
    });
    return {
      role: roleProperties(raw),
      binding: destinationNames(names),
      trust: sesTrust(stack),
      permissions: streamWriterPolicy(destination, kmsKeyArn),
      data: destinationNames(names),
      target: destinationTarget(names, {
        service: 'SES',
        read: getSesEventDestination,
        create: {
          call: 'ses:CreateConfigurationSetEventDestination',
          send: (ctx, set, name, roleArn) => createSesEventDestination(ctx, set, name, wanted(roleArn)),
        },
        update: {
          call: 'ses:UpdateConfigurationSetEventDestination',
          send: (ctx, set, name, roleArn) => updateSesEventDestination(ctx, set, name, wanted(roleArn)),
        },
        remove: { call: 'ses:DeleteConfigurationSetEventDestination', send: deleteSesEventDestination },
        updatableInPlace: () => true, // SES replaces the whole definition, whatever its type was
        createsEnabled: false,
        isPropagationError: isSesPropagationError,
        explain: (error, p) =>
          isSesNotFound(error)
            ? new ValidationError(
                'ConfigurationSetName',
                `SES configuration set ${p.configurationSetName} does not exist in this account and Region`,
              )
            : error,
      }),
    };
  },
};
