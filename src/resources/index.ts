/**
 * The registry: which kind an event asks for (its ResourceType and, for the older
 * `Custom::PinpointEventStream`, which of ApplicationId / ConfigurationSetName is given). Each
 * kind is loaded on demand, so a request loads only its own kind and the SDK client that kind
 * calls (esbuild splits them into chunks). Adding a kind: one row in KINDS and one in kindOf.
 */
import { UnsupportedRequestError, ValidationError } from '../errors.js';
import { RESOURCE_TYPES, SUPPORTED_RESOURCE_TYPES } from '../names.js';
import type { RawProperties } from '../properties.js';
import type { StackContext } from '../stack.js';
import type { Plan, ResourceKind } from './kind.js';

/** The kinds, each behind a dynamic import: one row per kind. */
export const KINDS = {
  pinpointEventStream: () => import('./pinpoint-event-stream.js').then((m) => m.pinpointEventStream),
  sesEventDestination: () => import('./ses-event-destination.js').then((m) => m.sesEventDestination),
  smsVoiceEventDestination: () => import('./sms-voice-event-destination.js').then((m) => m.smsVoiceEventDestination),
  emailSendingRole: () => import('./email-sending-role.js').then((m) => m.emailSendingRole),
} as const satisfies Record<string, () => Promise<ResourceKind>>;

export type KindName = keyof typeof KINDS;

/** Which kind the event asks for. Throws when the type or the shape is not supported. */
export function kindOf(resourceType: unknown, raw: RawProperties): KindName {
  switch (resourceType) {
    case RESOURCE_TYPES.smsVoiceEventDestination:
      return 'smsVoiceEventDestination';
    case RESOURCE_TYPES.sesEventDestination:
      return 'sesEventDestination';
    case RESOURCE_TYPES.emailSendingRole:
      return 'emailSendingRole';
    case RESOURCE_TYPES.pinpointEventStream:
      return eventStreamKind(raw);
    default:
      throw new UnsupportedRequestError(
        `ResourceType ${String(resourceType).slice(0, 256)} is not supported; ` +
          `supported: ${SUPPORTED_RESOURCE_TYPES.join(', ')}`,
      );
  }
}

/** `Custom::PinpointEventStream`: a Pinpoint event stream, or (the older spelling) an SES event destination. */
function eventStreamKind(raw: RawProperties): KindName {
  const hasApp = raw.ApplicationId !== undefined;
  const hasConfigSet = raw.ConfigurationSetName !== undefined;
  if (hasApp && !hasConfigSet) return 'pinpointEventStream';
  if (hasConfigSet && !hasApp) return 'sesEventDestination';
  throw new ValidationError(
    hasApp ? 'ApplicationId, ConfigurationSetName' : 'ApplicationId',
    `${RESOURCE_TYPES.pinpointEventStream} needs exactly one of ApplicationId (Pinpoint event stream) or ` +
      `ConfigurationSetName (SES event destination; ${RESOURCE_TYPES.sesEventDestination} is its own type)`,
  );
}

/** A plan, and the properties it was parsed from as they may be logged (accepted names only). */
export interface ParsedPlan extends Plan {
  readonly accepted: Readonly<Record<string, unknown>>;
}

/** Parses the event's properties into the plan of the kind it asks for. */
export async function planFor(resourceType: unknown, raw: unknown, stack: StackContext): Promise<ParsedPlan> {
  const properties = asProperties(raw);
  const kind = await KINDS[kindOf(resourceType, properties)]();
  const plan = kind.parse(properties, stack);
  const accepted = Object.fromEntries(
    kind.properties.filter((name) => Object.hasOwn(properties, name)).map((name) => [name, properties[name]]),
  );
  return { ...plan, accepted };
}

function asProperties(raw: unknown): RawProperties {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationError('ResourceProperties', 'must be an object');
  }
  return raw as RawProperties;
}
