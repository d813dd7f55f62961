/**
 * The one owner of "request -> outcome": place the event (stack, account, Region), parse
 * the properties into a plan, verify the event with CloudFormation before anything changes,
 * run the lifecycle, and turn every failure into a FAILED outcome whose reason names the
 * property or AWS call at fault. Never throws.
 */
import type { ClientFactory } from './aws/clients.js';
import type { Deployment } from './config.js';
import { describe, RefusedEventError, ResourceError, UnsupportedRequestError } from './errors.js';
import { create, managedRole, type Report, remove, update, type Work } from './lifecycle.js';
import type { Logger } from './log.js';
import type { CloudFormationEvent, Outcome } from './protocol/types.js';
import { planFor } from './resources/index.js';
import type { Plan } from './resources/kind.js';
import { type Home, outsideHome, type StackContext, stackContext } from './stack.js';
import { verifyEvent } from './verification.js';

export interface RequestContext {
  /** The function's own Region and account: a custom resource is only ever invoked from a stack there. */
  readonly home: Home;
  readonly clientsFor: (region: string) => ClientFactory;
  readonly log: Logger;
  readonly deployment: Deployment;
  readonly signal: AbortSignal;
  readonly workDeadline: number;
}

/** The report a request starts with: the physical id a Create answers with until it names its role. */
export function newReport(event: CloudFormationEvent): Report {
  return { physicalResourceId: event.PhysicalResourceId || placeholderId(event) };
}

export async function processRequest(
  event: CloudFormationEvent,
  context: RequestContext,
  report: Report,
): Promise<Outcome> {
  try {
    return await dispatch(event, context, report);
  } catch (error) {
    if (context.signal.aborted) return failure(event, report, 'timed out'); // the deadline has answered already
    const reason = error instanceof ResourceError ? error.message : `internal error: ${describe(error)}`;
    context.log.log('error', 'request failed', {
      error: describe(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    return failure(event, report, reason);
  }
}

/** A FAILED outcome. Update and Delete keep their physical id; Create reports the role it was making. */
export function failure(event: CloudFormationEvent, report: Report, reason: string): Outcome {
  return { status: 'FAILED', physicalResourceId: event.PhysicalResourceId || report.physicalResourceId, reason };
}

async function dispatch(event: CloudFormationEvent, context: RequestContext, report: Report): Promise<Outcome> {
  const { RequestType: type } = event;
  if (type !== 'Create' && type !== 'Update' && type !== 'Delete') {
    throw new UnsupportedRequestError(`RequestType ${String(type)} is not Create, Update or Delete`);
  }
  let stack: StackContext;
  try {
    stack = stackContext(event.StackId, event.LogicalResourceId);
  } catch (error) {
    // Nothing can be ours in an event we cannot place; a Delete of it must not hold up the stack.
    if (type === 'Delete') return { status: 'SUCCESS', physicalResourceId: report.physicalResourceId };
    throw error;
  }
  const elsewhere = outsideHome(stack, context.home);
  if (elsewhere !== undefined) {
    // CloudFormation invokes a custom resource only from a stack of the function's own Region and account.
    if (type === 'Delete') {
      context.log.log('warn', 'event refused: not from a stack of this account and Region; nothing is touched', {
        why: elsewhere,
      });
      return { status: 'SUCCESS', physicalResourceId: report.physicalResourceId };
    }
    throw new RefusedEventError(`event refused, nothing was changed: ${elsewhere}`);
  }
  const work: Work = {
    ctx: {
      clients: context.clientsFor(stack.region),
      signal: context.signal,
      log: context.log,
      workDeadline: context.workDeadline,
    },
    stack,
    deployment: context.deployment,
    report,
  };
  const plan = (raw: unknown) => planFor(event.ResourceType, raw, stack);

  if (type === 'Delete') {
    // Whatever the properties say (even nothing valid), a Delete only touches a role of this deployment.
    const role = managedRole(work, event.PhysicalResourceId);
    if (!role) {
      context.log.log('info', 'nothing to delete: the physical id is not a role under the managed path', {});
      return { status: 'SUCCESS', physicalResourceId: report.physicalResourceId };
    }
    const verdict = await verifyEvent(work.ctx, identity(event, stack));
    if (!verdict.verified) {
      context.log.log(
        'warn',
        'event refused: not from a stack operation of this account and Region; nothing is touched',
        { why: verdict.why },
      );
      return { status: 'SUCCESS', physicalResourceId: role.arn };
    }
    await remove(work, await orUndefined(plan(event.ResourceProperties)), role);
    return { status: 'SUCCESS', physicalResourceId: role.arn };
  }

  const wanted = await plan(event.ResourceProperties);
  const physicalId = type === 'Update' ? requirePhysicalId(event) : undefined;
  const previous = type === 'Update' ? await orUndefined(plan(event.OldResourceProperties)) : undefined;
  const verdict = await verifyEvent(work.ctx, identity(event, stack));
  if (!verdict.verified) throw new RefusedEventError(`event refused, nothing was changed: ${verdict.why}`);
  const result =
    physicalId === undefined ? await create(work, wanted) : await update(work, wanted, previous, physicalId);
  return { status: 'SUCCESS', ...result };
}

function identity(event: CloudFormationEvent, stack: StackContext) {
  return { stackId: stack.stackId, logicalId: stack.logicalId, resourceType: String(event.ResourceType) };
}

/** The plan, or undefined when the properties do not parse (old properties of an Update, anything of a Delete). */
async function orUndefined(parsing: Promise<Plan>): Promise<Plan | undefined> {
  try {
    return await parsing;
  } catch (error) {
    if (error instanceof ResourceError) return undefined;
    throw new Error(describe(error));
  }
}

function requirePhysicalId(event: CloudFormationEvent): string {
  if (typeof event.PhysicalResourceId !== 'string' || event.PhysicalResourceId === '') {
    throw new UnsupportedRequestError(`${event.RequestType} request without PhysicalResourceId`);
  }
  return event.PhysicalResourceId;
}

function placeholderId(event: CloudFormationEvent): string {
  const id = typeof event.RequestId === 'string' ? event.RequestId.replace(/[^\w-]/g, '').slice(0, 64) : '';
  return `create-failed-${id || 'unknown-request'}`;
}
