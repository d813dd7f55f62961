/** Dispatch on ResourceType (and, for event streams, on which of ApplicationId / ConfigurationSetName is given). */
import { UnsupportedRequestError, ValidationError } from '../errors.js';
import type { Parsed } from '../lifecycle.js';
import type { RawProperties } from '../properties.js';
import type { StackContext } from '../stack.js';
import type { ResourceKind } from './kind.js';
import { pinpointEventStream } from './pinpoint-event-stream.js';

export const EVENT_STREAM_TYPE = 'Custom::PinpointEventStream';
export const SUPPORTED_RESOURCE_TYPES: readonly string[] = [EVENT_STREAM_TYPE];

/** The kind of resource the event asks for. Throws when the type or shape is not supported. */
export function resolveKind(resourceType: unknown, raw: RawProperties): ResourceKind {
  if (resourceType === EVENT_STREAM_TYPE) {
    const hasApp = raw.ApplicationId !== undefined;
    const hasConfigSet = raw.ConfigurationSetName !== undefined;
    if (hasApp && !hasConfigSet) return pinpointEventStream as unknown as ResourceKind;
    throw new ValidationError('ApplicationId', `${EVENT_STREAM_TYPE} needs exactly one of ApplicationId or ConfigurationSetName`);
  }
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
