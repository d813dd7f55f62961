/**
 * Is this event really CloudFormation's? Anyone allowed to invoke the function could forge
 * StackId / LogicalResourceId, so before anything changes the stack resource is looked up in
 * CloudFormation (this account and Region: the function's own clients).
 */
import type { AwsContext } from './aws/call.js';
import { describeStackResource, stackStatus } from './aws/cloudformation.js';

export interface EventIdentity {
  readonly stackId: string;
  readonly logicalId: string;
  readonly resourceType: string;
}

export type Verdict = { readonly verified: true } | { readonly verified: false; readonly why: string };

const IN_PROGRESS = /_IN_PROGRESS$/;

/**
 * Verified when CloudFormation describes the resource with the event's type; or, when it no
 * longer (or not yet) describes it, when the stack has an operation under way, because a real
 * event only ever arrives during one. Refused otherwise. Physical ids are not compared: during
 * an update's cleanup CloudFormation deletes the old one while the stack shows the new one.
 * Other errors (AccessDenied, network) are thrown: the caller answers FAILED naming them.
 */
export async function verifyEvent(ctx: AwsContext, event: EventIdentity): Promise<Verdict> {
  const lookup = await describeStackResource(ctx, event.stackId, event.logicalId);
  // A deleted stack's resources are still described (DELETE_COMPLETE): an event replayed from it must not pass.
  if (lookup.found === 'resource' && lookup.status !== 'DELETE_COMPLETE') {
    return lookup.resourceType === event.resourceType
      ? { verified: true }
      : {
          verified: false,
          why: `stack resource ${event.logicalId} is a ${lookup.resourceType}, not a ${event.resourceType}`,
        };
  }
  if (lookup.found === 'no-stack')
    return { verified: false, why: `stack ${event.stackId} does not exist in this account and Region` };
  const status = await stackStatus(ctx, event.stackId);
  if (status === undefined)
    return { verified: false, why: `stack ${event.stackId} does not exist in this account and Region` };
  return IN_PROGRESS.test(status)
    ? { verified: true }
    : {
        verified: false,
        why: `stack ${event.stackId} has no resource ${event.logicalId} and no operation under way (${status})`,
      };
}
