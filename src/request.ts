/**
 * The one owner of "request -> outcome": place the event (stack, account, Region), parse the
 * properties into a plan, hold it to the deployment's settings, verify the event with
 * CloudFormation before anything changes, run the lifecycle, and turn every failure into a
 * FAILED outcome whose reason names the property or AWS call at fault. Never throws.
 */
import type { ClientFactory } from './aws/clients.js';
import type { Deployment } from './config.js';
import { describe, RefusedEventError, ResourceError, UnsupportedRequestError, ValidationError } from './errors.js';
import { create, type Report, remove, update, type Work } from './lifecycle.js';
import type { Logger } from './log.js';
import type { Echo } from './protocol/event.js';
import type { CloudFormationEvent, Outcome, RequestType } from './protocol/types.js';
import { type ParsedPlan, planFor } from './resources/index.js';
import type { OptIn, Plan } from './resources/kind.js';
import { managedRole } from './roles.js';
import { type Home, outsideHome, type StackContext, stackContext } from './stack.js';
import { verifyEvent } from './verification.js';

export interface RequestContext {
  /** The function's own Region and account: a custom resource is only ever invoked from a stack there. */
  readonly home: Home;
  readonly clientsFor: (region: string) => ClientFactory;
  readonly log: Logger;
  /** The deployment's settings, or why the function's environment does not give valid ones. */
  readonly deployment: Deployment | ValidationError;
  readonly signal: AbortSignal;
  readonly workDeadline: number;
}

/** The report a request starts with: the physical id a Create answers with until it names its role. */
export function newReport(echo: Echo): Report {
  return { physicalResourceId: echo.PhysicalResourceId || placeholderId(echo.RequestId) };
}

/** What a Create answers before it knows its role, and what a refused event without a physical id answers. */
export function placeholderId(requestId: string): string {
  const id = requestId.replace(/[^\w-]/g, '').slice(0, 64);
  return `create-failed-${id || 'unknown-request'}`;
}

export async function processRequest(
  event: CloudFormationEvent,
  context: RequestContext,
  report: Report,
): Promise<Outcome> {
  try {
    return await dispatch(event, context, report);
  } catch (error) {
    if (context.signal.aborted) return failure(report, 'timed out'); // the deadline has answered already
    const reason = error instanceof ResourceError ? error.message : `internal error: ${describe(error)}`;
    context.log.log('error', 'request failed', {
      error: describe(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    return failure(report, reason);
  }
}

/** A FAILED outcome. Update and Delete keep their physical id; Create reports the role it was making. */
export function failure(report: Report, reason: string): Outcome {
  return { status: 'FAILED', physicalResourceId: report.physicalResourceId, reason };
}

/** The deployment settings a kind may need (off by default), and what a request that needs one is told. */
const OPT_INS: Readonly<
  Record<OptIn, { readonly on: (d: Deployment) => boolean; readonly refusal: () => ResourceError }>
> = {
  enableEmailSendingRole: {
    on: (d) => d.enableEmailSendingRole,
    refusal: () =>
      new UnsupportedRequestError(
        'the Pinpoint email sending role is not enabled in this deployment (deployment parameter ' +
          'EnableEmailSendingRole, ENABLE_EMAIL_SENDING_ROLE, is false); Pinpoint reached end of support on ' +
          "2026-10-30 and SES sends with the caller's own permissions",
      ),
  },
};

/**
 * Throws the refusal when the kind needs a setting the deployment does not enable. (Takeover is
 * held to AllowTakeover where it would happen: lifecycle.ts.)
 */
function requireOptIn(plan: Plan, deployment: Deployment): void {
  if (plan.optIn !== undefined && !OPT_INS[plan.optIn].on(deployment)) throw OPT_INS[plan.optIn].refusal();
}

async function dispatch(event: CloudFormationEvent, context: RequestContext, report: Report): Promise<Outcome> {
  const { RequestType: type } = event;
  if (type !== 'Create' && type !== 'Update' && type !== 'Delete') {
    throw new UnsupportedRequestError(`RequestType ${String(type).slice(0, 64)} is not Create, Update or Delete`);
  }
  const { deployment } = context;
  if (deployment instanceof ValidationError)
    throw new ResourceError(`the function is misconfigured: ${deployment.message}`);
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
    if (type === 'Delete') return untouched(context, report, 'not from a stack of this account and Region', elsewhere);
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
    deployment,
    report,
  };
  const verify = () => verifyEvent(work.ctx, identity(event, type, stack));
  const plan = (raw: unknown) => planFor(event.ResourceType, raw, stack);

  if (type === 'Delete') {
    // Whatever the properties say (even nothing valid), a Delete only touches a role of this deployment.
    const role = managedRole(work, event.PhysicalResourceId);
    if (!role) {
      context.log.log('info', 'nothing to delete: the physical id is not a role under the managed path', {});
      return { status: 'SUCCESS', physicalResourceId: report.physicalResourceId };
    }
    const verdict = await verify();
    if (!verdict.verified) return untouched(context, report, 'not from a stack operation waiting for it', verdict.why);
    await remove(work, logged(context.log, await orUndefined(plan(event.ResourceProperties))), role);
    return { status: 'SUCCESS', physicalResourceId: role.arn };
  }

  const wanted = logged(context.log, await plan(event.ResourceProperties));
  requireOptIn(wanted, deployment);
  const physicalId = type === 'Update' ? requirePhysicalId(event) : undefined;
  const previous = type === 'Update' ? await orUndefined(plan(event.OldResourceProperties)) : undefined;
  const verdict = await verify();
  if (!verdict.verified) throw new RefusedEventError(`event refused, nothing was changed: ${verdict.why}`);
  const result =
    physicalId === undefined ? await create(work, wanted) : await update(work, wanted, previous, physicalId);
  return { status: 'SUCCESS', ...result };
}

/** A Delete refused: success, having touched nothing, with a warning saying why. */
function untouched(context: RequestContext, report: Report, what: string, why: string): Outcome {
  context.log.log('warn', `event refused: ${what}; nothing is touched`, { why });
  return { status: 'SUCCESS', physicalResourceId: report.physicalResourceId };
}

/** Logs the values of the properties the plan accepted (never an unknown property's value). */
function logged<P extends ParsedPlan | undefined>(log: Logger, plan: P): P {
  if (plan) log.log('info', 'properties accepted', { properties: plan.accepted });
  return plan;
}

function identity(event: CloudFormationEvent, requestType: RequestType, stack: StackContext) {
  return {
    requestType,
    stackId: stack.stackId,
    logicalId: stack.logicalId,
    resourceType: String(event.ResourceType),
    physicalId: typeof event.PhysicalResourceId === 'string' ? event.PhysicalResourceId : undefined,
  };
}

/** The plan, or undefined when the properties do not parse (old properties of an Update, anything of a Delete). */
async function orUndefined(parsing: Promise<ParsedPlan>): Promise<ParsedPlan | undefined> {
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
