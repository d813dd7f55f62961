/**
 * The CloudFormation protocol around one request: check the ResponseURL, do the
 * work against a deadline, and send exactly one response. Never throws: a thrown
 * or rejected handler would make Lambda retry the event and answer it twice.
 */
import type { Clients } from './aws/clients.js';
import { describe, ResourceError } from './errors.js';
import type { Progress } from './lifecycle.js';
import { sanitizeEvent, type Logger } from './log.js';
import { responseReserve, withDeadline } from './protocol/deadline.js';
import type { Transport } from './protocol/http.js';
import { acceptResponseUrl, responseBody, sendResponse } from './protocol/response.js';
import type { CloudFormationEvent, LambdaContext, Outcome } from './protocol/types.js';
import { processRequest } from './request.js';
import { stackContext } from './stack.js';

export interface RuntimeOptions {
  readonly log: Logger;
  readonly clientsFor: (region: string) => Clients;
  /** Accept http(s) ResponseURLs on loopback (local runs and tests only). */
  readonly allowLoopbackResponseUrl: boolean;
  readonly transport?: Transport;
}

/** Time left for the PUT after the Lambda's own deadline is subtracted. */
const SEND_MARGIN_MS = 250;

export async function handle(input: unknown, context: LambdaContext, options: RuntimeOptions): Promise<void> {
  const { log } = options;
  try {
    const startedAt = Date.now();
    const remaining = Math.max(0, Number(context.getRemainingTimeInMillis()) || 0);
    const lambdaDeadline = startedAt + remaining;
    log.log('info', 'request received', { event: sanitizeEvent(input), remainingMs: remaining });
    const event = (typeof input === 'object' && input !== null ? input : {}) as CloudFormationEvent;
    const url = acceptResponseUrl(event.ResponseURL, options.allowLoopbackResponseUrl);
    if (!url) {
      log.log('error', 'ResponseURL is missing or not an https URL on an AWS host: no response can be sent', {
        hint: 'local runs on loopback need ALLOW_LOOPBACK_RESPONSE_URL=true',
      });
      return;
    }
    const workDeadline = lambdaDeadline - responseReserve(remaining);
    const progress: Progress = { physicalResourceId: event.PhysicalResourceId || placeholderId(event) };
    const outcome = await withDeadline(
      (signal) => run(event, progress, { ...options, signal, workDeadline }),
      workDeadline,
      () => failure(event, progress, `timed out after ${Math.round((workDeadline - startedAt) / 1000)} s, before the function's timeout; work stopped`),
    );
    const answer = { ...outcome, reason: outcome.reason && withLogPointer(outcome.reason, context) };
    log.log(outcome.status === 'SUCCESS' ? 'info' : 'error', 'outcome', { ...answer, data: outcome.data });
    await sendResponse(url, responseBody(event, answer), { deadline: lambdaDeadline - SEND_MARGIN_MS, log, transport: options.transport });
  } catch (error) {
    log.log('error', 'unexpected failure in the protocol layer', { error: describe(error) });
  }
}

async function run(event: CloudFormationEvent, progress: Progress, options: RuntimeOptions & { signal: AbortSignal; workDeadline: number }): Promise<Outcome> {
  try {
    let stack;
    try {
      stack = stackContext(event.StackId, event.LogicalResourceId);
    } catch (error) {
      // Nothing can be ours in an event we cannot place; a Delete of it must not hold up the stack.
      if (event.RequestType === 'Delete') return { status: 'SUCCESS', physicalResourceId: progress.physicalResourceId };
      throw error;
    }
    const ctx = { clients: options.clientsFor(stack.region), signal: options.signal, log: options.log, workDeadline: options.workDeadline };
    return await processRequest(event, { ctx, stack, progress });
  } catch (error) {
    if (options.signal.aborted) return failure(event, progress, 'timed out'); // the deadline has answered already
    const reason = error instanceof ResourceError ? error.message : `internal error: ${describe(error)}`;
    options.log.log('error', 'request failed', { error: describe(error), stack: error instanceof Error ? error.stack : undefined });
    return failure(event, progress, reason);
  }
}

/** A FAILED outcome. Update and Delete keep their physical id; Create reports the role it was making. */
function failure(event: CloudFormationEvent, progress: Progress, reason: string): Outcome {
  return { status: 'FAILED', physicalResourceId: event.PhysicalResourceId || progress.physicalResourceId, reason };
}

function placeholderId(event: CloudFormationEvent): string {
  const id = typeof event.RequestId === 'string' ? event.RequestId.replace(/[^\w-]/g, '').slice(0, 64) : '';
  return `create-failed-${id || 'unknown-request'}`;
}

function withLogPointer(reason: string, context: LambdaContext): string {
  if (!context.logStreamName) return reason;
  const where = [context.logGroupName, context.logStreamName].filter(Boolean).join(' ');
  return `${reason}. See CloudWatch log stream ${where}`;
}
