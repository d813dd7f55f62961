/**
 * Every failure the resource reports is one of these classes. Their messages are
 * written for the template author: they name the property or AWS call at fault.
 */
export class ResourceError extends Error {
  override readonly name: string = 'ResourceError';
}

/** A property in the template is missing, malformed or not allowed. */
export class ValidationError extends ResourceError {
  override readonly name = 'ValidationError';
  constructor(
    readonly property: string,
    problem: string,
  ) {
    super(`${property}: ${problem}`);
  }
}

/** The event itself (not a property) cannot be handled, e.g. an unsupported ResourceType. */
export class UnsupportedRequestError extends ResourceError {
  override readonly name = 'UnsupportedRequestError';
}

/** Something already exists that this resource does not own and will not take over. */
export class OwnershipError extends ResourceError {
  override readonly name = 'OwnershipError';
}

/** An AWS call failed with an error that is not retried (or retries ran out). */
export class AwsCallError extends ResourceError {
  override readonly name = 'AwsCallError';
  constructor(
    readonly call: string,
    cause: unknown,
  ) {
    super(`${call} failed: ${describe(cause)}`, { cause });
  }
}

/** A call to a retired service failed: its reason says what to use instead. */
export class EndOfSupportError extends ResourceError {
  override readonly name = 'EndOfSupportError';
  constructor(cause: AwsCallError, advice: string) {
    super(`${cause.message}. ${advice}`, { cause });
  }
}

/** The event did not come from a stack operation of this account and Region (see verification.ts). */
export class RefusedEventError extends ResourceError {
  override readonly name = 'RefusedEventError';
}

/** The work did not finish before the time reserved for answering CloudFormation. */
export class DeadlineError extends ResourceError {
  override readonly name = 'DeadlineError';
}

/** `name: message` of anything thrown, for reasons and logs. */
export function describe(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name;
  return String(error);
}

/** The AWS error code of an SDK exception (its `name`), or undefined for anything else. */
export function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
