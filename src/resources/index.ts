/**
 * The registry: which kind an event asks for (ResourceType, and for event streams which of
 * ApplicationId / ConfigurationSetName is given). Each kind is loaded on demand, so a request
 * loads only its own kind and the SDK client that kind calls (esbuild splits them into chunks).
 */
import { UnsupportedRequestError, ValidationError } from '../errors.js';
import type { RawProperties } from '../properties.js';
import type { StackContext } from '../stack.js';
import type { Plan, ResourceKind } from './kind.js';

export const EVENT_STREAM_TYPE = 'Custom::PinpointEventStream';
export const EMAIL_SENDING_ROLE_TYPE = 'Custom::PinpointEmailSendingRole';
export const SMS_VOICE_TYPE = 'Custom::SmsVoiceEventDestination';
export const SUPPORTED_RESOURCE_TYPES: readonly string[] = [EVENT_STREAM_TYPE, SMS_VOICE_TYPE, EMAIL_SENDING_ROLE_TYPE];

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
  if (resourceType === EVENT_STREAM_TYPE) {
    const hasApp = raw.ApplicationId !== undefined;
    const hasConfigSet = raw.ConfigurationSetName !== undefined;
    if (hasApp && !hasConfigSet) return 'pinpointEventStream';
    if (hasConfigSet && !hasApp) return 'sesEventDestination';
    throw new ValidationError(
      hasApp ? 'ApplicationId, ConfigurationSetName' : 'ApplicationId',
      `${EVENT_STREAM_TYPE} needs exactly one of ApplicationId (Pinpoint event stream) or ConfigurationSetName (SES event destination)`,
    );
  }
  if (resourceType === SMS_VOICE_TYPE) return 'smsVoiceEventDestination';
  if (resourceType === EMAIL_SENDING_ROLE_TYPE) return 'emailSendingRole';
  throw new UnsupportedRequestError(
    `ResourceType ${typeof resourceType === 'string' ? resourceType : String(resourceType)} is not supported; supported: ${SUPPORTED_RESOURCE_TYPES.join(', ')}`,
  );
}

/** Parses the event's properties into the plan of the kind it asks for. */
export async function planFor(resourceType: unknown, raw: unknown, stack: StackContext): Promise<Plan> {
  const properties = asProperties(raw);
  const kind = await KINDS[kindOf(resourceType, properties)]();
  return kind.parse(properties, stack);
}

function asProperties(raw: unknown): RawProperties {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ValidationError('ResourceProperties', 'must be an object');
  return raw as RawProperties;
}
