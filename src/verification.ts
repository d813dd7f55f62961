/**
 * Is this event really CloudFormation's, and is CloudFormation waiting for it now? Anyone allowed
 * to invoke the function could forge or replay an event, so before anything changes the stack
 * resource is looked up in CloudFormation (this account and Region: the function's own clients).
 * An event is only real while its stack operation is under way: a forged or replayed event aimed
 * at an idle stack, or of another request type than the operation under way, changes nothing.
 */
import type { AwsContext } from './aws/call.js';
import { describeStackResource, stackStatus } from './aws/cloudformation.js';
import type { RequestType } from './protocol/types.js';

export interface EventIdentity {
  readonly requestType: RequestType;
  readonly stackId: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** The physical id a Delete (or Update) names; undefined for a Create. */
  readonly physicalId?: string;
}

export type Verdict = { readonly verified: true } | { readonly verified: false; readonly why: string };

/** The status the resource has while CloudFormation waits for each request type. */
const WAITING: Readonly<Record<RequestType, string>> = {
  Create: 'CREATE_IN_PROGRESS',
  Update: 'UPDATE_IN_PROGRESS',
  Delete: 'DELETE_IN_PROGRESS',
};

/** Each request type with its article, for reasons. */
const A: Readonly<Record<RequestType, string>> = { Create: 'a Create', Update: 'an Update', Delete: 'a Delete' };

const refused = (why: string): Verdict => ({ verified: false, why });

/** An operation under way: any status ending in `_IN_PROGRESS`. */
const underWay = (status: string) => status.endsWith('_IN_PROGRESS');
/** The stack removing resources it no longer needs: a replaced resource, or one a rollback abandons. */
const cleaningUp = (status: string) =>
  status.endsWith('_CLEANUP_IN_PROGRESS') || status.endsWith('ROLLBACK_IN_PROGRESS');

/**
 * Verified when CloudFormation describes the resource with the event's type and the status it
 * has while waiting for this request type (for a Delete of another physical id than the one it
 * describes, when the stack is cleaning up or rolling back); or, when it does not describe the
 * resource, when the stack has an operation under way (it may stop describing a resource it is
 * removing or has just failed to create). A plain Create makes one call. Other errors
 * (AccessDenied, network) are thrown: the caller answers FAILED naming them.
 */
export async function verifyEvent(ctx: AwsContext, event: EventIdentity): Promise<Verdict> {
  const { stackId, logicalId, requestType } = event;
  const lookup = await describeStackResource(ctx, stackId, logicalId);
  if (lookup.found === 'no-stack') return refused(`stack ${stackId} does not exist in this account and Region`);
  if (lookup.found === 'resource') {
    if (lookup.resourceType !== event.resourceType) {
      return refused(`stack resource ${logicalId} is a ${lookup.resourceType}, not a ${event.resourceType}`);
    }
    const replaced = requestType === 'Delete' && lookup.physicalId !== event.physicalId;
    if (!replaced) {
      return lookup.status === WAITING[requestType]
        ? { verified: true }
        : refused(
            `stack resource ${logicalId} is ${lookup.status}: CloudFormation is not waiting for ${A[requestType]}`,
          );
    }
  }
  const status = await stackStatus(ctx, stackId);
  if (status === undefined) return refused(`stack ${stackId} does not exist in this account and Region`);
  if (lookup.found === 'resource') {
    // A Delete of a physical id CloudFormation no longer describes: the old resource of a replacement.
    return cleaningUp(status)
      ? { verified: true }
      : refused(
          `stack ${stackId} (${status}) is not cleaning up or rolling back: no Delete of ${event.physicalId} is due`,
        );
  }
  return underWay(status)
    ? { verified: true }
    : refused(`stack ${stackId} has no resource ${logicalId} and no operation under way (${status})`);
}
