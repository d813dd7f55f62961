/**
 * The envelope of a CloudFormation custom-resource request: the identity fields the answer
 * echoes. An event CloudFormation could not have sent (one of them not a string, or longer than
 * CloudFormation's own limits) is refused before any work; what its answer echoes is cut to
 * those limits, so even that answer keeps the protocol (response.ts).
 */
import type { CloudFormationEvent } from './types.js';

/**
 * CloudFormation's limits on what it sends: a PhysicalResourceId is at most 1 KB (1,024
 * characters); a logical id at most 255 characters; a stack ARN (a name of at most 128
 * characters, a UUID, Region, account and partition) and a request id (a UUID) are far shorter
 * than the bounds here.
 */
export const ENVELOPE_LIMITS = {
  StackId: 512,
  RequestId: 256,
  LogicalResourceId: 255,
  PhysicalResourceId: 1024,
} as const;

export type EnvelopeField = keyof typeof ENVELOPE_LIMITS;

/** The identity an answer echoes, each a string within its limit. */
export type Echo = Readonly<Record<Exclude<EnvelopeField, 'PhysicalResourceId'>, string>> & {
  readonly PhysicalResourceId?: string;
};

export interface Envelope {
  /** The event, when CloudFormation could have sent it. */
  readonly event?: CloudFormationEvent;
  /** Why it could not, naming the field; undefined when it could. */
  readonly problem?: string;
  /** What the answer echoes, cut to the limits. */
  readonly echo: Echo;
}

/** Checks the identity fields of `input` (anything a caller may invoke the function with). */
export function readEnvelope(input: unknown): Envelope {
  const source =
    typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const problems: string[] = [];
  const field = (name: EnvelopeField, required: boolean): string | undefined => {
    const value = source[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string') {
      problems.push(`${name} is ${value === undefined ? 'missing' : `not a string (${typeOf(value)})`}`);
      return undefined;
    }
    if (value.length > ENVELOPE_LIMITS[name]) {
      problems.push(
        `${name} is ${value.length} characters long; CloudFormation sends at most ${ENVELOPE_LIMITS[name]}`,
      );
      return value.slice(0, ENVELOPE_LIMITS[name]);
    }
    return value;
  };
  const echo = {
    StackId: field('StackId', true) ?? '',
    RequestId: field('RequestId', true) ?? '',
    LogicalResourceId: field('LogicalResourceId', true) ?? '',
    PhysicalResourceId: field('PhysicalResourceId', false) || undefined,
  };
  if (problems.length > 0) return { problem: problems.join('; '), echo };
  return { event: source as unknown as CloudFormationEvent, echo };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
