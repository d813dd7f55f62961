/** The SES v2 event types a configuration-set event destination can match: the one list in the code. */
export const SES_EVENT_TYPES = [
  'SEND',
  'REJECT',
  'BOUNCE',
  'COMPLAINT',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'RENDERING_FAILURE',
  'DELIVERY_DELAY',
  'SUBSCRIPTION',
] as const;

export type SesEventType = (typeof SES_EVENT_TYPES)[number];

export function isSesEventType(value: string): value is SesEventType {
  return (SES_EVENT_TYPES as readonly string[]).includes(value);
}
