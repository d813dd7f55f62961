/**
 * The CloudFormation protocol around one request: check the ResponseURL, let the request
 * run against a deadline, and send exactly one response; log the outcome with its metrics.
 * Never throws: a thrown or rejected handler would make Lambda retry the event and answer it twice.
 */
import type { ClientFactory } from './aws/clients.js';
import { type Deployment, readDeployment } from './config.js';
import { describe } from './errors.js';
import type { Report } from './lifecycle.js';
import { type LogContext, type Logger, requestLogContext, sanitizeEvent } from './log.js';
import { metricFields } from './metrics.js';
import { responseReserve, withDeadline } from './protocol/deadline.js';
import type { Transport } from './protocol/http.js';
import { acceptResponseUrl, responseBody, sendResponse } from './protocol/response.js';
import type { CloudFormationEvent, LambdaContext, Outcome } from './protocol/types.js';
import { failure, newReport, processRequest } from './request.js';
import { parseArn } from './stack.js';

export interface RuntimeOptions {
  /** A logger whose lines carry `context` (the request id and the event's identity). */
  readonly logger: (context: LogContext) => Logger;
  readonly clientsFor: (region: string) => ClientFactory;
  /** The function's environment: the deployment's settings (config.ts) and ALLOW_LOOPBACK_RESPONSE_URL. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly transport?: Transport;
}

/** Time left for the PUT after the Lambda's own deadline is subtracted. */
const SEND_MARGIN_MS = 250;

export async function handle(input: unknown, context: LambdaContext, options: RuntimeOptions): Promise<void> {
  let log = options.logger({});
  try {
    const startedAt = Date.now();
    log = options.logger(requestLogContext(input, context.awsRequestId));
    const remaining = Math.max(0, Number(context.getRemainingTimeInMillis()) || 0);
    const lambdaDeadline = startedAt + remaining;
    log.log('info', 'request received', { event: sanitizeEvent(input), remainingMs: remaining });
    const event = (typeof input === 'object' && input !== null ? input : {}) as CloudFormationEvent;
    const url = acceptResponseUrl(event.ResponseURL, options.env.ALLOW_LOOPBACK_RESPONSE_URL === 'true');
    if (!url) {
      log.log(
        'error',
        "ResponseURL is missing or not CloudFormation's response bucket: the event is refused and no response can be sent",
        {
          hint: 'local runs on loopback need ALLOW_LOOPBACK_RESPONSE_URL=true',
        },
      );
      return;
    }
    const report = newReport(event);
    const workDeadline = lambdaDeadline - responseReserve(remaining);
    const outcome = await withDeadline(
      (signal) => run(event, report, { log, options, context, signal, workDeadline }),
      workDeadline,
      () =>
        failure(
          event,
          report,
          `timed out after ${Math.round((workDeadline - startedAt) / 1000)} s, before the function's timeout; work stopped`,
        ),
    );
    const pointer = logPointer(context);
    log.log(outcome.status === 'SUCCESS' ? 'info' : 'error', 'outcome', {
      Reason: outcome.reason,
      AnsweredPhysicalResourceId: outcome.physicalResourceId,
      Data: outcome.data,
      durationMs: Date.now() - startedAt,
      propagationRetries: report.propagation?.retries,
      createdRole: report.createdRole,
      ...metricFields({
        functionName: options.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local',
        resourceType: event.ResourceType,
        status: outcome.status,
        propagationWaitMs: report.propagation?.waitedMs,
      }),
    });
    await sendResponse(url, responseBody(event, outcome, pointer), {
      deadline: lambdaDeadline - SEND_MARGIN_MS,
      log,
      transport: options.transport,
    });
  } catch (error) {
    log.log('error', 'unexpected failure in the protocol layer', { error: describe(error) });
  }
}

async function run(
  event: CloudFormationEvent,
  report: Report,
  {
    log,
    options,
    context,
    signal,
    workDeadline,
  }: { log: Logger; options: RuntimeOptions; context: LambdaContext; signal: AbortSignal; workDeadline: number },
): Promise<Outcome> {
  let deployment: Deployment;
  try {
    deployment = readDeployment(options.env);
  } catch (error) {
    return failure(event, report, `the function is misconfigured: ${describe(error)}`);
  }
  const home = { region: options.env.AWS_REGION, account: accountOf(context.invokedFunctionArn) };
  return processRequest(event, { home, clientsFor: options.clientsFor, log, deployment, signal, workDeadline }, report);
}

/** The account of the function's own ARN (undefined when the context does not name it). */
function accountOf(functionArn: string | undefined): string | undefined {
  return functionArn === undefined ? undefined : parseArn(functionArn)?.account || undefined;
}

/** The sentence a reason ends with: where to read the whole story (nothing when the context does not name the log stream). */
function logPointer(context: LambdaContext): string {
  if (!context.logStreamName) return '';
  return `See CloudWatch log stream ${[context.logGroupName, context.logStreamName].filter(Boolean).join(' ')}`;
}
