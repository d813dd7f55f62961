/** Dispatch on ResourceType (and, for event streams, on which of ApplicationId / ConfigurationSetName is given). */
import { UnsupportedRequestError, ValidationError } from '../errors.js';
import type { Parsed } from '../lifecycle.js';
import type { RawProperties, RoleProperties } from '../properties.js';
import type { StackContext } from '../stack.js';
import type { ResourceKind } from './kind.js';
import { emailSendingRole } from './email-sending-role.js';
import { pinpointEventStream } from './pinpoint-event-stream.js';
import { sesEventDestination } from './ses-event-destination.js';

export const EVENT_STREAM_TYPE = 'Custom::PinpointEventStream';
export const EMAIL_SENDING_ROLE_TYPE = 'Custom::PinpointEmailSendingRole';
export const SUPPORTED_RESOURCE_TYPES: readonly string[] = [EVENT_STREAM_TYPE, EMAIL_SENDING_ROLE_TYPE];

// Each kind is typed by its own properties; the lifecycle sees them through the common interface.
const erase = <P extends RoleProperties>(kind: ResourceKind<P>) => kind as unknown as ResourceKind;

/** The kind of resource the event asks for. Throws when the type or shape is not supported. */
export function resolveKind(resourceType: unknown, raw: RawProperties): ResourceKind {
  if (resourceType === EVENT_STREAM_TYPE) {
    const hasApp = raw.ApplicationId !== undefined;
    const hasConfigSet = raw.ConfigurationSetName !== undefined;
    if (hasApp && !hasConfigSet) return erase(pinpointEventStream);
    if (hasConfigSet && !hasApp) return erase(sesEventDestination);
    throw new ValidationError(
      hasApp ? 'ApplicationId, ConfigurationSetName' : 'ApplicationId',
      `${EVENT_STREAM_TYPE} needs exactly one of ApplicationId (Pinpoint event stream) or ConfigurationSetName (SES event destination)`,
    );
  }
  if (resourceType === EMAIL_SENDING_ROLE_TYPE) return erase(emailSendingRole);
  throw new UnsupportedRequestError(
    `ResourceType ${typeof resourceType === 'string' ? resourceType : String(resourceType)} is not supported; supported: ${SUPPORTED_RESOURCE_TYPES.join(', ')}`,
  );
}

export function parseResource(resourceType: unknown, raw: unknown, stack: StackContext): Parsed {
  const properties = asProperties(raw);
  const kind = resolveKind(resourceType, properties);
  return { kind, props: kind.parse(properties, stack) };
}

function asProperties(raw: unknown): RawProperties {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError('ResourceProperties', 'must be an object');
  return raw as RawProperties;
}
