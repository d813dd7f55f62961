/**
 * What a check finds: violations (the service would refuse the request, or AWS would never
 * answer so) and notes (accepted, but worth knowing: an enum value only the SDK knows).
 * Each names the service, the operation, the member as a path (`Tags[0].Key`,
 * `EventDestination.MatchingEventTypes[2]`, `Attributes["k"]`; empty for the whole request
 * or answer) and the rule, and carries a one-line message saying all of it.
 */

export type ViolationRule =
  | 'required'
  | 'unknown-member'
  | 'type'
  | 'min-length'
  | 'max-length'
  | 'pattern'
  | 'enum'
  | 'min-items'
  | 'max-items'
  | 'min'
  | 'max'
  | 'union'
  | 'unknown-service'
  | 'unknown-operation'
  | 'malformed'
  | 'undeclared-error'
  | 'status';

export type NoteRule = 'sdk-newer-enum';

export interface ModelFinding<Rule extends string = ViolationRule | NoteRule> {
  /** botocore's service name: iam, cloudformation, pinpoint, sesv2, pinpoint-sms-voice-v2, ... */
  readonly service: string;
  readonly operation: string;
  /** Path of the member at fault, e.g. Tags[0].Key; empty for the request or answer as a whole. */
  readonly member: string;
  readonly rule: Rule;
  readonly detail: string;
  /** One line: service, operation, member, rule and detail. */
  readonly message: string;
}

export type ModelViolation = ModelFinding<ViolationRule>;
export type ModelNote = ModelFinding<NoteRule>;

export interface ModelFindings {
  readonly violations: readonly ModelViolation[];
  readonly notes: readonly ModelNote[];
}

function finding<Rule extends string>(
  service: string,
  operation: string,
  member: string,
  rule: Rule,
  detail: string,
): ModelFinding<Rule> {
  const where = member === '' ? '(whole message)' : member;
  const message = `${service || '?'} ${operation || '?'}: ${where} [${rule}] ${detail}`.replace(/\s*\n\s*/g, ' ');
  return { service, operation, member, rule, detail, message };
}

/** Collects the findings of one check. */
export class FindingSink implements ModelFindings {
  readonly violations: ModelViolation[] = [];
  readonly notes: ModelNote[] = [];

  constructor(
    readonly service: string,
    readonly operation: string,
  ) {}

  violation(member: string, rule: ViolationRule, detail: string): void {
    this.violations.push(finding(this.service, this.operation, member, rule, detail));
  }

  note(member: string, rule: NoteRule, detail: string): void {
    this.notes.push(finding(this.service, this.operation, member, rule, detail));
  }
}

/** The path of member `name` below `path` (the root's path is empty). */
export const memberPath = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);

/** A value for a detail line: JSON, cut at 80 characters; never a sensitive value. */
export function show(value: unknown, sensitive = false): string {
  if (sensitive) return '(sensitive value)';
  const text = value instanceof Uint8Array ? `<${value.length} bytes>` : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A request that cannot be read as a call of a modelled operation. */
export class ModelDecodeError extends Error {
  override name = 'ModelDecodeError';

  constructor(
    readonly rule: Extract<ViolationRule, 'unknown-service' | 'unknown-operation' | 'malformed'>,
    message: string,
    readonly service = '',
    readonly operation = '',
  ) {
    super(message);
  }
}
